/**
 * Taking over a SIP dialog in another JsSIP UA: what a phone shared across tabs needs when the
 * tab whose UA carried a call's signalling closes while the call's media lives on in another
 * tab. JsSIP can neither export a dialog nor adopt one, so this reads the dialog's state from
 * the RTCSession's private fields ({@link dialogSnapshot}) and rebuilds a confirmed RTCSession
 * around it in the new UA ({@link restoreDialog}) — the same fields JsSIP fills from the INVITE
 * and its 2xx. The new UA then refreshes the dialog with a re-INVITE carrying its own Contact
 * (`SipSession.refresh`), so the far end's next requests (a BYE) reach it.
 *
 * The local CSeq is taken {@link CSEQ_MARGIN} past the last one seen, so that a request the old
 * tab sent after its last snapshot cannot make the far end refuse ours as out of order (RFC 3261
 * allows gaps, not repeats). The far end's CSeq is learnt from its next request.
 * @module
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';
import { CallError } from '../../base/errors.js';
import type { SessionSnapshot } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { JsSIP } from './jssip.js';

/** How far past the last CSeq seen the new UA goes on (see the module comment). */
const CSEQ_MARGIN = 100;

/** A confirmed SIP dialog and the call on it, as plain data (a {@link SessionSnapshot} of the SIP provider). */
export type SipDialogSnapshot = {
  kind: 'sip-dialog';
  callId: string;
  localTag: string;
  remoteTag: string;
  localSeq: number;
  localUri: string;
  remoteUri: string;
  remoteTarget: string;
  /** Route set in the order requests name it (first hop first). */
  routeSet: string[];
  outgoing: boolean;
  remote: RemoteParty;
  offersVideo: boolean;
  localHold: boolean;
  remoteHold: boolean;
  /** The offer constraints later re-INVITEs use (whether the call receives video). */
  offerConstraints: object | null;
};

/** The private parts of JsSIP's Dialog read and written here. */
interface JsSipDialog {
  _id: { call_id: string; local_tag: string; remote_tag: string };
  _local_seqnum?: number;
  _local_uri: object;
  _remote_uri: object;
  _remote_target: object;
  _route_set: string[];
}

/** The private parts of JsSIP's RTCSession read and written here. */
interface JsSipSessionFields {
  _id: string | null;
  _status: number;
  _dialog: JsSipDialog | null;
  _direction: 'incoming' | 'outgoing' | null;
  _is_confirmed: boolean;
  _contact: string | null;
  _connection: RTCPeerConnection | null;
  _local_identity: object | null;
  _remote_identity: object | null;
  _start_time: Date | null;
  _localHold: boolean;
  _remoteHold: boolean;
  _rtcOfferConstraints: object | null;
  _createDialog(message: object, type: 'UAC' | 'UAS', early: boolean): boolean;
}

/** The JsSIP classes this module builds with (exported by JsSIP, not typed by it). */
interface JsSipClasses {
  RTCSession: (new (ua: UA) => RTCSession) & { C: { STATUS_CONFIRMED: number } };
  NameAddrHeader: new (uri: object, displayName?: string) => object;
}

/** The dialog of `rtc` as plain data, once it is confirmed; else undefined. */
export function dialogSnapshot(rtc: RTCSession, call: { remote: RemoteParty; offersVideo: boolean }): SipDialogSnapshot | undefined {
  const fields = rtc as unknown as JsSipSessionFields;
  const dialog = fields._dialog;
  if (!dialog || !rtc.isEstablished()) return undefined;
  const outgoing = fields._direction === 'outgoing';
  return {
    kind: 'sip-dialog',
    callId: dialog._id.call_id,
    localTag: dialog._id.local_tag,
    remoteTag: dialog._id.remote_tag,
    localSeq: dialog._local_seqnum ?? 0,
    localUri: String(dialog._local_uri),
    remoteUri: String(dialog._remote_uri),
    remoteTarget: String(dialog._remote_target),
    routeSet: [...dialog._route_set],
    outgoing,
    remote: { ...call.remote },
    offersVideo: call.offersVideo,
    localHold: fields._localHold,
    remoteHold: fields._remoteHold,
    offerConstraints: fields._rtcOfferConstraints ? { ...fields._rtcOfferConstraints } : null,
  };
}

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
 * negotiated: nothing is sent here). Throws `call/invalid-state` when a URI does not parse.
 */
export function restoreDialog(ua: UA, snapshot: SipDialogSnapshot, pc: RTCPeerConnection): RTCSession {
  const { RTCSession: Session, NameAddrHeader } = JsSIP as unknown as JsSipClasses;
  const uri = (text: string) => {
    const parsed = JsSIP.URI.parse(text);
    if (!parsed) throw new CallError('call/invalid-state', `Cannot take over the call: "${text.slice(0, 80)}" is not a SIP URI.`);
    return parsed;
  };
  const local = uri(snapshot.localUri);
  const remote = uri(snapshot.remoteUri);
  const target = uri(snapshot.remoteTarget);
  const rtc = new Session(ua);
  const fields = rtc as unknown as JsSipSessionFields;
  // What JsSIP's Dialog reads from a UAC's 2xx (it reverses the Record-Route of a response).
  const answer = {
    call_id: snapshot.callId,
    from_tag: snapshot.localTag,
    to_tag: snapshot.remoteTag,
    cseq: snapshot.localSeq + CSEQ_MARGIN,
    hasHeader: () => true,
    parseHeader: (name: string) => ({ uri: name === 'contact' ? target : name === 'from' ? local : remote }),
    getHeaders: () => [...snapshot.routeSet].reverse(),
  };
  if (!fields._createDialog(answer, 'UAC', false) || !fields._dialog) {
    throw new CallError('call/invalid-state', 'Cannot take over the call: its dialog could not be rebuilt.');
  }
  fields._direction = snapshot.outgoing ? 'outgoing' : 'incoming';
  fields._id = snapshot.callId + (snapshot.outgoing ? snapshot.localTag : snapshot.remoteTag);
  fields._status = Session.C.STATUS_CONFIRMED;
  fields._is_confirmed = true;
  fields._start_time = new Date();
  fields._local_identity = new NameAddrHeader(local);
  fields._remote_identity = new NameAddrHeader(remote, snapshot.remote.displayName || undefined);
  fields._contact = (ua as unknown as { contact: { toString(options?: object): string } }).contact.toString({ outbound: true });
  fields._connection = pc;
  fields._localHold = snapshot.localHold;
  fields._remoteHold = snapshot.remoteHold;
  fields._rtcOfferConstraints = snapshot.offerConstraints;
  (ua as unknown as { _sessions: Record<string, RTCSession> })._sessions[fields._id] = rtc;
  return rtc;
}
