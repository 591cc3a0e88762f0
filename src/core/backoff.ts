/**
 * Jittered exponential backoff for retries (registration, ICE restart), and the clamp every
 * timer fed by a setting goes through.
 * @module
 */

/** Longest delay `setTimeout` honours (2³¹−1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay that `setTimeout` honours: finite, between 0 and {@link MAX_TIMER_MS}. */
export function timerMs(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return ms === Infinity ? MAX_TIMER_MS : 0;
  return Math.min(ms, MAX_TIMER_MS);
}

/**
 * The delay before retry number `attempt` (0 for the first): `firstMs · 2^attempt`, capped at
 * `maxMs`, then jittered to between half and all of it, so clients that lost the same server
 * do not come back in step.
 */
export function backoffDelay(attempt: number, maxMs: number, firstMs = 500, random = Math.random): number {
  const ceiling = Math.min(timerMs(maxMs), firstMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
