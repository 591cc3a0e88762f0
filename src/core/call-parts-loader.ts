/**
 * Imports the calls' code ({@link CallParts}) once for the page, when the first controller
 * starts; a failed import is tried again by the next start.
 * @module
 */
import { CallError } from '../base/errors.js';
import type * as Parts from './call-parts.js';

/** The module `call-parts.ts`. */
export type CallParts = typeof Parts;

let loading: Promise<CallParts> | undefined;

/** Loads the calls' code; rejects with `provider/load-failed` (the page could not fetch it). */
export function loadCallParts(): Promise<CallParts> {
  return (loading ??= import('./call-parts.js').catch((cause: unknown) => {
    loading = undefined;
    throw new CallError(
      'provider/load-failed',
      `Could not load the calls' code of call-elements (${String((cause as Error)?.message ?? cause)}): a CDN page must serve the whole dist/cdn folder.`,
      { cause },
    );
  }));
}
