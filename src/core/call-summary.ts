/**
 * How a call ended, as one snapshot: reason, who ended it, the provider's raw cause, times,
 * and quality over the call.
 * @module
 */
import type { EndReason, EndedBy } from './end-reason.js';
import type { ParticipantState } from './participant.js';
import type { QualitySummary } from '../quality/call-quality.js';

/** A snapshot of how a call ended, attached to `call-ended`. */
export interface CallSummary {
  reason: EndReason;
  endedBy: EndedBy;
  /** Provider's raw cause text, e.g. JsSIP's `Busy`. */
  rawCause?: string;
  /** SIP status code, when the end came with one. */
  statusCode?: number;
  /**
   * Reason `no-answer`: whose timer ended the call. `local`: ours (`no-answer-timeout`,
   * `ring-timeout`, the callee's own invitation timeout; TRTCCalling's `NO_RESP` at a caller);
   * `remote`: the far end's (its timeout signal or a SIP 408; `CALLING_TIMEOUT` at a caller).
   */
  timeoutBy?: 'local' | 'remote';
  /** When the call was created (ms since epoch). */
  startedAt: number;
  /** When it started ringing: the far end's 180/183, or our incoming prompt (absent if it never rang). */
  ringingAt?: number;
  /** When it was answered (absent if it never connected). */
  connectedAt?: number;
  /** When it ended; `startedAt ≤ ringingAt ≤ connectedAt ≤ endedAt`. */
  endedAt: number;
  /** Seconds connected, rounded (0 if never connected): answered time only, never ringing time. */
  duration: number;
  /** MOS and loss over the call, when it connected and quality was monitored. */
  quality?: QualitySummary;
  /** Who was in the call (for SIP the one remote party): how far each got and when. */
  participants: ParticipantSummary[];
}

/** One participant in a {@link CallSummary}. */
export interface ParticipantSummary {
  id: string;
  displayName: string;
  /** The last state: `left` after joining, else how the invitation ended. */
  state: ParticipantState;
  joinedAt?: number;
  leftAt?: number;
}

/** How a provider says a call ended: the part of the summary it knows. */
export type EndFacts = Pick<CallSummary, 'reason' | 'endedBy' | 'rawCause' | 'statusCode' | 'timeoutBy'>;

/** The summary of a call that ends now. */
export function summarize(
  end: EndFacts,
  times: { startedAt: number; ringingAt?: number; connectedAt?: number },
  quality?: QualitySummary,
  participants: ParticipantSummary[] = [],
): CallSummary {
  const { startedAt, ringingAt, connectedAt } = times;
  const endedAt = Date.now();
  return {
    reason: end.reason,
    endedBy: end.endedBy,
    rawCause: end.rawCause,
    statusCode: end.statusCode,
    // A provider that does not say whose timer it was: the far end's when the far end ended it.
    ...(end.reason === 'no-answer' ? { timeoutBy: end.timeoutBy ?? (end.endedBy === 'remote' ? 'remote' : 'local') } : {}),
    startedAt,
    ringingAt,
    connectedAt,
    endedAt,
    duration: connectedAt ? Math.max(0, Math.round((endedAt - connectedAt) / 1000)) : 0,
    quality,
    participants,
  };
}
