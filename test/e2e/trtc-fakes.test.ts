// Tencent's own web calling client (trtc-calling-js 1.0.6 + tsignaling 1.0.8, from npm,
// bundled with their `trtc-js-sdk` / `tim-js-sdk` imports aliased to test/fakes/tencent) runs on
// the fake cloud: several TRTCCalling users in one page call each other. This is what shows the
// fakes follow the real SDKs closely enough for Tencent's code, before our provider uses them.
import { expect } from '@open-wc/testing';
import TRTCCalling from 'trtc-calling-js';
import { fakeCloud } from '../fakes/tencent/cloud.js';
import { sleep, until } from './helpers.js';

const SDKAppID = 1400000001;
const cloud = fakeCloud();
const E = TRTCCalling.EVENT;

/** A logged-in TRTCCalling user and every event it emitted, by event name. */
interface User {
  id: string;
  calling: TRTCCalling;
  events: Map<string, unknown[]>;
}

const users: User[] = [];
/** Every track getUserMedia handed out in this file, and every track received over a link. */
const tracks = new Set<MediaStreamTrack>();
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

async function login(id: string): Promise<User> {
  const calling = new TRTCCalling({ SDKAppID });
  calling.setLogLevel(3);
  const events = new Map<string, unknown[]>();
  for (const name of Object.values(E)) {
    events.set(name, []);
    calling.on(name, (event: unknown) => events.get(name)!.push(event));
  }
  const user = { id, calling, events };
  users.push(user);
  await calling.login({ userID: id, userSig: `sig-${id}` });
  await until(() => events.get(E.SDK_READY)!.length > 0, 5000, `${id} SDK_READY`);
  return user;
}

function seen(user: User, event: string): unknown[] {
  return user.events.get(event)!;
}

function waitFor(user: User, event: string, ms = 10_000): Promise<void> {
  return until(() => seen(user, event).length > 0, ms, `${user.id} ${event}`);
}

/** Received audio energy (inbound-rtp totalAudioEnergy) of `publisher`'s stream at `subscriber`. */
async function receivedEnergy(publisher: string, subscriber: string): Promise<number> {
  const link = cloud.mediaLinks().find((l) => l.publisher === publisher && l.subscriber === subscriber);
  if (!link) return 0;
  for (const receiver of link.receiver.getReceivers()) tracks.add(receiver.track);
  let energy = 0;
  (await link.receiver.getStats()).forEach((s: any) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') energy = s.totalAudioEnergy ?? 0;
  });
  return energy;
}

/** Calls `from` → `to` (audio) and waits until `to` is invited. */
async function ring(from: User, to: User): Promise<void> {
  await from.calling.call({ userID: to.id, type: 1 });
  await waitFor(to, E.INVITED);
}

describe('Tencent TRTCCalling on the TRTC/TIM fakes', function () {
  this.timeout(40_000);

  before(() => {
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      for (const track of stream.getTracks()) tracks.add(track);
      return stream;
    };
  });

  afterEach(async () => {
    // Hang everyone up, let the far ends finish (TRTCCalling's peer-leave handler resets its
    // client after an await: logging out under it throws inside trtc-calling-js), then log out.
    const all = users.splice(0);
    for (const user of all) await user.calling.hangup().catch(() => {});
    await sleep(300);
    for (const user of all) await user.calling.logout().catch(() => {});
    await until(() => cloud.openPeerConnections() === 0, 5000, 'peer connections closed');
    cloud.reset();
  });

  after(async () => {
    navigator.mediaDevices.getUserMedia = getUserMedia;
    // Everything captured or received was released: no live track, no open peer connection.
    await until(() => [...tracks].every((t) => t.readyState === 'ended'), 5000, 'all tracks ended');
    expect(cloud.openPeerConnections()).to.equal(0);
  });

  /**
   * Proves login, the INVITE wire format (sent by tsignaling through the fake TIM), accept
   * (callee joins the fake room), USER_ENTER on both sides (stream-added → subscribe →
   * stream-subscribed with real tracks), real audio at the callee from the caller's fake
   * microphone over the loopback peer connections, and hang-up → CALL_END at the far end with
   * the `hangup` INVITE; afterwards both left the room.
   */
  it('calls, is accepted, carries audio, and hangs up (CALL_END at the far end)', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    const invite = cloud.signals('u1').find((s) => s.actionType === 1);
    expect(invite).to.include({ businessID: 1, inviter: 'u1', timeout: 30, onlineUserOnly: false });
    expect(invite.inviteeList).to.deep.equal(['u2']);
    const inner = JSON.parse(invite.data);
    expect(inner).to.include({ version: 4, call_type: 1, businessID: 'av_call', platform: 'Web' });
    expect(inner.room_id).to.be.a('number');
    expect(inner.data).to.include({ cmd: 'audioCall', room_id: inner.room_id });
    expect(cloud.roomMembers(SDKAppID, inner.room_id)).to.deep.equal(['u1']); // caller joined first

    await u2.calling.accept();
    await waitFor(u1, E.USER_ENTER);
    await waitFor(u2, E.USER_ENTER);
    expect(seen(u1, E.USER_ENTER)).to.deep.equal([{ userID: 'u2' }]);
    expect(seen(u2, E.USER_ENTER)).to.deep.equal([{ userID: 'u1' }]);
    expect(cloud.signals('u2').map((s) => s.actionType)).to.deep.equal([3]);

    let before = await receivedEnergy('u1', 'u2');
    await until(async () => (await receivedEnergy('u1', 'u2')) > before, 8000, 'audio energy at u2');
    before = await receivedEnergy('u2', 'u1');
    await until(async () => (await receivedEnergy('u2', 'u1')) > before, 8000, 'audio energy at u1');

    await u1.calling.hangup();
    await waitFor(u2, E.CALL_END);
    const hangup = cloud.signals('u2').find((s) => s.actionType === 1);
    expect(JSON.parse(hangup.data).data.cmd).to.equal('hangup');
    await until(() => cloud.roomMembers(SDKAppID, inner.room_id).length === 0, 5000, 'room empty');
  });

  /** Proves reject: the callee's REJECT (actionType 4) reaches the caller as REJECT. */
  it('reject → REJECT at the caller', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    await u2.calling.reject();
    await waitFor(u1, E.REJECT);
    expect(seen(u1, E.REJECT)).to.deep.equal([{ userID: 'u2' }]);
    const reject = cloud.signals('u2').find((s) => s.actionType === 4);
    expect(JSON.parse(reject.data).line_busy).to.equal(undefined);
  });

  /**
   * Proves busy: u2 is connected with u3; u1's invitation is answered automatically by
   * TRTCCalling with a REJECT carrying `line_busy` and u1 gets LINE_BUSY; the u2–u3 call goes on.
   */
  it('busy → LINE_BUSY at the caller', async () => {
    const [u1, u2, u3] = [await login('u1'), await login('u2'), await login('u3')];
    await ring(u3, u2);
    await u2.calling.accept();
    await waitFor(u3, E.USER_ENTER);
    await u1.calling.call({ userID: 'u2', type: 1 });
    await waitFor(u1, E.LINE_BUSY);
    // trtc-calling-js 1.0.6 passes the REJECT's `inviter` (the caller itself) as `sponsor`.
    expect(seen(u1, E.LINE_BUSY)).to.deep.equal([{ sponsor: 'u1', userID: 'u2' }]);
    const busy = JSON.parse(cloud.signals('u2').find((s) => s.actionType === 4).data);
    expect(busy).to.include({ line_busy: 'line_busy' });
    expect(busy.data.message).to.equal('lineBusy');
    expect(seen(u2, E.CALL_END)).to.have.length(0);
  });

  /** Proves cancel: the caller hangs up while it rings → CANCEL (actionType 2) → CALLING_CANCEL. */
  it('cancel → CALLING_CANCEL at the callee', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    await u1.calling.hangup();
    await waitFor(u2, E.CALLING_CANCEL);
    expect(cloud.signals('u1').map((s) => s.actionType)).to.deep.equal([1, 2]);
  });

  /**
   * Proves the client-side timeouts run on the fakes: with a 2 s timeout (set on the
   * instance: 1.0.6 ignores `call({ timeout })`), the callee's timer fires first (timeout s),
   * sends TIMEOUT (actionType 5) and gets CALLING_TIMEOUT; the caller gets it as CALLING_TIMEOUT
   * too (not NO_RESP) and both end.
   */
  it('timeout → CALLING_TIMEOUT on both sides (callee sends actionType 5)', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    (u1.calling as unknown as { _callTimeout: number })._callTimeout = 2;
    await ring(u1, u2);
    expect(cloud.signals('u1')[0].timeout).to.equal(2);
    await waitFor(u2, E.CALLING_TIMEOUT, 6000);
    await waitFor(u1, E.CALLING_TIMEOUT, 6000);
    expect(cloud.signals('u2').map((s) => s.actionType)).to.deep.equal([5]);
    expect(seen(u1, E.NO_RESP)).to.have.length(0);
    await sleep(100);
    await until(() => cloud.openPeerConnections() === 0, 5000, 'peer connections closed');
  });
});
