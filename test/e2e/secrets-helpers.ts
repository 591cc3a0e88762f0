// What the secrets tests share (secrets.test.ts: calls, which need WebRTC; secrets-config.test.ts:
// configuration errors, which every engine runs): a TURN credential to look for, and the
// observation of event details and console lines.
import { expect } from '@open-wc/testing';
import { CALL_EVENT_NAMES } from '../../src/core/events.js';
import { pathTo } from '../harness/reachable.js';

export const TURN_CREDENTIAL = 'turn-credential-7c1e9b';
/** A TURN server that does not answer: its credential is configured, its allocation never happens. */
export const ICE_SERVERS = [{ urls: 'turn:127.0.0.1:2?transport=udp', username: 'turn-user', credential: TURN_CREDENTIAL }];

/** Records every console line and every event detail of some targets while `fn` runs. */
export async function observe(targets: EventTarget[], fn: () => Promise<void>): Promise<{ details: unknown[]; console: string[] }> {
  const details: unknown[] = [];
  const lines: string[] = [];
  const listener = (event: Event) => details.push((event as CustomEvent).detail);
  for (const target of targets) for (const name of CALL_EVENT_NAMES) target.addEventListener(name, listener);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(' '));
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => (console[m] = originals[i]));
    for (const target of targets) for (const name of CALL_EVENT_NAMES) target.removeEventListener(name, listener);
  }
  return { details, console: lines };
}

/** Fails with the path to the first secret reachable from `root`. */
export function expectNoSecret(root: unknown, secrets: string[], what: string): void {
  for (const secret of secrets) expect(pathTo(root, secret), `${what} leads to a secret`).to.equal(undefined);
}
