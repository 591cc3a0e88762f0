// Controllers on the TRTC provider over the fake Tencent cloud (test/fakes/tencent): the SDKs
// are injected through the `sdk` setting, as a page that bundles them would.
import '../../src/providers/defaults.js';
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import type { ControllerSettings } from '../../src/core/settings.js';
import FakeChat from '../fakes/tencent/fake-chat.js';
import FakeTIM from '../fakes/tencent/fake-tim.js';
import FakeTRTC from '../fakes/tencent/fake-trtc.js';
import FakeTRTCV5 from '../fakes/tencent/fake-trtc-v5.js';
import { fakeCloud } from '../fakes/tencent/cloud.js';
import { nextEvent, sleep, until } from './helpers.js';

/** The SDKAppID every TRTC test uses. */
export const SDK_APP_ID = 1400000001;
/** The fake cloud of this page. */
export const cloud = fakeCloud();
/** One generation of Tencent's SDKs, as fakes: trtc-js-sdk 4 + tim-js-sdk, or trtc-sdk-v5 + @tencentcloud/chat. */
export interface FakeGeneration {
  name: string;
  TRTC: typeof FakeTRTC | typeof FakeTRTCV5;
  TIM: typeof FakeTIM | typeof FakeChat;
}

/** Both generations, as the TRTC suite runs its scenarios with each. */
export const GENERATIONS: FakeGeneration[] = [
  { name: 'trtc-js-sdk 4 + tim-js-sdk', TRTC: FakeTRTC, TIM: FakeTIM },
  { name: 'trtc-sdk-v5 + @tencentcloud/chat', TRTC: FakeTRTCV5, TIM: FakeChat },
];

/**
 * The fakes, as the `sdk` setting takes them: the generation {@link useGeneration} chose
 * (trtc-js-sdk 4 + tim-js-sdk until then). Controllers read it when they start.
 */
export const FAKE_SDKS: { TRTC: FakeGeneration['TRTC']; TIM: FakeGeneration['TIM'] } = { TRTC: FakeTRTC, TIM: FakeTIM };

/** Makes {@link FAKE_SDKS} (and so every controller started after it) use `generation`. */
export function useGeneration(generation: Pick<FakeGeneration, 'TRTC' | 'TIM'>): void {
  FAKE_SDKS.TRTC = generation.TRTC;
  FAKE_SDKS.TIM = generation.TIM;
}

const started: CallController[] = [];
let counter = 0;

/** A TRTC user id unique to this page run (ids are at most 32 characters). */
export function trtcUser(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).slice(-5)}${counter++}`;
}

/** A TRTC controller for `user`, started and logged in (`registered`). */
export async function trtcController(user: string, settings: ControllerSettings = {}): Promise<CallController> {
  const controller = new CallController({ provider: 'trtc', sdkAppId: SDK_APP_ID, user, userSig: `sig-${user}`, sdk: { ...FAKE_SDKS }, tones: false, ...settings });
  started.push(controller);
  const registered = nextEvent(controller, 'call-registered', () => true, 10_000);
  await controller.start();
  await registered;
  return controller;
}

/** Disposes the controllers started here; then no captured track may be live and no media link open. */
export async function disposeTrtc(): Promise<void> {
  const controllers = started.splice(0);
  await Promise.all(controllers.map((c) => c.dispose()));
  await until(() => cloud.openPeerConnections() === 0, 5000, 'every media link closed');
}

/** Calls `callee` from `caller`, answers, and waits until both are connected. */
export async function trtcPair(caller: CallController, callee: CallController, video = false): Promise<[Call, Call]> {
  const incoming = nextEvent(callee, 'call-incoming');
  const outgoing = await caller.dial(callee.user, { video });
  const { call: inbound } = await incoming;
  const both = Promise.all([nextEvent(caller, 'call-connected', (d) => d.call === outgoing), nextEvent(callee, 'call-connected', (d) => d.call === inbound)]);
  await inbound.answer({ video });
  await both;
  return [outgoing, inbound];
}

/** The received audio energy of `publisher`'s stream at `subscriber` over `ms` (> 0: sound arrives). */
export async function energyAt(publisher: string, subscriber: string, ms = 600): Promise<number> {
  const read = async () => {
    let energy = 0;
    for (const link of cloud.mediaLinks()) {
      if (link.publisher !== publisher || link.subscriber !== subscriber) continue;
      (await link.receiver.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
      });
    }
    return energy;
  };
  const before = await read();
  await sleep(ms);
  return (await read()) - before;
}

/** Decoded TSignaling envelopes sent by `from` (inner `data` parsed), oldest first. */
export function signalsFrom(from: string): { actionType: number; inviteID: string; inviteeList: string[]; groupID: string; timeout: number; data: Record<string, any> }[] {
  return cloud.signals(from).map((envelope: Record<string, any>): any => ({ ...envelope, data: typeof envelope.data === 'string' ? JSON.parse(envelope.data) : envelope.data }));
}
