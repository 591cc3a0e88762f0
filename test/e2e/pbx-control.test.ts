// Desk-phone control between browser phones through the dev SIP server: call waiting and
// max-calls, DTMF by INFO both ways, INFO round trips, headers, auto-answer hints, timeouts.
import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, sleep, talking, uniqueUser, until } from './helpers.js';


describe('call waiting and max-calls', function () {
  this.timeout(40_000);
  afterEach(disposeControllers);

  it('a second call while in a call waits (waiting tone); answering it holds the first; swap back; hang up each', async () => {
    const [alice, bob, carol] = await Promise.all([
      registeredController(uniqueUser('alice')),
      registeredController(uniqueUser('bob'), { tones: true }),
      registeredController(uniqueUser('carol')),
    ]);
    const [aliceLeg, bobWithAlice] = await connectedPair(alice, bob);
    const waiting = nextEvent(bob, 'call-incoming');
    const carolLeg = await carol.dial(bob.user);
    const { call: bobWithCarol } = await waiting;
    expect(bob.tones.playing, 'the waiting tone, not the ringtone').to.equal('waiting');
    expect(bob.calls).to.have.length(2);
    expect(bobWithAlice.state, 'the first call goes on meanwhile').to.equal('connected');

    await bobWithCarol.answer();
    await until(() => carolLeg.state === 'connected' && aliceLeg.held.remote, 10_000, 'carol answered, alice held');
    expect(bob.tones.playing).to.equal(undefined);
    await talking(bobWithCarol, carolLeg);

    await bobWithAlice.unhold();
    await until(() => !aliceLeg.held.remote && carolLeg.held.remote, 10_000, 'swapped: alice back, carol held');
    await talking(bobWithAlice, aliceLeg);

    bobWithCarol.hangup();
    await until(() => carolLeg.ended, 5000, 'carol hung up');
    expect(carolLeg.summary?.reason).to.equal('remote-hangup');
    bobWithAlice.hangup();
    await until(() => aliceLeg.ended && bob.calls.length === 0, 5000, 'all ended');
  });

  it('call-waiting="busy" and "reject" turn the second caller away; max-calls bounds calls both ways', async () => {
    const [alice, bob, carol] = await Promise.all([
      registeredController(uniqueUser('alice')),
      registeredController(uniqueUser('bob'), { callWaiting: 'busy' }),
      registeredController(uniqueUser('carol')),
    ]);
    await connectedPair(alice, bob);
    const incoming = record(bob, 'call-incoming');
    const turnedAway = record(bob, 'call-refused');
    const busy = nextEvent(carol, 'call-ended');
    await carol.dial(bob.user);
    expect((await busy).summary.reason).to.equal('busy');

    await bob.configure({ callWaiting: 'reject' });
    const rejected = nextEvent(carol, 'call-ended');
    await carol.dial(bob.user);
    expect((await rejected).summary.reason).to.equal('rejected');

    await bob.configure({ callWaiting: 'ring', maxCalls: 1 });
    const full = nextEvent(carol, 'call-ended');
    await carol.dial(bob.user);
    expect((await full).summary.reason, 'beyond max-calls').to.equal('busy');
    expect(incoming, 'bob never saw them').to.have.length(0);
    expect(turnedAway.map((d) => [d.remote.user, d.reason]), 'but heard of each (call-refused)').to.deep.equal([
      [carol.user, 'busy'],
      [carol.user, 'decline'],
      [carol.user, 'busy'],
    ]);
    let refused: unknown;
    await bob.dial(carol.user).catch((error) => (refused = error));
    expect((refused as { code?: string })?.code, 'dialling beyond max-calls').to.equal('call/invalid-state');
  });
});

describe('DTMF, INFO and headers', function () {
  this.timeout(30_000);
  let alice: CallController;
  let bob: CallController;
  afterEach(disposeControllers);

  it('DTMF as application/dtmf INFO and as application/dtmf-relay INFO arrives as call-dtmf, in order', async () => {
    alice = await registeredController(uniqueUser('alice'), { dtmfTransport: 'info-dtmf', dtmfDuration: 60, dtmfGap: 50 });
    bob = await registeredController(uniqueUser('bob'));
    const [out, inc] = await connectedPair(alice, bob);
    const received = record(bob, 'call-dtmf');
    const infos = record(bob, 'call-info');
    out.sendDtmf('12#');
    await until(() => received.length === 3, 5000, 'three digits');
    expect(received.map((d) => [d.tones, d.direction, d.call === inc])).to.deep.equal([
      ['1', 'in', true],
      ['2', 'in', true],
      ['#', 'in', true],
    ]);
    expect(infos, 'digits are not also reported as INFO').to.have.length(0);

    await alice.configure({ dtmfTransport: 'info' });
    out.sendDtmf('9');
    await until(() => received.length === 4, 5000, 'the relay digit');
    expect(received[3].tones).to.equal('9');
  });

  it('INFO with a custom content type goes both ways; X-Data reaches the callee, the answer\'s X- headers the caller', async () => {
    alice = await registeredController(uniqueUser('alice'));
    bob = await registeredController(uniqueUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming');
    const out = await alice.dial(bob.user, { extraHeaders: ['X-Data: order-42'] });
    const { call: inc } = await incoming;
    expect(inc.headers['X-Data'], 'the INVITE header in call-incoming').to.equal('order-42');
    const connected = nextEvent(alice, 'call-connected', (d) => d.call === out);
    await inc.answer({ extraHeaders: ['X-Answer: desk-7'] });
    await connected;
    expect(out.headers['X-Answer'], "the answer's header on the outgoing call").to.equal('desk-7');

    const atBob = nextEvent(bob, 'call-info', (d) => d.direction === 'in');
    out.sendInfo('application/x-call-elements', '{"ping":1}');
    expect(await atBob).to.include({ contentType: 'application/x-call-elements', body: '{"ping":1}' });
    const atAlice = nextEvent(alice, 'call-info', (d) => d.direction === 'in');
    inc.sendInfo('text/plain', 'pong');
    expect(await atAlice).to.include({ contentType: 'text/plain', body: 'pong' });
  });
});

describe('auto-answer hints and timeouts', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('Call-Info answer-after is honoured only with auto-answer-hints', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const bob = await registeredController(uniqueUser('bob'), { autoAnswerHints: true });
    const carol = await registeredController(uniqueUser('carol'));
    const hint = ['Call-Info: <sip:intercom@127.0.0.1>;answer-after=1'];

    const started = Date.now();
    const toBob = await alice.dial(bob.user, { extraHeaders: hint });
    await until(() => toBob.state === 'connected', 8000, 'answered by itself');
    expect(Date.now() - started, 'after about a second').to.be.at.least(900);

    const toCarol = await alice.dial(carol.user, { extraHeaders: hint });
    await sleep(2500);
    expect(toCarol.state, 'without the switch it rings').to.equal('ringing');
    expect(carol.incomingCalls).to.have.length(1);
  });

  it('ring-timeout turns an unanswered incoming call away: no-answer on both sides; no-answer-timeout ends a ringing outgoing one', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const bob = await registeredController(uniqueUser('bob'), { ringTimeout: 2 });
    const bobEnded = nextEvent(bob, 'call-ended', () => true, 8000);
    const out = await alice.dial(bob.user);
    const [{ summary: bobSide }] = await Promise.all([bobEnded, until(() => out.ended, 8000, 'caller ended')]);
    expect(bobSide.reason, 'callee').to.equal('no-answer');
    expect(out.summary?.reason, 'caller').to.equal('no-answer');

    const carol = await registeredController(uniqueUser('carol'), { noAnswerTimeout: 2 });
    const dave = await registeredController(uniqueUser('dave'));
    const daveEnded = nextEvent(dave, 'call-ended', () => true, 8000);
    const ringing = await carol.dial(dave.user);
    await until(() => ringing.ended, 8000, 'no answer');
    expect(ringing.summary?.reason, 'caller').to.equal('no-answer');
    expect((await daveEnded).summary.reason, 'callee: the caller gave up').to.equal('cancelled');
  });
});
