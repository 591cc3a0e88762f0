/**
 * The part of taking over a SIP dialog (see `dialog-takeover.ts`) that reads and writes JsSIP's
 * private fields. It is bundled inside the package's JsSIP module (`scripts/build-cdn.mjs`),
 * so terser shortens those names together with JsSIP's own (`scripts/minify-jssip.mjs` leaves
 * this file's names out of the ones it keeps); it imports nothing of ours but types, and throws
 * plain errors.
 * `JsSIP` is passed in (`jssip.ts` has it).
 * @module
 */
import type * as JsSIPNamespace from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';
import type { RemoteParty } from '../../core/types.js';

/** A confirmed SIP dialog and the call on it, as plain data (the SIP provider's `SessionSnapshot`). */
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

/** How far past the last CSeq seen the new UA goes on (see `dialog-takeover.ts`). */
const CSEQ_MARGIN = 100;

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

/**
 * A confirmed RTCSession in `ua` (of `JsSIP`) for the dialog of `snapshot`, its media on `pc` (already
 * negotiated: nothing is sent here). Throws when a URI does not parse.
 */
export function restoreDialog(JsSIP: typeof JsSIPNamespace, ua: UA, snapshot: SipDialogSnapshot, pc: RTCPeerConnection): RTCSession {
  const { RTCSession: Session, NameAddrHeader } = JsSIP as unknown as JsSipClasses;
  const uri = (text: string) => {
    const parsed = JsSIP.URI.parse(text);
    if (!parsed) throw new Error(`"${text.slice(0, 80)}" is not a SIP URI.`);
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
    throw new Error('its dialog could not be rebuilt.');
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

