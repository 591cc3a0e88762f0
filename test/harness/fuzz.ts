import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { CallError } from '../../src/base/errors.js';
import type { CallErrorCode } from '../../src/base/errors.js';

/** Runs per property. */
export const RUNS = 1000;

/** Any JavaScript value, including the awkward ones (null-prototype objects, bigints, boxed values, Maps, Dates, sparse arrays). */
export const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Characters that break parsers of headers, URIs and JSON. */
const NASTY = ['\r', '\n', '\0', '\t', ' ', ':', ';', ',', '"', "'", '<', '>', '@', '\\', '/', '?', '=', '[', ']', '{', '}', '%', '\u2028', '\u00e9', '\ud83d\ude00', '\x7f', '\x1b'];

/** Strings mixing ordinary text with {@link NASTY} characters. */
export const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** Text of every kind: plain, nasty, full Unicode, binary. */
export const anyText = fc.oneof(fc.string(), nastyString, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

/**
 * Runs `fn` on one input: it either returns a value `valid` accepts, or throws a
 * {@link CallError} whose code is one of `codes` — never another exception.
 */
export function validOrTyped<T>(fn: () => T, codes: readonly CallErrorCode[], valid: (value: T) => void): void {
  let value: T;
  try {
    value = fn();
  } catch (error) {
    if (!(error instanceof CallError)) throw new Error(`threw ${String((error as Error)?.name)}: ${String((error as Error)?.message)}`);
    expect(codes, 'error code').to.include(error.code);
    return;
  }
  valid(value);
}
