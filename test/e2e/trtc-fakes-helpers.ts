// What the TRTCCalling tests on the fakes share (trtc-fakes.test.ts: signalling, which every
// engine runs; trtc-fakes-media.test.ts: calls with media, which need RTCPeerConnection): Tencent's
// own web calling client (trtc-calling-js 1.0.6 + tsignaling 1.0.8, from npm, bundled with their
// `trtc-js-sdk` / `tim-js-sdk` imports aliased to test/fakes/tencent) on the fake cloud, its
// users logged in in one page, and the hooks that hang them up and check nothing stays live.
import { expect } from '@open-wc/testing';
import TRTCCalling from 'trtc-calling-js';
import { fakeCloud } from '../fakes/tencent/cloud.js';
import { sleep, until } from './helpers.js';

export const SDKAppID = 1400000001;
export const cloud = fakeCloud();
export const E = TRTCCalling.EVENT;

/** A logged-in TRTCCalling user and every event it emitted, by event name. */
export interface User {
  id: string;
  calling: TRTCCalling;
  events: Map<string, unknown[]>;
}

const users: User[] = [];
/** Every track getUserMedia handed out in this page (one test file), and every track received over a link. */
export const tracks = new Set<MediaStreamTrack>();
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);

export async function login(id: string): Promise<User> {
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

export function seen(user: User, event: string): unknown[] {
  return user.events.get(event)!;
}

export function waitFor(user: User, event: string, ms = 10_000): Promise<void> {
  return until(() => seen(user, event).length > 0, ms, `${user.id} ${event}`);
}

/** Calls `from` → `to` (audio) and waits until `to` is invited. */
export async function ring(from: User, to: User): Promise<void> {
  await from.calling.call({ userID: to.id, type: 1 });
  await waitFor(to, E.INVITED);
}

/**
 * The hooks of a describe of TRTCCalling users: every track getUserMedia hands out is kept; after
 * each test everyone hangs up and logs out and the cloud is reset; after the file every captured
 * or received track has ended and no peer connection is open.
 */
export function trtcCallingHooks(): void {
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
}
