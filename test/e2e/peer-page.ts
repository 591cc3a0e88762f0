// The far end of a call across engines: a page in another engine (test/harness/peer-plugin.mjs
// opens it) with one controller, driven by the test through `peer-call` commands.
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { directions, energyOver, inboundAudio, nextEvent, record, registeredController, until } from './helpers.js';

let controller: CallController;
let call: Call | undefined;
let dtmf: { tones: string; direction: string }[] = [];
let endings: { summary: { reason: string } }[] = [];
let rung: { call: Call }[] = [];

/** Inbound video of the current call: packets and decoded frames. */
async function videoIn(): Promise<{ packets: number; frames: number }> {
  const result = { packets: 0, frames: 0 };
  (await call?.getStats())?.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      result.packets = s.packetsReceived ?? 0;
      result.frames = s.framesDecoded ?? 0;
    }
  });
  return result;
}

const peer = {
  async start(user: string, server: string): Promise<string> {
    controller = await registeredController(user, { server, dtmfTransport: 'info' });
    dtmf = record(controller, 'call-dtmf');
    endings = record(controller, 'call-ended');
    rung = record(controller, 'call-incoming');
    return navigator.userAgent;
  },
  /** Answers the next incoming call (video or not) and waits until it is connected. */
  async answerNext(video: boolean): Promise<boolean> {
    const { call: incoming } = await nextEvent(controller, 'call-incoming', () => true, 15_000);
    call = incoming;
    const connected = nextEvent(controller, 'call-connected', (d) => d.call === incoming, 15_000);
    await incoming.answer({ video });
    await connected;
    return incoming.video;
  },
  async dial(user: string, video: boolean): Promise<void> {
    call = await controller.dial(user, { video });
    await nextEvent(controller, 'call-connected', (d) => d.call === call, 15_000);
  },
  async waitAudio(): Promise<void> {
    await until(async () => ((call && (await inboundAudio(call))?.packets) ?? 0) > 20, 10_000, 'audio packets at the peer');
  },
  energy: (ms: number): Promise<number> => (call ? energyOver(call, ms) : Promise.resolve(0)),
  videoIn,
  state: () => ({ state: call?.state, held: call?.held, directions: call ? directions(call) : {} }),
  hold: () => call!.hold(),
  unhold: () => call!.unhold(),
  engine: () => navigator.userAgent,
  visibility: () => document.visibilityState,
  /** Waits until a call rings here (or has rung since the last wait); returns the caller's user. */
  async waitIncoming(): Promise<string> {
    await until(() => rung.length > 0, 10_000, 'a call ringing in the peer page');
    return rung.shift()!.call.remote.user;
  },
  /** Whether this page holds a shared phone's lock (leads it): its client id found by a lock of its own. */
  async leads(): Promise<boolean> {
    const mine = `probe:${Math.random()}`;
    return navigator.locks.request(mine, async () => {
      const { held = [] } = await navigator.locks.query();
      const me = held.find((lock) => lock.name === mine)?.clientId;
      return held.some((lock) => lock.name?.startsWith('call-elements:lead:') && lock.clientId === me);
    });
  },
  sendDtmf: (tones: string) => call!.sendDtmf(tones),
  dtmfIn: () => dtmf.filter((d) => d.direction === 'in').map((d) => d.tones).join(''),
  async hangup(): Promise<void> {
    call?.hangup();
    await until(() => !call || call.ended, 5000, 'the peer call ended');
  },
  ended: () => !call || call.ended,
  /** The end reasons of every call this page saw end, in order. */
  endReasons: () => endings.map((e) => e.summary.reason),
};

declare global {
  interface Window {
    peer: typeof peer;
  }
}
window.peer = peer;
