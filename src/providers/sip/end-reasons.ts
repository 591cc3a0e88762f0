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
  // JsSIP's name for ICE `failed`: the network path, not a device.
  'RTP Timeout': 'network',
  'Authentication Error': 'auth',
  'Connection Error': 'network',
  'Request Timeout': 'network',
  'Dialog Error': 'network',
  'No ACK': 'network',
};

/**
 * Maps JsSIP's `ended`/`failed` payload to the common end vocabulary, keeping the raw cause.
 * `dialogErrorStatus` is the status of the in-dialog request behind a "Dialog Error" (JsSIP
 * does not report it): 481 means the far end no longer knows the call — it hung up while our
 * signalling was down — so the call ends as `remote-hangup`; 408 as `network`.
 */
export function mapSessionEnd(event: JsSipEndEvent, phase: 'ended' | 'failed', dialogErrorStatus?: number): SessionEnd {
  let endedBy: EndedBy = event.originator === 'local' || event.originator === 'remote' ? event.originator : 'system';
  let statusCode = event.message?.status_code;
  let reason: EndReason;
  if (event.cause === 'Dialog Error' && dialogErrorStatus === 481) {
    reason = 'remote-hangup';
    endedBy = 'remote';
    statusCode = 481;
  } else if (event.cause === 'Dialog Error' && dialogErrorStatus === 408) {
    reason = 'network';
    endedBy = 'system';
    statusCode = 408;
  } else if (phase === 'ended' && event.cause === 'Terminated') {
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
