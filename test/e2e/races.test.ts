// Races a user can run into: a caller who cancels while we answer, a call that fails after the
// others went on hold, and durations longer than a timer can hold.
import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { connectedPair, directions, disposeControllers, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Counts getUserMedia calls from now on; `restore()` puts the original back. */
function countCaptures(fail?: () => Error | undefined): { count: number; restore(): void } {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  const counter = {
    count: 0,
    restore: () => (media.getUserMedia = original),
  };
  media.getUserMedia = (constraints) => {
    counter.count++;
    const error = fail?.();
    return error ? Promise.reject(error) : original.call(media, constraints);
  };
  return counter;
}

/** Makes the far end of `call` slow to answer re-INVITEs (its peer connection waits before taking the offer). */
function slowToAnswer(call: Call, ms: number): void {
  const pc = call.peerConnections()[0];
  const original = pc.setRemoteDescription.bind(pc);
  pc.setRemoteDescription = async (description: RTCSessionDescriptionInit) => {
    await sleep(ms);
    return original(description);
  };
}

/** Waits until `call` is connected again, off hold on both sides, sending and receiving audio. */
async function expectResumed(call: Call, far: Call): Promise<void> {
  await until(() => call.state === 'connected' && !call.held.local && !far.held.remote, 8000, 'the held call resumed');
  await until(() => directions(call).audio === 'sendrecv', 5000, 'audio both ways');
}

describe('races', function () {
  this.timeout(30_000);
  let alice: CallController;
  let bob: CallController;
  let carol: CallController;
  beforeEach(async () => {
    [alice, bob, carol] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob')), registeredController(uniqueUser('carol'))]);
  });
  afterEach(disposeControllers);

  it('answering a call the caller cancels while the other call goes on hold captures nothing, and the held call resumes', async () => {
    const [withBob, atBob] = await connectedPair(alice, bob);
    slowToAnswer(atBob, 800);
    const incoming = nextEvent(alice, 'call-incoming');
    const fromCarol = await carol.dial(alice.user);
    const { call } = await incoming;
    const tracksBefore = alice.media.liveTrackCount;
    const captures = countCaptures();
    try {
      const ended = nextEvent(alice, 'call-ended', (d) => d.call === call);
      const answering = call.answer();
      fromCarol.hangup(); // the CANCEL arrives while alice's hold re-INVITE waits for bob
      await answering;
      expect((await ended).summary.reason).to.equal('cancelled');
      await sleep(300);
      expect(captures.count, 'getUserMedia calls').to.equal(0);
      expect(alice.media.liveTrackCount, 'live tracks').to.equal(tracksBefore);
    } finally {
      captures.restore();
    }
    await expectResumed(withBob, atBob);
  });

  it('a call to nobody (404) after the connected call went on hold: the held call resumes', async () => {
    const [withBob, atBob] = await connectedPair(alice, bob);
    const failed = nextEvent(alice, 'call-failed');
    const attempt = await alice.dial(uniqueUser('nobody'));
    await until(() => withBob.held.local, 5000, 'held for the new call');
    expect((await failed).call).to.equal(attempt);
    await expectResumed(withBob, atBob);
  });

  it('an answer that fails for the microphone (permission denied) resumes the held call', async () => {
    const [withBob, atBob] = await connectedPair(alice, bob);
    const incoming = nextEvent(alice, 'call-incoming');
    await carol.dial(alice.user);
    const { call } = await incoming;
    const denied = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    const captures = countCaptures(() => denied);
    const warn = console.warn;
    console.warn = () => undefined;
    let code: string | undefined;
    try {
      await call.answer().catch((error: { code?: string }) => (code = error.code));
    } finally {
      captures.restore();
      console.warn = warn;
    }
    expect(code).to.equal('media/permission-denied');
    expect(call.ended).to.equal(true);
    await expectResumed(withBob, atBob);
  });

  it('a dial that is hung up while the others go on hold captures nothing, and the held call resumes', async () => {
    const [withBob, atBob] = await connectedPair(alice, bob);
    slowToAnswer(atBob, 800);
    const captures = countCaptures();
    try {
      const outgoing = nextEvent(alice, 'call-outgoing');
      const dialling = alice.dial(carol.user);
      (await outgoing).call.hangup();
      const call = await dialling;
      expect(call.summary?.reason).to.equal('cancelled');
      expect(captures.count, 'getUserMedia calls').to.equal(0);
    } finally {
      captures.restore();
    }
    await expectResumed(withBob, atBob);
  });
});

describe('a target the provider cannot call', function () {
  afterEach(disposeControllers);

  it('is refused with call/invalid-target before the microphone opens or a call exists', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const outgoing = record(alice, 'call-outgoing');
    const captures = countCaptures();
    try {
      let refused: unknown;
      await alice.dial('a{b').catch((error) => (refused = error));
      expect((refused as { code?: string })?.code).to.equal('call/invalid-target');
      expect(captures.count, 'getUserMedia calls').to.equal(0);
      expect(outgoing, 'call-outgoing').to.deep.equal([]);
      expect(alice.calls).to.deep.equal([]);
    } finally {
      captures.restore();
    }
  });
});

describe('durations beyond what a timer holds (2³¹−1 ms)', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('a huge noAnswerTimeout keeps the call ringing on both sides (it does not fire at once)', async () => {
    const settings = { noAnswerTimeout: 3_000_000 }; // 3·10⁹ ms
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice'), settings), registeredController(uniqueUser('bob'), settings)]);
    const ended = record(alice, 'call-ended');
    const incoming = nextEvent(bob, 'call-incoming');
    const call = await alice.dial(bob.user);
    const { call: inbound } = await incoming;
    await sleep(1500);
    expect(ended, 'no call ended').to.have.length(0);
    expect(call.state).to.equal('ringing');
    expect(inbound.state).to.equal('incoming');
    call.hangup();
  });

  it('huge quality intervals do not poll in a loop', async () => {
    const quality = { intervalMs: 2 ** 32, reportIntervalMs: 2 ** 32 };
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice'), { quality }), registeredController(uniqueUser('bob'))]);
    const samples = record(alice, 'call-quality');
    const reports = record(alice, 'call-report');
    const [out] = await connectedPair(alice, bob);
    await sleep(1500);
    expect(samples.length, 'samples').to.be.at.most(1);
    expect(reports.length, 'reports').to.equal(0);
    out.hangup();
  });
});
