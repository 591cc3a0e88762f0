// The core knows no provider by itself; the package entries register the default ones.
import '../../src/providers/defaults.js';
import { CallController } from '../../src/core/call-controller.js';
import type { ControllerSettings } from '../../src/core/settings.js';
import type { Call } from '../../src/core/call.js';
import type { CallEventDetailMap, CallEventName } from '../../src/core/events.js';
import { testEnv } from '../harness/env.js';

/** Resolves with the detail of the next `type` event matching `accept`, or rejects after `ms`. */
export function nextEvent<K extends CallEventName>(
  target: EventTarget,
  type: K,
  accept: (detail: CallEventDetailMap[K]) => boolean = () => true,
  ms = 10_000,
): Promise<CallEventDetailMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`no ${type} within ${ms} ms`));
    }, ms);
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<CallEventDetailMap[K]>).detail;
      if (!accept(detail)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(detail);
    };
    target.addEventListener(type, listener);
  });
}

/** Records every event of a type on a target. */
export function record<K extends CallEventName>(target: EventTarget, type: K): CallEventDetailMap[K][] {
  const seen: CallEventDetailMap[K][] = [];
  target.addEventListener(type, (event) => seen.push((event as CustomEvent<CallEventDetailMap[K]>).detail));
  return seen;
}

/** Waits until `predicate` holds, polling. */
export async function until(predicate: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Sleeps. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;

/** A unique user name, so tests never see each other's registrations. */
export function uniqueUser(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${counter++}`;
}

const started: CallController[] = [];

/** Starts a controller on the open dev server and waits until it is registered. */
export async function registeredController(user: string, settings: ControllerSettings = {}): Promise<CallController> {
  const controller = new CallController({ server: testEnv.sipUrl, user, tones: false, ...settings });
  started.push(controller);
  const registered = nextEvent(controller, 'call-registered');
  await controller.start();
  await registered;
  return controller;
}

/** Disposes every controller the helpers started. Use in afterEach. */
export async function disposeControllers(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.dispose()));
}

/** Calls from `caller` to `callee`, answers, and waits until both sides are connected. */
export async function connectedPair(caller: CallController, callee: CallController, video = false): Promise<[Call, Call]> {
  const incoming = nextEvent(callee, 'call-incoming');
  const outgoing = await caller.dial(callee.user, { video });
  const { call: inbound } = await incoming;
  const bothConnected = Promise.all([
    nextEvent(caller, 'call-connected', (d) => d.call === outgoing),
    nextEvent(callee, 'call-connected', (d) => d.call === inbound),
  ]);
  await inbound.answer({ video });
  await bothConnected;
  return [outgoing, inbound];
}

/** The inbound audio RTP stats of a call, or undefined. */
export async function inboundAudio(call: Call): Promise<{ packets: number; energy: number } | undefined> {
  const report = await call.getStats();
  let result: { packets: number; energy: number } | undefined;
  report?.forEach((stat) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
      result = { packets: stat.packetsReceived ?? 0, energy: stat.totalAudioEnergy ?? 0 };
    }
  });
  return result;
}

/** Received audio energy over a window: > 0 when the far end sends sound. */
export async function energyOver(call: Call, ms: number): Promise<number> {
  const before = (await inboundAudio(call))?.energy ?? 0;
  await sleep(ms);
  const after = (await inboundAudio(call))?.energy ?? 0;
  return after - before;
}

/** Waits until audio flows both ways between a call and its far end. */
export async function talking(a: Call, b: Call): Promise<void> {
  await until(async () => (await energyOver(a, 300)) > 0 && (await energyOver(b, 300)) > 0, 10_000, 'audio both ways');
}

/** Current directions of a call's transceivers by kind, e.g. `{ audio: 'sendonly' }`. */
export function directions(call: Call): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const t of call.peerConnections()[0]?.getTransceivers() ?? []) {
    out[t.receiver.track.kind] = t.currentDirection;
  }
  return out;
}

/** Every console line printed while `run` runs (all levels). */
export async function consoleDuring(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      originals[i].apply(console, args);
    };
  });
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = originals[i]));
  }
  return lines;
}
