import { expect } from '@open-wc/testing';
import { CallError } from '../../src/base/errors.js';

/** The `code` of the CallError that `fn` throws (failing if it throws anything else), or undefined. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return (error as CallError).code;
  }
  return undefined;
}
