// Unit tests of a Call's life cycle and requests, on the in-memory provider (no network, no
// server): states and their events in order, end reasons and who ended, the summary, features
// and `call/unsupported`, hold, DTMF, INFO, transfers, and the events a provider reports.
import { expect } from '@open-wc/testing';
import { CallError } from '../base/errors.js';
import { freshProfile } from '../../test/fakes/media-devices.js';
import { memoryProvider } from '../../test/fakes/memory-provider.js';
import type { MemoryNetwork } from '../../test/fakes/memory-provider.js';
import { answeredCall, connectedCall, details, disposeControllers, lifeCycle, recordEvents, startedController, until } from '../../test/fakes/memory-harness.js';

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

/** A remote audio track, as a far end would send (Web Audio, no device). */
function remoteAudioTrack(): MediaStreamTrack {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  return destination.stream.getAudioTracks()[0];
}

describe('Call (memory provider)', () => {
  let net: MemoryNetwork;
  beforeEach(() => {
    net = memoryProvider();
  });
  afterEach(disposeControllers);

  describe('outgoing', () => {
    it('dial → ringing → connected → our hangup: the events in order, ended as local-hangup', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('bob');
      expect(call.state).to.equal('connecting');
      expect(call.direction).to.equal('outgoing');
      expect(call.remote).to.deep.equal({ uri: 'memory:bob', user: 'bob', displayName: '' });
      net.last.ring();
      expect(call.state).to.equal('ringing');
      net.last.connect();
      expect(call.state).to.equal('connected');
      call.hangup();
      expect(call.state).to.equal('ended');
      expect(lifeCycle(seen, call)).to.deep.equal([
        'call-outgoing',
        'call-state-change:connecting',
        'call-state-change:ringing',
        'call-ringing',
        'call-state-change:connected',
        'call-connected',
        'call-state-change:ended',
        'call-ended:local-hangup',
      ]);
      expect(call.summary!.endedBy).to.equal('local');
      // The provider's own echo of the hangup (it reports an end synchronously) did not win.
      expect(call.summary!.rawCause).to.equal(undefined);
      expect(net.last.log).to.deep.equal(['hangup']);
      expect(controller.calls).to.deep.equal([]);
    });

    it('hands the provider the target, the captured microphone and the headers (configured first)', async () => {
      const controller = await startedController(net, { extraHeaders: ['X-Tenant: 7'] });
      await controller.dial(' bob ', { extraHeaders: ['X-Data: 42'] });
      const [request] = net.dials;
      expect(request.target).to.equal('bob');
      expect(request.targets).to.deep.equal(['bob']);
      expect(request.groupId).to.equal('');
      expect(request.video).to.equal(false);
      expect(request.extraHeaders).to.deep.equal(['X-Tenant: 7', 'X-Data: 42']);
      expect(request.stream.getAudioTracks()).to.have.length(1);
      expect(request.stream.getAudioTracks()[0].readyState).to.equal('live');
      expect(request.stream.getVideoTracks()).to.have.length(0);
    });

    it('a video dial captures the camera too and says so to the provider', async () => {
      const controller = await startedController(net);
      const call = await controller.dial('bob', { video: true });
      expect(net.last.request!.video).to.equal(true);
      expect(net.last.request!.stream.getVideoTracks()).to.have.length(1);
      expect(call.video).to.equal(true);
    });

    it('cancelling before the answer ends as cancelled by us, with no call-failed', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('bob');
      net.last.ring();
      call.hangup();
      expect(call.summary!.reason).to.equal('cancelled');
      expect(call.summary!.endedBy).to.equal('local');
      expect(call.summary!.connectedAt).to.equal(undefined);
      expect(call.summary!.duration).to.equal(0);
      expect(details(seen, 'call-failed')).to.have.length(0);
      expect(net.last.log).to.deep.equal(['hangup']);
    });

    it('a far end that is busy: call-ended then call-failed, with the status code kept', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('bob');
      net.last.ring().end('busy', 'remote', { statusCode: 486, rawCause: 'Busy' });
      expect(lifeCycle(seen, call).slice(-3)).to.deep.equal(['call-state-change:ended', 'call-ended:busy', 'call-failed:busy']);
      expect(call.summary).to.include({ reason: 'busy', endedBy: 'remote', statusCode: 486, rawCause: 'Busy' });
      expect(details(seen, 'call-failed')[0].summary).to.equal(call.summary);
    });

    it('a far end that declines ends as rejected and fails; one that hangs up after connecting does not fail', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const declined = await controller.dial('bob');
      net.last.end('rejected', 'remote', { statusCode: 603 });
      expect(declined.summary).to.include({ reason: 'rejected', endedBy: 'remote' });

      const talked = await controller.dial('carol');
      net.last.ring().connect();
      net.last.end('remote-hangup');
      expect(talked.summary).to.include({ reason: 'remote-hangup', endedBy: 'remote' });
      expect(details(seen, 'call-failed').map((d) => d.call)).to.deep.equal([declined]);
    });

    it('the summary orders its times and counts only connected time', async () => {
      const controller = await startedController(net);
      const call = await controller.dial('bob');
      await new Promise((r) => setTimeout(r, 5));
      net.last.ring();
      await new Promise((r) => setTimeout(r, 5));
      net.last.connect();
      await new Promise((r) => setTimeout(r, 5));
      net.last.end('remote-hangup');
      const summary = call.summary!;
      expect(summary.startedAt).to.equal(call.startedAt);
      expect(summary.ringingAt).to.be.within(summary.startedAt + 1, summary.connectedAt! - 1);
      expect(summary.connectedAt).to.be.below(summary.endedAt);
      expect(summary.duration).to.equal(0);
      expect(call.duration).to.equal(0);
      expect(summary.participants.map((p) => p.id)).to.deep.equal(['bob']);
      expect(summary.participants[0].joinedAt).to.be.within(summary.connectedAt!, summary.endedAt);
    });

    it('ringing twice, or connecting twice, fires each event once', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('bob');
      net.last.ring().ring().connect().connect();
      expect(details(seen, 'call-ringing')).to.have.length(1);
      expect(details(seen, 'call-connected')).to.have.length(1);
      net.last.end('remote-hangup');
      net.last.end('failed');
      expect(details(seen, 'call-ended').map((d) => d.summary.reason)).to.deep.equal(['remote-hangup']);
      expect(call.summary!.reason).to.equal('remote-hangup');
    });
  });

  describe('failures while placing', () => {
    it('a capture that fails ends the call as media (nothing dialled) and rejects with the media error', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const profile = freshProfile({ reject: () => new DOMException('denied', 'NotAllowedError') });
      try {
        const error = await failure(() => controller.dial('bob'));
        expect(error.code).to.equal('media/permission-denied');
        const [ended] = details(seen, 'call-ended');
        expect(ended.summary).to.include({ reason: 'media', endedBy: 'local', rawCause: 'media/permission-denied' });
        expect(details(seen, 'call-error').map((d) => [d.error, d.call])).to.deep.equal([[error, ended.call]]);
        expect(net.dials).to.have.length(0);
        expect(controller.calls).to.have.length(0);
      } finally {
        profile.restore();
      }
    });

    it('a provider throwing a plain Error from dial: provider/failed, the call ends as failed, the microphone is released', async () => {
      net.options.dialThrows = new Error('sdk exploded');
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const error = await failure(() => controller.dial('bob'));
      expect(error.code).to.equal('provider/failed');
      expect(error.message).to.contain('sdk exploded');
      const [ended] = details(seen, 'call-ended');
      expect(ended.summary).to.include({ reason: 'failed', endedBy: 'local', rawCause: 'provider/failed' });
      expect(net.dials[0].stream.getTracks().map((t) => t.readyState)).to.deep.equal(['ended']);
      expect(controller.media.liveTrackCount).to.equal(0);
    });

    it("a provider throwing its own CallError from dial keeps the provider's code", async () => {
      net.options.dialThrows = () => new CallError('call/signalling-down', 'The connection is down.');
      const controller = await startedController(net);
      const error = await failure(() => controller.dial('bob'));
      expect(error.code).to.equal('call/signalling-down');
      expect(controller.calls).to.have.length(0);
    });

    it('a target the provider refuses (checkTarget) rejects before anything is captured or listed', async () => {
      net.options.checkTargetThrows = (target: string) => new CallError('call/invalid-target', `no ${target}`);
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const profile = freshProfile();
      try {
        const error = await failure(() => controller.dial('nobody'));
        expect(error.code).to.equal('call/invalid-target');
        expect(profile.calls).to.have.length(0);
        expect(details(seen, 'call-list-change')).to.have.length(0);
        expect(details(seen, 'call-outgoing')).to.have.length(0);
      } finally {
        profile.restore();
      }
    });
  });

  describe('events reported while the session is created', () => {
    it('ringing reported inside dial: the call is ringing, not back to connecting', async () => {
      net.options.duringCreate = (session) => session.ring();
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('bob');
      expect(details(seen, 'call-ringing')).to.have.length(1);
      expect(call.state).to.equal('ringing');
      net.last.connect();
      expect(call.state).to.equal('connected');
    });

    it('connected reported inside dial: the call is connected', async () => {
      net.options.duringCreate = (session) => session.connect();
      const controller = await startedController(net);
      const call = await controller.dial('bob');
      expect(call.state).to.equal('connected');
      expect(call.established).to.equal(true);
    });

    it('an end reported inside dial: the dial resolves with the ended call, its failure reported, its media released', async () => {
      net.options.duringCreate = (session) => session.end('not-found', 'remote', { statusCode: 404 });
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const call = await controller.dial('nobody');
      expect(call.summary).to.include({ reason: 'not-found', endedBy: 'remote', statusCode: 404 });
      expect(lifeCycle(seen, call)).to.deep.equal(['call-outgoing', 'call-state-change:ended', 'call-ended:not-found', 'call-failed:not-found']);
      expect(controller.media.liveTrackCount).to.equal(0);
      expect(controller.calls).to.have.length(0);
    });

    it('a caller who cancels inside take: no call-incoming, no ringtone, nothing listed', async () => {
      net.options.duringCreate = (session) => session.end('cancelled', 'remote');
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      net.incoming({ from: 'carol' });
      expect(controller.calls).to.have.length(0);
      expect(controller.tones.playing, 'no ringtone for a call that is gone').to.equal(undefined);
      expect(details(seen, 'call-incoming')).to.have.length(0);
    });
  });

  describe('incoming', () => {
    it('rings (incoming, call-incoming), then answers: connecting, connected, with our microphone', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const invitation = net.incoming({ from: 'carol', headers: { 'X-Data': '42' } });
      const call = controller.incomingCalls[0];
      expect(call.state).to.equal('incoming');
      expect(call.direction).to.equal('incoming');
      expect(call.headers).to.deep.equal({ 'X-Data': '42' });
      expect(call.ringingAt).to.be.a('number');
      await call.answer({ extraHeaders: ['X-Answer: yes'] });
      await until(() => call.state === 'connected', 'connected');
      expect(lifeCycle(seen, call)).to.deep.equal([
        'call-state-change:incoming',
        'call-incoming',
        'call-state-change:connecting',
        'call-state-change:connected',
        'call-connected',
      ]);
      const [[stream, video, headers]] = invitation.session!.asked('answer') as [MediaStream, boolean, string[]][];
      expect(stream.getAudioTracks()[0].readyState).to.equal('live');
      expect(video).to.equal(false);
      expect(headers).to.deep.equal(['X-Answer: yes']);
    });

    it('answers with video when the caller offered it, unless told otherwise', async () => {
      const controller = await startedController(net);
      net.incoming({ from: 'carol', remoteOffersVideo: true });
      const call = controller.incomingCalls[0];
      expect(call.remoteVideo).to.equal(true);
      await call.answer();
      const [[stream, video]] = net.last.asked('answer') as [MediaStream, boolean][];
      expect(video).to.equal(true);
      expect(stream.getVideoTracks()).to.have.length(1);

      net.incoming({ from: 'dave', remoteOffersVideo: true });
      await controller.incomingCalls[0].answer({ video: false });
      expect(net.last.asked('answer')[0][1]).to.equal(false);
    });

    it('rejecting says decline (rejected) or busy (busy) to the provider; ended by us, no call-failed', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      net.incoming({ from: 'carol' });
      const declined = controller.incomingCalls[0];
      declined.reject();
      net.incoming({ from: 'dave' });
      const busy = controller.incomingCalls[0];
      busy.reject({ busy: true });
      expect(net.sessions.map((s) => s.asked('reject'))).to.deep.equal([[['decline']], [['busy']]]);
      expect(declined.summary).to.include({ reason: 'rejected', endedBy: 'local' });
      expect(busy.summary).to.include({ reason: 'busy', endedBy: 'local' });
      expect(details(seen, 'call-failed')).to.have.length(0);
    });

    it('a caller who gives up ends it as cancelled by the far end, which is a call-failed', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      net.incoming({ from: 'carol' });
      const call = controller.incomingCalls[0];
      net.last.end('cancelled', 'remote');
      expect(call.summary).to.include({ reason: 'cancelled', endedBy: 'remote' });
      expect(details(seen, 'call-failed').map((d) => d.call)).to.deep.equal([call]);
      expect(controller.incomingCalls).to.have.length(0);
    });

    it('ringing past ringTimeout ends as no-answer (by the system) and the caller hears 408', async () => {
      const controller = await startedController(net, { ringTimeout: 0.05 });
      const seen = recordEvents(controller);
      net.incoming({ from: 'carol' });
      const call = controller.incomingCalls[0];
      await until(() => call.ended, 'the ring timeout');
      expect(call.summary).to.include({ reason: 'no-answer', endedBy: 'system' });
      expect(net.last.asked('reject')).to.deep.equal([['timeout']]);
      expect(details(seen, 'call-failed').map((d) => d.call)).to.deep.equal([call]);
    });

    it('a capture that fails while answering declines the call and ends it as media', async () => {
      const controller = await startedController(net);
      net.incoming({ from: 'carol' });
      const call = controller.incomingCalls[0];
      const profile = freshProfile({ reject: () => new DOMException('busy device', 'NotReadableError') });
      try {
        const error = await failure(() => call.answer());
        expect(error.code).to.equal('media/in-use');
      } finally {
        profile.restore();
      }
      expect(call.summary).to.include({ reason: 'media', endedBy: 'local', rawCause: 'media/in-use' });
      expect(net.last.log).to.deep.equal(['reject']);
      expect(net.last.asked('reject')).to.deep.equal([['decline']]);
    });

    it('answer and reject only for a ringing incoming call (call/invalid-state), and hangup of one rejects it', async () => {
      const controller = await startedController(net);
      const outgoing = await controller.dial('bob');
      expect((await failure(() => outgoing.answer())).code).to.equal('call/invalid-state');
      expect((await failure(() => outgoing.reject())).code).to.equal('call/invalid-state');
      const [answered] = await answeredCall(controller, net);
      expect((await failure(() => answered.answer())).code).to.equal('call/invalid-state');
      net.incoming({ from: 'dave' });
      const ringing = controller.incomingCalls[0];
      ringing.hangup();
      expect(ringing.summary).to.include({ reason: 'rejected', endedBy: 'local' });
      expect(net.last.asked('reject')).to.deep.equal([['decline']]);
    });
  });

  describe('features and requests', () => {
    it('a session with every optional method: hold, DTMF, INFO and transfer; invite is call/unsupported', async () => {
      const controller = await startedController(net);
      const [call] = await connectedCall(controller, net);
      expect(call.features).to.deep.equal({ hold: true, dtmf: true, info: true, transfer: true, invite: false });
      expect((await failure(() => call.invite('dave'))).code).to.equal('call/unsupported');
      expect(net.last.asked('invite')).to.deep.equal([]);
    });

    it('a session lacking the optional methods: no features, and each request is call/unsupported with nothing sent', async () => {
      net.options.features = { hold: false, dtmf: false, info: false, transfer: false, invite: false };
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      expect(call.features).to.deep.equal({ hold: false, dtmf: false, info: false, transfer: false, invite: false });
      for (const request of [
        () => call.hold(),
        () => call.unhold(),
        () => call.sendDtmf('1'),
        () => call.sendInfo('text/plain', 'hi'),
        () => call.transfer('carol'),
        () => call.invite(['dave']),
      ]) {
        expect((await failure(request)).code).to.equal('call/unsupported');
      }
      expect(session.log).to.deep.equal([]);
      expect(details(seen, 'call-dtmf')).to.have.length(0);
      expect(details(seen, 'call-info')).to.have.length(0);
      expect(call.state).to.equal('connected');
    });

    it('invite goes to a session that has it', async () => {
      net.options.features.invite = true;
      const controller = await startedController(net);
      const [call, session] = await connectedCall(controller, net);
      expect(call.features.invite).to.equal(true);
      await call.invite(['dave', ' erin ']);
      expect(session.asked('invite')).to.deep.equal([[['dave', 'erin']]]);
    });

    it('features are all false before the call has a session', async () => {
      const controller = await startedController(net);
      let before: unknown;
      controller.addEventListener('call-outgoing', ({ detail }) => (before = { ...detail.call.features }));
      const call = await controller.dial('bob');
      expect(before).to.deep.equal({ hold: false, dtmf: false, info: false, transfer: false, invite: false });
      expect(call.features.hold).to.equal(true);
    });

    it('hold and resume: held state and call-hold events; the far end holding too', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      await call.hold();
      expect(call.state).to.equal('held');
      expect(call.held).to.deep.equal({ local: true, remote: false });
      await call.hold();
      expect(session.asked('hold'), 'holding a held call asks nothing').to.have.length(1);
      session.handlers.hold('remote', true);
      expect(call.held).to.deep.equal({ local: true, remote: true });
      await call.unhold();
      expect(call.state, 'still held by the far end').to.equal('held');
      session.handlers.hold('remote', false);
      expect(call.state).to.equal('connected');
      expect(session.log).to.deep.equal(['hold', 'unhold']);
      expect(details(seen, 'call-hold').map(({ local, remote }) => [local, remote])).to.deep.equal([
        [true, false],
        [true, true],
        [false, true],
        [false, false],
      ]);
    });

    it('hold, DTMF and INFO before the call is up are call/invalid-state', async () => {
      const controller = await startedController(net);
      const call = await controller.dial('bob');
      net.last.ring();
      expect((await failure(() => call.hold())).code).to.equal('call/invalid-state');
      expect((await failure(() => call.sendDtmf('1'))).code).to.equal('call/invalid-state');
      expect((await failure(() => call.sendInfo('text/plain', 'x'))).code).to.equal('call/invalid-state');
      expect((await failure(() => call.transfer('carol'))).code).to.equal('call/invalid-state');
      expect(net.last.log).to.deep.equal([]);
    });

    it('DTMF: normalised and sent, call-dtmf out; tones the far end sends are call-dtmf in', async () => {
      const controller = await startedController(net, { tones: false });
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      call.sendDtmf('1 2 a#');
      expect(session.asked('sendDtmf')).to.deep.equal([['12A#']]);
      expect((await failure(() => call.sendDtmf('x'))).code).to.equal('call/invalid-dtmf');
      session.handlers.dtmf('5', 'remote');
      session.handlers.dtmf('9', 'local');
      expect(details(seen, 'call-dtmf').map((d) => [d.tones, d.direction])).to.deep.equal([
        ['12A#', 'out'],
        ['5', 'in'],
      ]);
    });

    it('INFO: a checked content type is sent, a bad one is call/invalid-header with nothing sent; received INFO is call-info in', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      call.sendInfo('application/json', '{"a":1}');
      expect((await failure(() => call.sendInfo('not a type', 'x'))).code).to.equal('call/invalid-header');
      expect((await failure(() => call.sendInfo('text/plain\r\nX-Evil: 1', 'x'))).code).to.equal('call/invalid-header');
      session.handlers.info('text/plain', 'hello', 'remote');
      expect(session.asked('sendInfo')).to.deep.equal([['application/json', '{"a":1}']]);
      expect(details(seen, 'call-info').map((d) => [d.contentType, d.body, d.direction])).to.deep.equal([
        ['application/json', '{"a":1}', 'out'],
        ['text/plain', 'hello', 'in'],
      ]);
    });
  });

  describe('transfer', () => {
    it("blind: the target goes to the provider; progress is call-transfer; 'accepted' ends the call as transferred", async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      await call.transfer('carol');
      expect(session.asked('transfer')).to.deep.equal([['carol']]);
      session.handlers.transfer('trying');
      session.handlers.transfer('ringing', 180);
      expect(call.state).to.equal('connected');
      session.handlers.transfer('accepted', 200);
      expect(details(seen, 'call-transfer').map((d) => [d.state, d.statusCode])).to.deep.equal([
        ['trying', undefined],
        ['ringing', 180],
        ['accepted', 200],
      ]);
      expect(call.summary).to.include({ reason: 'transferred', endedBy: 'local' });
      expect(session.log).to.deep.equal(['transfer', 'hangup']);
    });

    it("a transfer that fails leaves the call up", async () => {
      const controller = await startedController(net);
      const [call, session] = await connectedCall(controller, net);
      await call.transfer('carol');
      session.handlers.transfer('failed', 603);
      expect(call.state).to.equal('connected');
      expect(session.log).to.deep.equal(['transfer']);
      session.end('remote-hangup');
      expect(call.summary!.reason, 'a later hangup is a hangup').to.equal('remote-hangup');
    });

    it('refuses an empty or malformed target, and a call to itself', async () => {
      const controller = await startedController(net);
      const [call, session] = await connectedCall(controller, net);
      expect((await failure(() => call.transfer(''))).code).to.equal('call/invalid-target');
      expect((await failure(() => call.transfer('a b'))).code).to.equal('call/invalid-target');
      expect((await failure(() => call.transfer(call))).code).to.equal('call/invalid-state');
      expect(session.log).to.deep.equal([]);
    });

    it("attended: the other call's session goes to the provider; 'accepted' ends both as transferred; 'failed' keeps both", async () => {
      const controller = await startedController(net);
      const [bob, bobSession] = await connectedCall(controller, net, 'bob');
      const [carol, carolSession] = await connectedCall(controller, net, 'carol');
      await until(() => bob.state === 'held', 'bob held for carol');

      await bob.transfer(carol);
      expect(bobSession.asked('transfer')).to.deep.equal([[carolSession]]);
      bobSession.handlers.transfer('failed');
      expect([bob.ended, carol.ended]).to.deep.equal([false, false]);

      await bob.transfer(carol);
      bobSession.handlers.transfer('accepted');
      expect(bob.summary).to.include({ reason: 'transferred', endedBy: 'local' });
      expect(carol.summary).to.include({ reason: 'transferred', endedBy: 'local' });
      expect(controller.calls).to.have.length(0);
    });

    it('attended to a call that is not connected is call/invalid-state', async () => {
      const controller = await startedController(net);
      const [bob, bobSession] = await connectedCall(controller, net, 'bob');
      const ringing = await controller.dial('carol');
      expect((await failure(() => bob.transfer(ringing))).code).to.equal('call/invalid-state');
      expect(bobSession.asked('transfer')).to.deep.equal([]);
    });
  });

  describe('what the provider reports', () => {
    it('remote tracks, remote video and participants reach the call and its events', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      const track = remoteAudioTrack();
      session.handlers.remoteTrack(track);
      expect(call.remoteStream.getTracks()).to.deep.equal([track]);
      expect(details(seen, 'call-remote-track').map((d) => [d.track, d.participant])).to.deep.equal([[track, 'bob']]);
      session.handlers.remoteVideo(true);
      expect(call.remoteVideo).to.equal(true);
      expect(details(seen, 'call-video-change').map((d) => [d.remoteVideo, d.originator])).to.deep.equal([[true, 'remote']]);
      session.handlers.participant({ id: 'bob', displayName: 'Bob B.' });
      expect(call.participant('bob')!.displayName).to.equal('Bob B.');
      expect(details(seen, 'call-participant-change').map((d) => d.participant.displayName)).to.deep.equal(['Bob B.']);
      session.end('remote-hangup');
      expect(call.remoteStream.getTracks(), 'emptied at the end').to.deep.equal([]);
    });

    it('reconnecting and reconnected: call.reconnecting, events with the cause and the outage time', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      session.handlers.reconnecting('ice-failed');
      session.handlers.reconnecting('ice-disconnected');
      expect(call.reconnecting).to.equal(true);
      // Measured here: a timer may fire a little before its delay by Date.now() (seen in Firefox: 9 ms for 10).
      const before = Date.now();
      await new Promise((r) => setTimeout(r, 20));
      const outage = Date.now() - before;
      session.handlers.reconnected();
      expect(call.reconnecting).to.equal(false);
      expect(details(seen, 'call-reconnecting').map((d) => d.cause)).to.deep.equal(['ice-failed']);
      const [back] = details(seen, 'call-reconnected');
      expect(back.cause).to.equal('ice-failed');
      expect(back.durationMs).to.be.at.least(outage).and.greaterThan(0);
      expect(call.state).to.equal('connected');
    });

    it('mute is told to the provider and fired once per change', async () => {
      const controller = await startedController(net);
      const seen = recordEvents(controller);
      const [call, session] = await connectedCall(controller, net);
      call.mute('audio');
      call.mute('audio');
      expect(call.muted.audio).to.equal(true);
      expect(call.localStream!.getAudioTracks()[0].enabled).to.equal(false);
      call.unmute('audio');
      expect(session.asked('setMuted')).to.deep.equal([
        ['audio', true],
        ['audio', false],
      ]);
      expect(details(seen, 'call-mute').map((d) => d.muted)).to.deep.equal([true, false]);
    });
  });
});
