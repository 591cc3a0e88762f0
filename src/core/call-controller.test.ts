// Unit tests of the CallController on the in-memory provider (no network, no server; the
// tests that call through a real SIP server are in test/e2e/controller-sip.test.ts):
// registration, dial checks, several calls (hold others, call waiting, max-calls), merge,
// being transferred (REFER, Replaces), settings that wait for a restart, auto-answer, tones,
// the debug log, and that every captured track is stopped.
import { expect } from '@open-wc/testing';
import { CallError } from '../base/errors.js';
import { CallController } from './call-controller.js';
import type { Call } from './call.js';
import { freshProfile } from '../../test/fakes/media-devices.js';
import { memoryProvider } from '../../test/fakes/memory-provider.js';
import type { MemoryNetwork, MemoryRefer } from '../../test/fakes/memory-provider.js';
import {
  answeredCall,
  connectedCall,
  details,
  disposeControllers,
  lifeCycle,
  recordEvents,
  settle,
  startedController,
  until,
} from '../../test/fakes/memory-harness.js';

/** The CallError `run` rejects (or throws) with. */
async function failure(run: () => unknown): Promise<CallError> {
  try {
    await run();
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return error as CallError;
  }
  throw new Error('it did not fail');
}

/** The incoming call the controller made of the invitation delivered last. */
function incomingCall(controller: CallController, net: MemoryNetwork): Call {
  const call = controller.calls.find((c) => c.hasSession(net.last));
  if (!call) throw new Error('no call for the last session');
  return call;
}

describe('CallController (memory provider)', () => {
  let net: MemoryNetwork;
  beforeEach(() => {
    net = memoryProvider();
  });
  afterEach(disposeControllers);

  describe('registration', () => {
    it('start: connecting then registered, call-registered with the user; a lost registration comes back', async () => {
      const controller = new CallController({ provider: 'memory', user: 'alice', quality: false });
      const seen = recordEvents(controller);
      try {
        await controller.start();
        expect(controller.registrationState).to.equal('registered');
        expect(controller.registered).to.equal(true);
        expect(net.provider.started).to.equal(true);
        const lost = new CallError('network/disconnected', 'lost');
        net.provider.report('reconnecting', lost);
        expect(controller.registrationState).to.equal('reconnecting');
        expect(controller.lastError).to.equal(lost);
        net.provider.report('registered');
        expect(controller.lastError).to.equal(undefined);
        expect(details(seen, 'call-registration-change').map((d) => d.state)).to.deep.equal(['connecting', 'registered', 'reconnecting', 'registered']);
        expect(seen.filter((e) => e.type === 'call-registered' || e.type === 'call-unregistered').map((e) => [e.type, (e.detail as { user: string }).user])).to.deep.equal([
          ['call-registered', 'alice'],
          ['call-unregistered', 'alice'],
          ['call-registered', 'alice'],
        ]);
        expect(details(seen, 'call-error').map((d) => d.error)).to.deep.equal([lost]);
      } finally {
        await controller.dispose();
      }
    });

    it('a dial right after start waits for the connection, then goes out', async () => {
      net.options.startState = null;
      const controller = await startedController(net);
      expect(controller.registrationState).to.equal('connecting');
      let placed: Call | undefined;
      const dialling = controller.dial('bob').then((call) => (placed = call));
      await settle();
      expect(placed).to.equal(undefined);
      expect(net.dials).to.have.length(0);
      net.provider.report('registered');
      await dialling;
      expect(net.dials.map((d) => d.target)).to.deep.equal(['bob']);
    });

    it('a config the provider refuses fails the start with its code; a dial then is call/invalid-state', async () => {
      net.options.factoryThrows = new CallError('config/invalid-server', 'no such server');
      const controller = new CallController({ provider: 'memory', quality: false });
      try {
        expect((await failure(() => controller.start())).code).to.equal('config/invalid-server');
        expect(controller.registrationState).to.equal('failed');
        expect(controller.lastError!.code).to.equal('config/invalid-server');
        expect((await failure(() => controller.dial('bob'))).code).to.equal('call/invalid-state');
      } finally {
        await controller.dispose();
      }
    });

    it('stop hangs up the calls, stops the provider and goes idle', async () => {
      const controller = await startedController(net);
      const [call] = await connectedCall(controller, net);
      await controller.stop();
      expect(call.summary).to.include({ reason: 'local-hangup', endedBy: 'local' });
      expect(net.provider.stopped).to.equal(true);
      expect(controller.registrationState).to.equal('idle');
      expect(controller.calls).to.have.length(0);
    });
  });

  describe('dial checks', () => {
    it('a group dial the provider refuses (checkDial) is call/unsupported before any capture', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const profile = freshProfile();
      try {
        expect((await failure(() => controller.dial(['bob', 'carol']))).code).to.equal('call/unsupported');
        expect((await failure(() => controller.groupCall(['bob'], { groupId: 'team' }))).code).to.equal('call/unsupported');
        expect(profile.calls, 'no getUserMedia call').to.have.length(0);
      } finally {
        profile.restore();
      }
      expect(net.checks).to.deep.equal([
        { targets: ['bob', 'carol'], groupId: '' },
        { targets: ['bob'], groupId: 'team' },
      ]);
      expect(net.dials).to.have.length(0);
      expect(details(seen, 'call-outgoing')).to.have.length(0);
      expect(details(seen, 'call-error').map((d) => d.error.code)).to.deep.equal(['call/unsupported', 'call/unsupported']);
    });

    it('a provider with group calls gets every callee and the group id', async () => {
      net.options.groupCalls = true;
      const controller = await startedController(net);
      const call = await controller.groupCall(['bob', 'carol', 'bob'], { groupId: 'team' });
      expect(net.dials[0]).to.include({ target: 'bob', groupId: 'team' });
      expect(net.dials[0].targets).to.deep.equal(['bob', 'carol']);
      expect(call.remote.user).to.equal('bob');
    });

    it('checkDial throwing a plain Error is provider/failed, still before any capture', async () => {
      net.options.checkDialThrows = new TypeError('undefined is not a function');
      const controller = await startedController(net);
      const profile = freshProfile();
      try {
        const error = await failure(() => controller.dial('bob'));
        expect(error.code).to.equal('provider/failed');
        expect(error.message).to.contain('undefined is not a function');
        expect(profile.calls).to.have.length(0);
      } finally {
        profile.restore();
      }
    });

    it('beyond maxCalls a dial is call/invalid-state and nothing is captured', async () => {
      const controller = await startedController(net, { maxCalls: 1 });
      await connectedCall(controller, net);
      const profile = freshProfile();
      try {
        expect((await failure(() => controller.dial('carol'))).code).to.equal('call/invalid-state');
        expect(profile.calls).to.have.length(0);
      } finally {
        profile.restore();
      }
      expect(controller.calls).to.have.length(1);
    });
  });

  describe('several calls', () => {
    it('dialling a second call holds the first; when the second fails before connecting the first is resumed', async () => {
      const controller = await startedController(net);
      const [first, firstSession] = await connectedCall(controller, net, 'bob');
      const second = await controller.dial('carol');
      expect(first.state).to.equal('held');
      expect(firstSession.log).to.deep.equal(['hold']);
      net.last.ring().end('busy', 'remote', { statusCode: 486 });
      expect(second.summary!.reason).to.equal('busy');
      await until(() => first.state === 'connected', 'the first call resumed');
      expect(firstSession.log).to.deep.equal(['hold', 'unhold']);
    });

    it('a second call whose capture fails resumes the first, which was held for it', async () => {
      const controller = await startedController(net);
      const [first, firstSession] = await connectedCall(controller, net, 'bob');
      const profile = freshProfile({ reject: () => new DOMException('gone', 'NotFoundError') });
      try {
        expect((await failure(() => controller.dial('carol'))).code).to.equal('media/not-found');
      } finally {
        profile.restore();
      }
      await until(() => first.state === 'connected', 'the first call resumed');
      expect(firstSession.log).to.deep.equal(['hold', 'unhold']);
      expect(net.dials.map((d) => d.target)).to.deep.equal(['bob']);
    });

    it('a second call that connected and then ended leaves the first on hold', async () => {
      const controller = await startedController(net);
      const [first, firstSession] = await connectedCall(controller, net, 'bob');
      const [second, secondSession] = await connectedCall(controller, net, 'carol');
      secondSession.end('remote-hangup');
      expect(second.ended).to.equal(true);
      await settle();
      expect(first.state).to.equal('held');
      expect(firstSession.log).to.deep.equal(['hold']);
      expect(controller.activeCall).to.equal(first);
    });

    it('resuming a held call holds the one that is live', async () => {
      const controller = await startedController(net);
      const [bob] = await connectedCall(controller, net, 'bob');
      const [carol] = await connectedCall(controller, net, 'carol');
      expect([bob.state, carol.state]).to.deep.equal(['held', 'connected']);
      await bob.unhold();
      expect([bob.state, carol.state]).to.deep.equal(['connected', 'held']);
    });

    it("call waiting 'ring': a second call rings as waiting; answering it holds the first", async () => {
      const controller = await startedController(net);
      const [bob, bobSession] = await connectedCall(controller, net, 'bob');
      net.incoming({ from: 'carol' });
      const carol = incomingCall(controller, net);
      expect(controller.incomingCalls).to.deep.equal([carol]);
      expect(controller.tones.playing).to.equal('waiting');
      expect(controller.activeCall).to.equal(bob);
      await carol.answer();
      await until(() => carol.state === 'connected', 'carol connected');
      expect(bob.state).to.equal('held');
      expect(bobSession.log).to.deep.equal(['hold']);
      expect(controller.activeCall).to.equal(carol);
      expect(controller.calls).to.deep.equal([bob, carol]);
    });

    it("call waiting 'busy' and 'reject' turn a second call away before it shows", async () => {
      const controller = await startedController(net, { callWaiting: 'busy' });
      const seen = recordEvents(controller);
      await connectedCall(controller, net, 'bob');
      const busy = net.incoming({ from: 'carol' });
      await controller.configure({ callWaiting: 'reject' });
      const declined = net.incoming({ from: 'dave' });
      expect([busy.refused, declined.refused]).to.deep.equal(['busy', 'decline']);
      expect([busy.session, declined.session]).to.deep.equal([undefined, undefined]);
      expect(details(seen, 'call-incoming')).to.have.length(0);
      expect(details(seen, 'call-refused').map((d) => [d.remote.user, d.reason]), 'each turned away with an event of its own').to.deep.equal([
        ['carol', 'busy'],
        ['dave', 'decline'],
      ]);
      expect(controller.calls).to.have.length(1);
    });

    it('beyond maxCalls an incoming call is answered busy, even while no call is up yet (call-refused names the caller)', async () => {
      const controller = await startedController(net, { maxCalls: 1 });
      const seen = recordEvents(controller);
      await controller.dial('bob');
      const invitation = net.incoming({ from: 'carol' });
      expect(invitation.refused).to.equal('busy');
      expect(controller.calls).to.have.length(1);
      expect(details(seen, 'call-refused').map((d) => [d.remote.user, d.reason, d.video])).to.deep.equal([['carol', 'busy', false]]);
    });

    it('a provider that takes no further call now (invitation.busy) gets its invitation refused busy, or declined with callWaiting reject', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const busy = net.incoming({ from: 'carol', busy: true });
      await controller.configure({ callWaiting: 'reject' });
      const declined = net.incoming({ from: 'dave', busy: true });
      expect([busy.refused, declined.refused]).to.deep.equal(['busy', 'decline']);
      expect(details(seen, 'call-incoming')).to.have.length(0);
      expect(details(seen, 'call-refused').map((d) => d.reason)).to.deep.equal(['busy', 'decline']);
    });

    it('calls, incomingCalls, activeCall and getCall follow the calls', async () => {
      const controller = await startedController(net);
      expect([controller.calls, controller.incomingCalls, controller.activeCall]).to.deep.equal([[], [], undefined]);
      const [bob] = await connectedCall(controller, net, 'bob');
      net.incoming({ from: 'carol' });
      const carol = incomingCall(controller, net);
      expect(controller.calls).to.deep.equal([bob, carol]);
      expect(controller.incomingCalls).to.deep.equal([carol]);
      expect(controller.activeCall).to.equal(bob);
      expect(controller.getCall(carol.id)).to.equal(carol);
      carol.reject();
      expect(controller.getCall(carol.id)).to.equal(undefined);
      const dave = await controller.dial('dave');
      expect(controller.activeCall, 'a call being dialled beats a held one').to.equal(dave);
      dave.hangup();
      bob.hangup();
      expect([controller.calls, controller.activeCall]).to.deep.equal([[], undefined]);
    });
  });

  describe('conference', () => {
    it('merge resumes both legs and sends each the mix; unmerge gives back the microphone and holds the second', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [bob, bobSession] = await connectedCall(controller, net, 'bob');
      const [carol, carolSession] = await connectedCall(controller, net, 'carol');
      expect(bob.state).to.equal('held');
      await controller.merge(bob, carol);
      expect([bob.state, carol.state]).to.deep.equal(['connected', 'connected']);
      expect(controller.conference).to.deep.equal([bob, carol]);
      expect(carolSession.log, 'resuming bob did not hold carol').to.not.include('hold');
      for (const session of [bobSession, carolSession]) {
        const [kind, track] = session.asked('replaceTrack').at(-1)! as [string, MediaStreamTrack];
        expect(kind).to.equal('audio');
        expect(track, 'a mix, not the microphone').to.not.equal(session.stream!.getAudioTracks()[0]);
      }
      await controller.unmerge();
      expect(controller.conference).to.deep.equal([]);
      expect([bob.state, carol.state]).to.deep.equal(['connected', 'held']);
      expect(bobSession.asked('replaceTrack').at(-1)).to.deep.equal(['audio', bob.localStream!.getAudioTracks()[0]]);
      expect(details(seen, 'call-conference').map((d) => d.merged)).to.deep.equal([true, false]);
    });

    it('merge refuses the same call twice, a call not connected, and a second conference', async () => {
      const controller = await startedController(net);
      const [bob] = await connectedCall(controller, net, 'bob');
      expect((await failure(() => controller.merge(bob, bob))).code).to.equal('call/invalid-state');
      const ringing = await controller.dial('carol');
      expect((await failure(() => controller.merge(bob, ringing))).code).to.equal('call/invalid-state');
      net.last.ring().connect();
      await controller.merge(bob, ringing);
      const [dave] = await answeredCall(controller, net, 'dave');
      expect((await failure(() => controller.merge(bob, dave))).code).to.equal('call/invalid-state');
    });

    it('a leg hanging up ends the conference; the other leg stays connected', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [bob] = await connectedCall(controller, net, 'bob');
      const [carol, carolSession] = await connectedCall(controller, net, 'carol');
      await controller.merge(bob, carol);
      carolSession.end('remote-hangup');
      await until(() => details(seen, 'call-conference').length === 2, 'the split');
      expect(details(seen, 'call-conference')[1].merged).to.equal(false);
      expect(controller.conference).to.deep.equal([]);
      expect(bob.state).to.equal('connected');
    });
  });

  describe('being transferred', () => {
    it('a REFER: cancelable call-refer, then a new outgoing call; the old one ends as transferred when the far end hangs up', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [old, oldSession] = await connectedCall(controller, net, 'bob');
      let cancelable: boolean | undefined;
      controller.addEventListener('call-refer', (event) => (cancelable = event.cancelable));
      const refer = oldSession.refer('carol');
      expect(details(seen, 'call-refer').map((d) => [d.call, d.target])).to.deep.equal([[old, 'carol']]);
      expect(cancelable).to.equal(true);
      await until(() => refer.outcome === 'accepted', 'the new call placed');
      const placed = controller.calls.find((c) => c !== old)!;
      expect(placed.direction).to.equal('outgoing');
      expect(placed.remote.user).to.equal('carol');
      expect(details(seen, 'call-outgoing').map((d) => d.call)).to.deep.equal([old, placed]);
      expect(refer.session!.stream!.getAudioTracks()[0].readyState).to.equal('live');
      refer.session!.ring().connect();
      expect(placed.state).to.equal('connected');
      oldSession.end('remote-hangup');
      expect(old.summary).to.include({ reason: 'transferred', endedBy: 'remote' });
      expect(refer.rejects).to.equal(0);
    });

    it('a REFER we cannot follow (the capture fails) is rejected; the old call goes on and a later hangup is a hangup', async () => {
      const controller = await startedController(net);
      const [old, oldSession] = await connectedCall(controller, net, 'bob');
      const profile = freshProfile({ reject: () => new DOMException('denied', 'NotAllowedError') });
      const refer: MemoryRefer = oldSession.refer('carol');
      try {
        await until(() => refer.outcome !== undefined, 'the REFER answered');
      } finally {
        profile.restore();
      }
      expect(refer.outcome).to.equal('rejected');
      await until(() => old.state === 'connected', 'the old call resumed');
      expect(controller.calls).to.deep.equal([old]);
      old.hangup();
      expect(old.summary).to.include({ reason: 'local-hangup', endedBy: 'local' });
    });

    it('preventDefault on call-refer rejects the request; no new call', async () => {
      const controller = await startedController(net);
      const [old] = await connectedCall(controller, net, 'bob');
      controller.addEventListener('call-refer', (event) => event.preventDefault());
      const refer = net.last.refer('carol');
      await settle();
      expect(refer.outcome).to.equal('rejected');
      expect(controller.calls).to.deep.equal([old]);
      expect(old.state).to.equal('connected');
      net.last.end('remote-hangup');
      expect(old.summary!.reason).to.equal('remote-hangup');
    });

    it('allowTransfer false rejects the request without any call-refer', async () => {
      const controller = await startedController(net, { allowTransfer: false });
      const seen = recordEvents(controller);
      await connectedCall(controller, net, 'bob');
      const refer = net.last.refer('carol');
      await settle();
      expect(refer.outcome).to.equal('rejected');
      expect(details(seen, 'call-refer')).to.have.length(0);
      expect(controller.calls).to.have.length(1);
    });

    it('an invitation that replaces one of our calls is answered at once, without ringing; the replaced call ends as transferred', async () => {
      // Even where call waiting would turn a second call away.
      const controller = await startedController(net, { callWaiting: 'reject' });
      const seen = recordEvents(controller);
      const [old, oldSession] = await connectedCall(controller, net, 'bob');
      const invitation = net.incoming({ from: 'carol', replaces: oldSession });
      expect(invitation.refused).to.equal(undefined);
      const call = incomingCall(controller, net);
      expect(controller.tones.playing).to.not.equal('ringtone');
      await until(() => call.state === 'connected', 'the new call connected');
      expect(invitation.session!.log).to.deep.equal(['answer']);
      expect(oldSession.log, 'the replaced call is not put on hold').to.deep.equal([]);
      expect(lifeCycle(seen, call)).to.deep.equal([
        'call-state-change:incoming',
        'call-incoming',
        'call-state-change:connecting',
        'call-state-change:connected',
        'call-connected',
      ]);
      oldSession.end('remote-hangup');
      expect(old.summary).to.include({ reason: 'transferred', endedBy: 'remote' });
      expect(controller.calls).to.deep.equal([call]);
    });

    it('a replacing call that never connects (the capture fails) leaves the replaced call as it was: a later hangup is a hangup', async () => {
      const controller = await startedController(net);
      const [old, oldSession] = await connectedCall(controller, net, 'bob');
      const profile = freshProfile({ reject: () => new DOMException('denied', 'NotAllowedError') });
      let call: Call;
      try {
        net.incoming({ from: 'carol', replaces: oldSession });
        call = incomingCall(controller, net);
        await until(() => call.ended, 'the replacing call ended');
      } finally {
        profile.restore();
      }
      expect(call.summary?.reason).to.equal('media');
      expect(controller.calls).to.deep.equal([old]);
      old.hangup();
      expect(old.summary).to.include({ reason: 'local-hangup', endedBy: 'local' });
    });
  });

  describe('settings', () => {
    it('restart settings changed during a call stay frozen for the provider; next-call ones pass; the restart comes after the call', async () => {
      const controller = await startedController(net, { server: 'memory://one', user: 'alice', password: 'first-secret' });
      const [call] = await connectedCall(controller, net);
      await controller.configure({
        user: 'other',
        server: 'memory://two',
        password: 'second-secret',
        iceServers: [{ urls: 'stun:stun.example.com:3478' }],
        noAnswerTimeout: 7,
      });
      expect(net.providers).to.have.length(1);
      const update = net.provider.updates.at(-1)!;
      expect(update).to.include({ user: 'alice', server: 'memory://one', password: 'first-secret', noAnswerTimeout: 7 });
      expect(JSON.stringify(update.iceServers)).to.contain('stun:stun.example.com:3478');
      expect(call.state).to.equal('connected');
      call.hangup();
      await until(() => net.providers.length === 2, 'the restart after the call');
      expect(net.providers[0].stopped).to.equal(true);
      expect(net.provider.config).to.include({ user: 'other', server: 'memory://two', password: 'second-secret', noAnswerTimeout: 7 });
    });

    it('without a call up, a restart setting restarts at once and a next-call one is only an update', async () => {
      const controller = await startedController(net);
      await controller.configure({ ringTimeout: 30 });
      expect(net.providers).to.have.length(1);
      expect(net.provider.updates.at(-1)!.ringTimeout).to.equal(30);
      await controller.configure({ user: 'bob' });
      expect(net.providers).to.have.length(2);
      expect(net.provider.config.user).to.equal('bob');
    });

    it('autoAnswer answers an incoming call by itself, but not a waiting one', async () => {
      const controller = await startedController(net, { autoAnswer: true });
      net.incoming({ from: 'carol' });
      const first = incomingCall(controller, net);
      await until(() => first.state === 'connected', 'auto-answered');
      net.incoming({ from: 'dave' });
      const waiting = incomingCall(controller, net);
      await settle(50);
      expect(waiting.state).to.equal('incoming');
      expect(net.last.log).to.deep.equal([]);
    });

    it("the caller's auto-answer hint is honoured only with autoAnswerHints: at once (0) or after its delay", async () => {
      const controller = await startedController(net);
      net.incoming({ from: 'carol', autoAnswerAfter: 0 });
      const ignored = incomingCall(controller, net);
      await settle(50);
      expect(ignored.state, 'hints are off by default').to.equal('incoming');
      ignored.reject();

      await controller.configure({ autoAnswerHints: true });
      net.incoming({ from: 'dave', autoAnswerAfter: 0 });
      const atOnce = incomingCall(controller, net);
      await until(() => atOnce.state === 'connected', 'answered at once');
      atOnce.hangup();

      net.incoming({ from: 'erin', autoAnswerAfter: 0.15 });
      const later = incomingCall(controller, net);
      await settle(50);
      expect(later.state, 'still ringing before its delay').to.equal('incoming');
      await until(() => later.state === 'connected', 'answered after the delay');
    });

    it('tones: ringtone while incoming, ringback while ringing (none with early media), busy on a refusal; none with tones off', async () => {
      const controller = await startedController(net);
      const { tones } = controller;
      net.incoming({ from: 'carol' });
      expect(tones.playing).to.equal('ringtone');
      incomingCall(controller, net).reject();
      expect(tones.playing).to.equal(undefined);
      await controller.dial('bob');
      net.last.ring();
      expect(tones.playing).to.equal('ringback');
      net.last.connect();
      expect(tones.playing).to.equal(undefined);
      net.last.end('remote-hangup');
      await controller.dial('dave');
      net.last.ring(true);
      expect(tones.playing, 'early media plays the far end').to.equal(undefined);
      net.last.end('busy', 'remote', { statusCode: 486 });
      expect(tones.playing).to.equal('busy');

      await controller.configure({ tones: false });
      expect(tones.playing, 'turning tones off stops the one playing').to.equal(undefined);
      net.incoming({ from: 'erin' });
      expect(tones.playing).to.equal(undefined);
      incomingCall(controller, net).reject();
      await controller.dial('frank');
      net.last.ring().end('busy', 'remote');
      expect(tones.playing).to.equal(undefined);
    });

    it('rejecting one of two ringing calls leaves the ringtone on for the other', async () => {
      const controller = await startedController(net);
      net.incoming({ from: 'carol' });
      const carol = incomingCall(controller, net);
      net.incoming({ from: 'dave' });
      const dave = incomingCall(controller, net);
      expect(controller.incomingCalls).to.deep.equal([carol, dave]);
      expect(controller.tones.playing).to.equal('ringtone');
      carol.reject();
      expect(dave.state).to.equal('incoming');
      expect(controller.tones.playing, 'dave still rings').to.equal('ringtone');
      dave.reject();
      expect(controller.tones.playing).to.equal(undefined);
    });

    it('the debug log prints provider lines and events with the password, TURN credential and digest redacted; nothing when off', async () => {
      const lines: string[] = [];
      const info = console.info;
      console.info = (...args: unknown[]) => lines.push(args.map(String).join(' '));
      try {
        const controller = await startedController(net, {
          debug: true,
          password: 'pw-very-secret-1',
          iceServers: [{ urls: 'turn:turn.example.com', username: 'u', credential: 'turn-secret-2' }],
        });
        net.provider.handlers.debug('REGISTER sip:alice pass=pw-very-secret-1 turn=turn-secret-2\r\nAuthorization: Digest response="d1g3st"');
        const [call] = await connectedCall(controller, net);
        call.hangup();
        const register = lines.find((l) => l.includes('REGISTER'));
        expect(register).to.be.a('string');
        expect(register).to.contain('<redacted>');
        expect(lines.some((l) => l.includes('call-connected'))).to.equal(true);
        for (const line of lines) {
          expect(line).to.not.contain('pw-very-secret-1');
          expect(line).to.not.contain('turn-secret-2');
          expect(line).to.not.contain('d1g3st');
        }
        await controller.configure({ debug: false });
        lines.length = 0;
        net.provider.handlers.debug('quiet now');
        await connectedCall(controller, net);
        expect(lines.filter((l) => l.includes('debug:'))).to.deep.equal([]);
      } finally {
        console.info = info;
      }
    });
  });

  describe('media', () => {
    it('every track captured for calls is stopped once they end, whichever way they end', async () => {
      const controller = await startedController(net);
      const streams: MediaStream[] = [];
      const [audio, audioSession] = await connectedCall(controller, net, 'bob');
      streams.push(audioSession.stream!);
      await audio.upgradeToVideo();
      expect(audio.video).to.equal(true);
      const camera = audio.localStream!.getVideoTracks()[0];
      expect(audioSession.asked('setVideo').map(([track]) => track)).to.deep.equal([camera]);

      const video = await controller.dial('carol', { video: true });
      streams.push(net.last.stream!);
      const [answered, answeredSession] = await answeredCall(controller, net, 'dave');
      streams.push(answeredSession.stream!);
      expect(controller.media.liveTrackCount).to.be.at.least(5);

      audioSession.end('remote-hangup');
      video.hangup();
      answered.hangup();
      net.options.dialThrows = new Error('broken');
      await failure(() => controller.dial('erin'));
      streams.push(net.dials.at(-1)!.stream);

      expect(controller.media.liveTrackCount).to.equal(0);
      const states = [...streams.flatMap((s) => s.getTracks()), camera].map((t) => t.readyState);
      expect(states).to.have.length.at.least(5);
      expect(states.every((s) => s === 'ended'), states.join()).to.equal(true);
    });

    it('a call hung up in call-outgoing captures and dials nothing', async () => {
      const controller = await startedController(net);
      controller.addEventListener('call-outgoing', ({ detail }) => detail.call.hangup());
      const error = await controller.dial('bob').then(
        () => undefined,
        (e: unknown) => e,
      );
      await settle();
      expect(error).to.equal(undefined);
      expect(net.dials).to.have.length(0);
      expect(controller.media.liveTrackCount).to.equal(0);
    });
  });
});
