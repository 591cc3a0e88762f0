import { CallError } from '../base/errors.js';

/** Characters a DTMF string may hold: digits, A–D, `*`, `#`, and `,` for a 2 s pause. */
export const DTMF_PATTERN = /^[0-9A-D*#,]+$/;

/**
 * Normalises a DTMF string (upper-cases a–d, drops spaces) or throws `call/invalid-dtmf`.
 */
export function normalizeDtmf(tones: unknown): string {
  const text = typeof tones === 'number' ? String(tones) : typeof tones === 'string' ? tones : '';
  const cleaned = text.replace(/\s+/g, '').toUpperCase();
  if (!cleaned || !DTMF_PATTERN.test(cleaned)) {
    const shown = typeof tones === 'string' || typeof tones === 'number' ? JSON.stringify(text.slice(0, 40)) : `(${typeof tones})`;
    throw new CallError(
      'call/invalid-dtmf',
      `Invalid DTMF ${shown}: use only 0-9, A-D, *, # and "," (a pause).`,
      { attribute: 'tones' },
    );
  }
  return cleaned;
}
