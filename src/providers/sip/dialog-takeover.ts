/**
 * Taking over a SIP dialog in another JsSIP UA: what a phone shared across tabs needs when the
 * tab whose UA carried a call's signalling closes while the call's media lives on in another
 * tab. JsSIP can neither export a dialog nor adopt one, so this reads the dialog's state from
 * the RTCSession's private fields and rebuilds a confirmed RTCSession around it in the new UA —
 * the same fields JsSIP fills from the INVITE and its 2xx (`jssip-dialogs.ts`, bundled inside
 * the package's JsSIP module so that those names are shortened with JsSIP's own). The new UA
 * then refreshes the dialog with a re-INVITE carrying its own Contact (`SipSession.refresh`),
 * so the far end's next requests (a BYE) reach it.
 *
 * The local CSeq is taken a margin past the last one seen, so that a request the old
 * tab sent after its last snapshot cannot make the far end refuse ours as out of order (RFC 3261
 * allows gaps, not repeats). The far end's CSeq is learnt from its next request.
 * @module
 */
import type { UA } from 'jssip/lib/UA';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { CallError } from '../../base/errors.js';
import type { SessionSnapshot } from '../../core/provider.js';
import { JsSIP, restoreDialog } from './jssip.js';
import type { SipDialogSnapshot } from './jssip-dialogs.js';


/** Whether `snapshot` is a {@link SipDialogSnapshot} (from a tab of the same build). */
export function isSipDialogSnapshot(snapshot: SessionSnapshot): snapshot is SessionSnapshot & SipDialogSnapshot {
  const s = snapshot as Partial<SipDialogSnapshot>;
  return (
    s.kind === 'sip-dialog' &&
    typeof s.callId === 'string' &&
    typeof s.localTag === 'string' &&
    typeof s.remoteTag === 'string' &&
    typeof s.localSeq === 'number' &&
    Array.isArray(s.routeSet) &&
    typeof s.remote === 'object'
  );
}

/**
 * A confirmed RTCSession in `ua` for the dialog of `snapshot`, its media on `pc` (already
 * negotiated: nothing is sent here). Throws `call/invalid-state` when it cannot be rebuilt.
 */
export function takeOverDialog(ua: UA, snapshot: SipDialogSnapshot, pc: RTCPeerConnection): RTCSession {
  try {
    return restoreDialog(JsSIP, ua, snapshot, pc);
  } catch (cause) {
    throw new CallError('call/invalid-state', `Cannot take over the call: ${(cause as Error).message}`, { cause });
  }
}
