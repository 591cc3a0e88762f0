/**
 * The check every dial target passes before anything else happens (no media captured, no
 * call created): text, no whitespace or control characters inside, none of the delimiters of
 * a SIP name-addr, at most {@link MAX_TARGET_LENGTH} characters. What the provider makes of it
 * (a SIP URI) is the provider's business.
 * @module
 */
import { CallError } from '../base/errors.js';
import { checkExtraHeaders } from './headers.js';

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

/**
 * The checks of a dial's input, before anything else: every target (duplicates dropped; at
 * least one), the extra headers, the group id. Throws `call/invalid-target` or `call/invalid-header`.
 */
export function checkDialInput(
  target: string | string[],
  options: { extraHeaders?: string[]; groupId?: string } = {},
): { targets: string[]; extraHeaders: string[]; groupId: string } {
  const targets = (Array.isArray(target) ? target : [target]).map((t) => checkTarget(t));
  if (!targets.length) checkTarget('');
  return {
    targets: [...new Set(targets)],
    extraHeaders: checkExtraHeaders(options?.extraHeaders, { code: 'call/invalid-header', attribute: 'extraHeaders' }),
    groupId: options?.groupId === undefined ? '' : checkTarget(options.groupId),
  };
}
