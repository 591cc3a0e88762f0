/** Connection and registration state of a controller's identity. */
export type RegistrationState =
  /** Not started, or stopped on purpose. */
  | 'idle'
  /** Opening the transport (WebSocket) or logging in. */
  | 'connecting'
  /** Transport up, REGISTER under way. */
  | 'registering'
  /** Ready to place and receive calls. */
  | 'registered'
  /** Transport up but not registered (e.g. `register` disabled): outgoing calls only. */
  | 'connected'
  /**
   * The connection or registration was lost (transport dropped, REGISTER refused with 5xx/408
   * or timed out) and is being retried with jittered backoff; `lastError` says why.
   */
  | 'reconnecting'
  /**
   * Refused (wrong credentials, bad settings) or never reached: `lastError` says why. A server
   * that was never reached is still retried in the background; refused credentials are not.
   */
  | 'failed';

/** Life cycle of one call. */
export type CallState =
  | 'new'
  /** Outgoing: request sent, no ringing yet. Incoming: answered, media being set up. */
  | 'connecting'
  /** Outgoing: the far end is ringing. */
  | 'ringing'
  /** Incoming: waiting for answer or reject. */
  | 'incoming'
  | 'connected'
  /** Connected but on hold by either side. */
  | 'held'
  | 'ended';

/** Which side started the call. */
export type CallDirection = 'outgoing' | 'incoming';

/** The other party of a call. Strings come from the network: render them as text only. */
export interface RemoteParty {
  /** Full address, e.g. `sip:bob@example.com` or a TRTC user id. */
  uri: string;
  /** User part or user id, e.g. `bob`. */
  user: string;
  /** Display name as sent by the peer, may be empty. */
  displayName: string;
}

/**
 * A call of this phone held by another of its tabs (one phone across tabs, see `share-tabs`):
 * what this tab shows of it, and the `id` that `controller.moveHere(id)` takes.
 */
export interface CallElsewhere {
  id: string;
  remote: RemoteParty;
  /** `held` while either side holds it. */
  state: 'connected' | 'held';
  /** Whether it carries video. */
  video: boolean;
  /** When it was answered (ms since epoch). */
  connectedAt: number;
}

/** Kinds of local media that can be muted. */
export type MediaKind = 'audio' | 'video';

/** Where hold came from. */
export interface HoldState {
  local: boolean;
  remote: boolean;
}

export type { CallSummary } from './call-summary.js';
