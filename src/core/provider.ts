import type { CallError } from './errors.js';
import type { EndReason, EndedBy } from './end-reason.js';
import type { ParticipantUpdate } from './participant.js';
import type { NormalizedSettings } from './settings.js';
import type { RemoteParty } from './types.js';
import type { StatsConnection } from '../quality/sample.js';

/**
 * What a provider is configured with: every setting of the table, normalised, defaults filled
 * in (see `settings.ts`). The provider checks what it needs beyond that (a SIP server must be
 * a WebSocket URL) and throws a {@link CallError} from its factory. `password` is a secret:
 * a provider never logs it, puts it in an event or keeps it where a page can reach it.
 */
export type ProviderConfig = NormalizedSettings;

/** Options for one outgoing call. */
export interface DialRequest {
  /** The first (for one-to-one calls the only) callee. */
  target: string;
  /** Every callee, `target` first; more than one makes a group call (a provider that cannot refuses with `call/unsupported`). */
  targets: string[];
  /** A group call's group id (TRTC: the IM group the invitation goes to), `''` for none. */
  groupId: string;
  stream: MediaStream;
  video: boolean;
  extraHeaders: string[];
}

/** Events a provider session reports to the controller. */
export interface SessionHandlers {
  /** The far end is ringing (`earlyMedia`: it sent media before answering). */
  ringing(earlyMedia: boolean): void;
  /** Signalling completed; media may still be establishing. */
  connected(): void;
  /** A remote track arrived (also for early media), of `participant` (an id) or, when absent, of the remote party. */
  remoteTrack(track: MediaStreamTrack, stream: MediaStream | undefined, participant?: string): void;
  /**
   * A participant was invited, rings, joined, left, or changed its media. A provider that
   * never reports participants (SIP) keeps exactly one: the remote party, joined on connect.
   */
  participant(update: ParticipantUpdate): void;
  hold(originator: 'local' | 'remote', onHold: boolean): void;
  /** Whether the far end sends video, from its latest session description. */
  remoteVideo(sending: boolean): void;
  /**
   * The far end took video out of the call (its offer rejects the video stream): our camera or
   * share is no longer sent, so it is released, with no renegotiation of our own.
   */
  videoRemoved(): void;
  dtmf(tone: string, originator: 'local' | 'remote'): void;
  info(contentType: string, body: string, originator: 'local' | 'remote'): void;
  /** Progress of a transfer we asked for (the far end's NOTIFYs of our REFER). */
  transfer(state: TransferState, statusCode?: number): void;
  /** The far end asks us to call `request.target` in its place (an incoming REFER). */
  referred(request: ReferRequest): void;
  /** The media path was lost and is being re-established (an ICE restart is under way). */
  reconnecting(cause: MediaReconnectCause): void;
  /** Media flows again after {@link reconnecting}. */
  reconnected(): void;
  ended(end: SessionEnd): void;
}

/**
 * How a transfer goes: `trying` (the far end took the request), `ringing` (the target rings),
 * `accepted` (the target answered: the far end is now talking to it), `failed`.
 */
export type TransferState = 'trying' | 'ringing' | 'accepted' | 'failed';

/** The far end of a call asks us to call someone else in its place (SIP REFER). */
export interface ReferRequest {
  /** Whom to call (a SIP URI for SIP; peer data, render as text). */
  readonly target: string;
  /** Whether the new call replaces a call the target has with someone (attended transfer). */
  readonly replaces: boolean;
  /** Places the new call with our captured media; its progress is reported to the far end. */
  accept(stream: MediaStream, video: boolean): ProviderSession;
  /** Refuses (the far end hears 603). */
  reject(): void;
}

/** Why a call's media path is being re-established: ICE went `disconnected` (and stayed so past a short grace) or `failed`. */
export type MediaReconnectCause = 'ice-disconnected' | 'ice-failed';

/** How a session ended, in the common vocabulary plus the provider's own. */
export interface SessionEnd {
  reason: EndReason;
  endedBy: EndedBy;
  rawCause?: string;
  statusCode?: number;
}

/**
 * One call as a provider sees it. Methods resolve when the request is sent (or done);
 * they reject with a {@link CallError}.
 */
export interface ProviderSession {
  readonly remote: RemoteParty;
  /** The caller offered video (incoming) or we asked for it (outgoing). */
  readonly remoteOffersVideo: boolean;
  /**
   * Headers worth showing to the app (`X-*`, e.g. `X-Data`): of the INVITE for an incoming
   * call, of the final response for an outgoing one (once answered).
   */
  readonly headers: Record<string, string>;
  /** Incoming: the caller's auto-answer hint in seconds (0: at once), or undefined for none. */
  readonly autoAnswerAfter?: number;
  /** What this session can do beyond the basics; absent entries count as supported (see {@link CallFeatures}). */
  readonly features?: Partial<CallFeatures>;
  /** Set by the controller right after creation, before any event can fire. */
  bind(handlers: SessionHandlers): void;
  /** Answers an incoming call; `extraHeaders` (validated) go on the 200 OK. */
  answer(stream: MediaStream, video: boolean, extraHeaders?: string[]): Promise<void>;
  /** Refuses an incoming call: `busy` (486), `decline` (603) or `timeout` (408: it rang too long). */
  reject(kind: 'busy' | 'decline' | 'timeout'): void;
  hangup(): void;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  sendDtmf(tones: string): void;
  sendInfo(contentType: string, body: string): void;
  /**
   * Asks the far end to call `target` in our place (blind transfer), or to take over `target`,
   * another session of ours (attended transfer: REFER with Replaces). Resolves when the far end
   * took the request; progress comes as `transfer` events. Rejects with a `CallError`.
   */
  transfer(target: string | ProviderSession): Promise<void>;
  /** Swap the outgoing track of a kind without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /**
   * Adds outgoing video (`track`) or removes video from the call (`null`), renegotiating
   * (a SIP re-INVITE). Rejects with `media/renegotiation-failed` and leaves the call as it was
   * when the far end refuses.
   */
  setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void>;
  /** The peer connections carrying this call (one for SIP; none a page can reach for TRTC). */
  peerConnections(): RTCPeerConnection[];
  /** Where call quality reads its figures when not from `peerConnections()[0]` (TRTC's stats, as a stats report). */
  statsSource?(): StatsSource | undefined;
  /** Invites more people into a running call (group calls); absent: `call/unsupported`. */
  invite?(targets: string[]): Promise<void>;
  /** Our microphone or camera was muted or unmuted (a provider that signals mute state tells the others). */
  setMuted?(kind: 'audio' | 'video', muted: boolean): void;
}

/**
 * What a call can do, so a UI offers only that: hold and resume, DTMF, INFO, transfer (SIP: all),
 * and inviting more people (`invite`: a group-call provider such as TRTC).
 */
export interface CallFeatures {
  hold: boolean;
  dtmf: boolean;
  info: boolean;
  transfer: boolean;
  invite: boolean;
}

/** What call quality reads: a peer connection, or a provider's equivalent shaped like one (with its own levels and per-participant links). */
export type StatsSource = StatsConnection;

/** States a provider reports about its transport and login (see `RegistrationState`). */
export type ProviderState = 'connecting' | 'registering' | 'registered' | 'connected' | 'reconnecting' | 'failed';

/** Events a provider reports about its identity and new calls. */
export interface ProviderHandlers {
  /** Transport / login state. `error` is set for `failed`, and for `reconnecting` when a retry begins. */
  registration(state: ProviderState, error?: CallError): void;
  /**
   * A call is arriving. The session is already bound to nothing; the controller binds it.
   * `replaces` is a session of ours the new one takes over (an attended transfer's target
   * side): it is answered at once and the old one ends when it connects.
   */
  incoming(session: ProviderSession, replaces?: ProviderSession): void;
  /** A non-fatal problem worth telling the app. */
  error(error: CallError): void;
  /**
   * A line for the `debug` log (signalling and state changes). The controller redacts secrets
   * before printing, but a provider still never passes a password or credential on purpose.
   */
  debug(line: string): void;
}

/**
 * A signalling back end (SIP via JsSIP, TRTC via TIM). Loaded lazily by name.
 */
export interface CallProvider {
  readonly name: string;
  /** Whether it places group calls (several callees, `call.invite`); SIP does not (it merges calls instead). */
  readonly groupCalls?: boolean;
  /** Open the transport and register / log in. Resolves once started (not registered). */
  start(): void;
  /** Unregister, close the transport. Ends any session still open. */
  stop(): Promise<void>;
  /**
   * Throws `call/invalid-target` when the provider cannot call `target` (checked before the
   * microphone opens). Returns the remote party a call to it has (for SIP its full URI), or
   * nothing to take the target as it is.
   */
  checkTarget(target: string): RemoteParty | void;
  /**
   * Throws (`call/signalling-down`…) when no call can be placed now, e.g. while the connection
   * is down: checked before the microphone opens, so a call that cannot go out asks for nothing.
   */
  checkDial?(): void;
  /** Start an outgoing call. Throws `call/invalid-target` for an unusable target. */
  dial(request: DialRequest): ProviderSession;
  /**
   * Takes settings that do not restart signalling (ICE servers, timeouts, DTMF transport…):
   * they apply to the next call, and ICE servers also to the peer connections of calls in
   * progress (used at their next ICE restart).
   */
  update(config: ProviderConfig): void;
  /** Retries a lost connection or a failed registration now (the browser came online, the page became visible). */
  retryNow(): void;
}

/** Builds a provider from its config and handlers; throws a {@link CallError} when the config cannot work for it. */
export type ProviderFactory = (config: ProviderConfig, handlers: ProviderHandlers) => CallProvider;
