/**
 * The check every dial target passes before anything else happens (no media captured, no
 * call created): text, no whitespace or control characters inside, none of the delimiters of
 * a SIP name-addr, at most {@link MAX_TARGET_LENGTH} characters. What the provider makes of it
 * (a SIP URI) is the provider's business.
 * @module
 */
import { CallError } from './errors.js';

/** Longest dial target, in characters. */
export const MAX_TARGET_LENGTH = 256;

const TARGET = /^[^\s<>"'\x00-\x1f\x7f]+$/;

/** Returns the trimmed target, or throws `call/invalid-target` (naming at most an escaped prefix of it). */
export function checkTarget(target: unknown): string {
  const text = typeof target === 'string' ? target.trim() : typeof target === 'number' ? String(target) : '';
  if (text && text.length <= MAX_TARGET_LENGTH && TARGET.test(text)) return text;
  const shown = typeof target === 'string' ? JSON.stringify(target.slice(0, 40)) : `(${typeof target})`;
  return invalid(shown);
}

function invalid(shown: string): never {
  throw new CallError('call/invalid-target', `Cannot call ${shown}: enter a user name, number or SIP URI (for TRTC, a user id).`, { attribute: 'target' });
}
