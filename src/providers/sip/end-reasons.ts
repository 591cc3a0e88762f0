import type { EndReason, EndedBy } from '../../core/end-reason.js';
import type { SessionEnd } from '../../core/provider.js';

/** What JsSIP reports with `ended` and `failed`. */
export interface JsSipEndEvent {
  originator: string;
  cause?: string;
  message?: { status_code?: number } | null;
}

const FAILED_BY_CAUSE: Record<string, EndReason> = {
  Canceled: 'cancelled',
  Busy: 'busy',
  Rejected: 'rejected',
  'Not Found': 'not-found',
  'Address Incomplete': 'not-found',
  Unavailable: 'unavailable',
  'No Answer': 'no-answer',
  Expires: 'no-answer',
  'Incompatible SDP': 'media',
  'Missing SDP': 'media',
  'Bad Media Description': 'media',
  'WebRTC Error': 'media',
  'User Denied Media Access': 'media',
  'RTP Timeout': 'media',
  'Authentication Error': 'auth',
  'Connection Error': 'network',
  'Request Timeout': 'network',
  'Dialog Error': 'network',
  'No ACK': 'network',
};

/** Maps JsSIP's `ended`/`failed` payload to the common end vocabulary, keeping the raw cause. */
export function mapSessionEnd(event: JsSipEndEvent, phase: 'ended' | 'failed'): SessionEnd {
  const endedBy: EndedBy = event.originator === 'local' || event.originator === 'remote' ? event.originator : 'system';
  const statusCode = event.message?.status_code;
  let reason: EndReason;
  if (phase === 'ended' && event.cause === 'Terminated') {
    reason = endedBy === 'local' ? 'local-hangup' : 'remote-hangup';
  } else if (statusCode === 408 && event.originator === 'remote') {
    reason = 'no-answer';
  } else if (statusCode === 200 && event.cause === 'Canceled') {
    reason = 'answered-elsewhere';
  } else {
    reason = FAILED_BY_CAUSE[event.cause ?? ''] ?? 'failed';
  }
  return { reason, endedBy, rawCause: event.cause, statusCode: statusCode && statusCode >= 100 ? statusCode : undefined };
}
