/**
 * Why a call ended, the same set for every provider. The provider's raw cause is kept
 * beside it in the call's summary (`summary.rawCause`, `summary.statusCode`).
 */
export type EndReason =
  /** We hung up a connected call. */
  | 'local-hangup'
  /** The other side hung up a connected call. */
  | 'remote-hangup'
  /** The caller gave up before the call was answered (seen by both sides). */
  | 'cancelled'
  /** The callee declined (SIP 403/603, TRTC reject). */
  | 'rejected'
  /** The callee is busy (SIP 486/600, TRTC line busy). */
  | 'busy'
  /** Nobody answered in time (SIP 408 or our own timeout, TRTC no response/timeout). */
  | 'no-answer'
  /** The callee exists but cannot be reached now (SIP 480/410/430). */
  | 'unavailable'
  /** No such user (SIP 404/604/484). */
  | 'not-found'
  /** Another device of the callee answered. */
  | 'answered-elsewhere'
  /** The call was transferred (by us, or replaced by a transfer the far end made): it goes on elsewhere. */
  | 'transferred'
  /** The call's media moved to another tab of this phone (`controller.moveHere`): it goes on there. */
  | 'moved'
  /** Signalling or transport was lost. */
  | 'network'
  /** Media could not be set up (no microphone permission, incompatible SDP, ICE failure). */
  | 'media'
  /** Authentication with the server failed (SIP 401/407). */
  | 'auth'
  /** Anything else; see `rawCause`. */
  | 'failed';

/** Who ended a call. */
export type EndedBy = 'local' | 'remote' | 'system';

/** End reasons that mean the call never got through (a caller's cancel, seen by the callee, too). */
export const FAILURE_REASONS: ReadonlySet<EndReason> = new Set<EndReason>([
  'cancelled',
  'rejected',
  'busy',
  'no-answer',
  'unavailable',
  'not-found',
  'network',
  'media',
  'auth',
  'failed',
]);
