/**
 * How a call ended, as one snapshot: reason, who ended it, the provider's raw cause, times,
 * and quality over the call.
 * @module
 */
import type { EndReason, EndedBy } from './end-reason.js';
import type { QualitySummary } from '../quality/call-quality.js';

/** A snapshot of how a call ended, attached to `call-ended`. */
export interface CallSummary {
  reason: EndReason;
  endedBy: EndedBy;
  /** Provider's raw cause text, e.g. JsSIP's `Busy`. */
  rawCause?: string;
  /** SIP status code, when the end came with one. */
  statusCode?: number;
  startedAt: number;
  connectedAt?: number;
  endedAt: number;
  /** Seconds connected (0 if never connected). */
  duration: number;
  /** MOS and loss over the call, when it connected and quality was monitored. */
  quality?: QualitySummary;
}

/** How a provider says a call ended: the part of the summary it knows. */
export type EndFacts = Pick<CallSummary, 'reason' | 'endedBy' | 'rawCause' | 'statusCode'>;

/** The summary of a call that ends now. */
export function summarize(end: EndFacts, startedAt: number, connectedAt: number | undefined, quality?: QualitySummary): CallSummary {
  const endedAt = Date.now();
  return {
    reason: end.reason,
    endedBy: end.endedBy,
    rawCause: end.rawCause,
    statusCode: end.statusCode,
    startedAt,
    connectedAt,
    endedAt,
    duration: connectedAt ? Math.max(0, Math.round((endedAt - connectedAt) / 1000)) : 0,
    quality,
  };
}
