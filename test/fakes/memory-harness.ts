/**
 * Helpers for unit tests of the controller on the memory provider: a started controller, the
 * events it fired, waiting for a condition, and a connected call in one step.
 * @module
 */
import { CallController } from '../../src/core/call-controller.js';
import type { ControllerSettings } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { CALL_EVENT_NAMES } from '../../src/core/events.js';
import type { CallEventDetailMap, CallEventName } from '../../src/core/events.js';
import type { MemoryNetwork, MemorySession } from './memory-provider.js';

const started: CallController[] = [];

/** A controller on `network`'s provider, started (the provider reports `registered` by default). */
export async function startedController(network: MemoryNetwork, settings: ControllerSettings = {}): Promise<CallController> {
  const controller = new CallController({ provider: network.name, server: 'memory://test', user: 'alice', quality: false, ...settings });
  started.push(controller);
  await controller.start();
  return controller;
}

/** Disposes every controller {@link startedController} made (use in afterEach). */
export async function disposeControllers(): Promise<void> {
  await Promise.all(started.splice(0).map((c) => c.dispose()));
}

/** One event as recorded: its name and detail. */
export interface Seen {
  type: CallEventName;
  detail: CallEventDetailMap[CallEventName];
}

/** Records every event the controller fires from now on. */
export function recordEvents(controller: CallController): Seen[] {
  const seen: Seen[] = [];
  for (const type of CALL_EVENT_NAMES) controller.addEventListener(type, (event) => seen.push({ type, detail: event.detail }));
  return seen;
}

/**
 * The call's life-cycle events, as short lines: `call-state-change:connecting`, `call-ringing`,
 * `call-ended:busy`… (events of other calls, and the rest, left out).
 */
export function lifeCycle(seen: readonly Seen[], call?: Call): string[] {
  const names = new Set<CallEventName>(['call-incoming', 'call-outgoing', 'call-state-change', 'call-ringing', 'call-connected', 'call-ended', 'call-failed']);
  return seen
    .filter((e) => names.has(e.type) && (!call || (e.detail as { call?: Call }).call === call))
    .map((e) => {
      const d = e.detail as { state?: string; summary?: { reason: string } };
      if (e.type === 'call-state-change') return `${e.type}:${d.state}`;
      if (e.type === 'call-ended' || e.type === 'call-failed') return `${e.type}:${d.summary!.reason}`;
      return e.type;
    });
}

/** The details of the recorded events named `type`. */
export function details<K extends CallEventName>(seen: readonly Seen[], type: K): CallEventDetailMap[K][] {
  return seen.filter((e) => e.type === type).map((e) => e.detail as CallEventDetailMap[K]);
}

/** Waits until `condition` holds (polling every few ms), failing with `what` after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending promises and zero-delay timers run. */
export function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Dials `target` and has the far end ring and answer: the call, connected, and its session. */
export async function connectedCall(controller: CallController, network: MemoryNetwork, target = 'bob'): Promise<[Call, MemorySession]> {
  const call = await controller.dial(target);
  const session = network.last;
  session.ring().connect();
  return [call, session];
}

/** Delivers an incoming call and answers it: the call, connected, and its session. */
export async function answeredCall(controller: CallController, network: MemoryNetwork, from = 'carol'): Promise<[Call, MemorySession]> {
  const invitation = network.incoming({ from });
  const session = invitation.session;
  if (!session) throw new Error(`the incoming call from ${from} was refused (${invitation.refused})`);
  const call = controller.calls.find((c) => c.hasSession(session))!;
  await call.answer();
  await until(() => call.state === 'connected', `${from}'s call connected`);
  return [call, session];
}
