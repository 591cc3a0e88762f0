// Real JsSIP 3.13 user agents (the browser library, run in Node) against the dev server.
// WebRTC is replaced by a fake peer connection that only trades SDP text; JsSIP's own
// WebSocketInterface runs over the `ws` package. Each test file runs in its own process,
// so the globals set here stay here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import JsSIP from 'jssip';
import type { UA } from 'jssip/lib/UA.js';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import { WebSocket } from 'ws';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=sendrecv\r\n';

/** Just enough of RTCPeerConnection for JsSIP's offer/answer: no media, ICE "complete" at once. */
class FakePeerConnection extends EventTarget {
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  iceGatheringState = 'complete';
  iceConnectionState = 'new';
  signalingState = 'stable';
  async createOffer() {
    return { type: 'offer', sdp: SDP };
  }
  async createAnswer() {
    return { type: 'answer', sdp: SDP };
  }
  async setLocalDescription(description: { type: string; sdp: string }) {
    this.localDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(description: { type: string; sdp: string }) {
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  addTrack() {}
  getSenders() {
    return [];
  }
  getReceivers() {
    return [];
  }
  close() {
    this.signalingState = 'closed';
  }
}

Object.assign(globalThis, {
  window: globalThis,
  WebSocket,
  RTCPeerConnection: FakePeerConnection,
  RTCSessionDescription: class {
    constructor(init: { type: string; sdp: string }) {
      Object.assign(this, init);
    }
  },
});

// JsSIP keeps 32 s transaction timers (RFC 6026 timers L and M after every 2xx), registration
// refreshes and a 2 s close delay in UA.stop(): let them not hold this test process open.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = realSetTimeout(callback, ms, ...args);
  if ((ms ?? 0) >= 2000) timer.unref();
  return timer;
}) as typeof setTimeout;

const NO_MEDIA = { mediaConstraints: { audio: false, video: false } };
const uas: UA[] = [];

/** Starts a JsSIP UA and resolves once it is registered (or rejects with the failure cause). */
function phone(url: string, user: string, password?: string): Promise<UA> {
  const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(url)], uri: `sip:${user}@127.0.0.1`, password, session_timers: false });
  uas.push(ua);
  return new Promise((resolve, reject) => {
    ua.once('registered', () => resolve(ua));
    ua.once('registrationFailed', (e: { cause?: string }) => reject(new Error(`registration failed: ${e.cause}`)));
    ua.start();
  });
}

/** Starts a JsSIP UA that connects without registering. */
function unregisteredPhone(url: string, user: string, password?: string): Promise<UA> {
  const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(url)], uri: `sip:${user}@127.0.0.1`, password, register: false, session_timers: false });
  uas.push(ua);
  return new Promise((resolve) => {
    ua.once('connected', () => resolve(ua));
    ua.start();
  });
}

/** The next incoming session of a UA. */
function incoming(ua: UA): Promise<RTCSession> {
  return new Promise((resolve) => ua.once('newRTCSession', (e: { originator: string; session: RTCSession }) => resolve(e.session)));
}

/** Resolves with the first of some session events (name and its data). */
function event(session: RTCSession, ...names: string[]): Promise<{ name: string; data: { cause?: string; message?: { status_code?: number } } }> {
  return new Promise((resolve) => {
    for (const name of names) session.once(name as 'ended', (data: unknown) => resolve({ name, data: data as never }));
  });
}

describe('with real JsSIP user agents', { timeout: 15_000 }, () => {
  let open: RunningDevSipServer;
  let auth: RunningDevSipServer;
  before(async () => {
    open = await startDevSipServer();
    auth = await startDevSipServer({ users: { alice: 'alice-pw', bob: 'bob-pw' }, realm: 'jssip.test' });
  });
  after(async () => {
    for (const ua of uas) ua.stop();
    await open.close();
    await auth.close();
  });

  it('registers with digest auth, and reports a wrong password as a failure, not a loop', async () => {
    await phone(auth.url, 'alice', 'alice-pw');
    assert.deepEqual(auth.server.stats().registered, ['alice']);
    await assert.rejects(phone(auth.url, 'bob', 'wrong'), /registration failed: Rejected/);
    assert.equal(auth.server.stats().generated['403'], 1);
    assert.equal(auth.server.stats().byUser.bob.REGISTER, 2, 'one challenge, one refused answer, no retry loop');
  });

  it('calls, rings, answers, sends DTMF by INFO, holds (re-INVITE) and hangs up', async () => {
    const alice = await phone(auth.url, 'alice', 'alice-pw');
    const bob = await phone(auth.url, 'bob', 'bob-pw');
    const ringing = incoming(bob);
    const call = alice.call('sip:bob@127.0.0.1', NO_MEDIA);
    const progress = event(call, 'progress', 'failed');
    const answerSide = await ringing;
    assert.equal(answerSide.direction, 'incoming');
    assert.equal((await progress).name, 'progress', 'the 180 reached the caller');
    const confirmed = event(call, 'confirmed', 'failed');
    const calleeConfirmed = event(answerSide, 'confirmed', 'failed');
    answerSide.answer(NO_MEDIA);
    assert.equal((await confirmed).name, 'confirmed');
    assert.equal((await calleeConfirmed).name, 'confirmed', 'the ACK reached the callee');

    const dtmf = event(answerSide, 'newDTMF');
    call.sendDTMF('5', { transportType: JsSIP.C.DTMF_TRANSPORT.INFO });
    assert.equal(((await dtmf).data as unknown as { dtmf: { tone: string } }).dtmf.tone, '5');

    const held = event(answerSide, 'hold');
    call.hold();
    await held;
    assert.equal(answerSide.isOnHold().remote, true, 'the in-dialog re-INVITE went through');

    const ended = event(answerSide, 'ended', 'failed');
    call.terminate();
    assert.deepEqual([(await ended).name, (await ended).data.cause], ['ended', JsSIP.C.causes.BYE]);
  });

  it('answers the 407 of a call from a phone that has not registered, and the call connects', async () => {
    const bob = await phone(auth.url, 'bob', 'bob-pw');
    const carol = await unregisteredPhone(auth.url, 'alice', 'alice-pw');
    const before = auth.server.stats().generated['407'] ?? 0;
    const ringing = incoming(bob);
    const call = carol.call('sip:bob@127.0.0.1', NO_MEDIA);
    const confirmed = event(call, 'confirmed', 'failed');
    (await ringing).answer(NO_MEDIA);
    assert.equal((await confirmed).name, 'confirmed');
    assert.equal(auth.server.stats().generated['407'], before + 1, 'challenged once, answered by JsSIP');
    const ended = event(call, 'ended', 'failed');
    call.terminate();
    await ended;
  });

  it('reports REGISTERs failed by failRegistrations, and registers once the failures are used up', async () => {
    auth.server.failRegistrations({ status: 503, count: 1 });
    await assert.rejects(phone(auth.url, 'carol', 'unused'), /registration failed/);
    assert.equal(auth.server.stats().generated['503'], 1);
    await phone(auth.url, 'alice', 'alice-pw');
  });

  it('cancels a ringing call, and reports busy, not-found, a callee lost while ringing, and unavailable', async () => {
    const alice = await phone(open.url, 'alice');
    const bob = await phone(open.url, 'bob');

    let ringing = incoming(bob);
    let call = alice.call('sip:bob@127.0.0.1', NO_MEDIA);
    const callee = await ringing;
    await event(call, 'progress');
    const calleeFailed = event(callee, 'failed');
    call.terminate();
    assert.equal((await calleeFailed).data.cause, JsSIP.C.causes.CANCELED, 'the CANCEL reached the callee');

    ringing = incoming(bob);
    call = alice.call('sip:bob@127.0.0.1', NO_MEDIA);
    const busy = event(call, 'failed');
    (await ringing).terminate({ status_code: 486 });
    assert.equal((await busy).data.cause, JsSIP.C.causes.BUSY);

    call = alice.call('sip:nobody@127.0.0.1', NO_MEDIA);
    const notFound = await event(call, 'failed');
    assert.equal(notFound.data.message?.status_code, 404);

    const frank = await phone(open.url, 'frank');
    ringing = incoming(frank);
    call = alice.call('sip:frank@127.0.0.1', NO_MEDIA);
    await ringing;
    await event(call, 'progress');
    const vanished = event(call, 'failed');
    (frank as unknown as { _transport: { disconnect(): void } })._transport.disconnect(); // like closing the tab
    assert.equal((await vanished).data.message?.status_code, 480, 'callee socket closed while ringing');

    const erin = await phone(open.url, 'erin');
    const erinGone = new Promise((resolve) => erin.once('unregistered', resolve));
    erin.unregister();
    await erinGone;
    call = alice.call('sip:erin@127.0.0.1', NO_MEDIA);
    const unavailable = await event(call, 'failed');
    assert.equal(unavailable.data.message?.status_code, 480);
    assert.equal(unavailable.data.cause, JsSIP.C.causes.UNAVAILABLE);
  });

  it('delivers MESSAGE both ways', async () => {
    const carol = await phone(open.url, 'carol');
    const dave = await phone(open.url, 'dave');
    const got = new Promise<string>((resolve) =>
      dave.once('newMessage', (e: { originator: string; request: { body: string } }) => resolve(e.request.body)),
    );
    const sent = new Promise<void>((resolve, reject) =>
      carol.sendMessage('sip:dave@127.0.0.1', 'hello dave ✓', { eventHandlers: { succeeded: () => resolve(), failed: (e: { cause?: string }) => reject(new Error(e.cause)) } }),
    );
    assert.equal(await got, 'hello dave ✓');
    await sent;
  });
});
