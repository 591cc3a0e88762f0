import type { CallError } from '../base/errors.js';
import type { EndReason, EndedBy } from './end-reason.js';
import type { ParticipantUpdate } from './participant.js';
import type { NormalizedSettings } from './settings.js';
import type { CallElsewhere, RemoteParty } from './types.js';
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
  /**
   * The id of a call another tab of a phone shared across tabs holds (see `CallElsewhere`): this
   * "call" moves that one's media here instead of calling anyone (`controller.moveHere`).
   */
  moveFrom?: string;
  /**
   * Makes the call's peer connection, when it is not to be a real one here (a phone shared
   * across tabs: a proxy driving the real one in the tab that holds the call's media). A
   * provider with {@link CallProvider.remoteMedia} uses it; `stream` is then empty.
   */
  peerConnection?: PeerConnectionFactory;
  /**
   * The link to the call's media in the tab that holds it, for a provider whose media is not a
   * peer connection (TRTC's room; see {@link CallProvider.tabMedia}). Set with `peerConnection`.
   */
  mediaChannel?: MediaChannel;
}

/** Makes a peer connection from its configuration (see {@link DialRequest.peerConnection}). */
export type PeerConnectionFactory = (configuration: RTCConfiguration) => RTCPeerConnection;

/**
 * The signalling tab's end of a call's media held by another tab, when that media is not a peer
 * connection (TRTC's room): requests go to that tab's {@link TabMedia}, its events come back.
 */
export interface MediaChannel {
  /** Runs `op` on the media there; rejects with the `CallError` it failed with. */
  request(op: string, fields?: Record<string, unknown>): Promise<unknown>;
  /** Sets the one listener of what the media there reports (`name`, cloneable `args`). */
  listen(listener: (name: string, args: unknown[]) => void): void;
}

/** Where a call's media moves when it is no peer connection: another tab's, through `channel`, or this tab's `stream`. */
export interface MediaTarget {
  stream: MediaStream;
  channel?: MediaChannel;
}

/** What a {@link TabMedia} reports: events for the signalling tab, and remote tracks to play here. */
export interface TabMediaHandlers {
  /** An event for the signalling tab's {@link MediaChannel} (cloneable `args`). */
  emit(name: string, args: unknown[]): void;
  /** A remote track arrived here (of `participant`, when given). */
  remoteTrack(track: MediaStreamTrack, participant?: string): void;
}

/**
 * A call's media in the tab that holds it, driven by another tab's signalling through a
 * {@link MediaChannel} (see {@link CallProvider.tabMedia}). Its credentials stay in this tab.
 */
export interface TabMedia {
  /** Runs a request of the signalling tab. */
  handle(op: string, fields: Record<string, unknown>): Promise<unknown>;
  /** Sends `track` in place of the one of its kind (device switch, video on or off). */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Where call quality reads its figures here, once the media is up. */
  statsSource(): StatsSource | undefined;
  /** Ends the media here. */
  close(): void;
}

/** What {@link CallProvider.checkDial} is asked about a call before anything is captured. */
export type DialCheck = Pick<DialRequest, 'targets' | 'groupId'>;

/** Events a provider session reports to the controller. */
export interface SessionHandlers {
  /** The far end is ringing (`earlyMedia`: it sent media before answering). */
  ringing(earlyMedia: boolean): void;
  /**
   * Signalling completed; media may still be establishing. `since`: when the call first
   * connected, for a call that moved here from another tab (its duration counts from then).
   */
  connected(since?: number): void;
  /** A remote track arrived (also for early media), of `participant` (an id) or, when absent, of the remote party. */
  remoteTrack(track: MediaStreamTrack, participant?: string): void;
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
  /**
   * The far end switched the call between audio and video by a signal of its own (TRTC's switch
   * INVITE, already accepted): our camera follows — captured and sent, or released — without a
   * signal of ours.
   */
  videoSwitched(video: boolean): void;
  dtmf(tone: string, originator: 'local' | 'remote'): void;
  info(contentType: string, body: string, originator: 'local' | 'remote'): void;
  /** Progress of a transfer we asked for (the far end's NOTIFYs of our REFER). */
  transfer(state: TransferState, statusCode?: number): void;
  /** The far end asks us to call `request.remote` in its place (an incoming REFER). */
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
  /** Whom to call as the provider writes it (a SIP URI for SIP; peer data, render as text). */
  readonly target: string;
  /** The party the new call goes to (as {@link CallProvider.checkTarget} gives it). */
  readonly remote: RemoteParty;
  /** Whether the new call replaces a call the target has with someone (attended transfer). */
  readonly replaces: boolean;
  /**
   * Places the new call with our captured media, bound to `handlers`; its progress is reported
   * to the far end. `peerConnection` as in {@link DialRequest.peerConnection} (the new call's
   * media in another tab).
   */
  accept(stream: MediaStream, video: boolean, handlers: SessionHandlers, peerConnection?: PeerConnectionFactory): ProviderSession;
  /** Refuses (the far end hears 603). */
  reject(): void;
}

/**
 * A call arriving, before it shows. The controller decides at once, inside
 * {@link ProviderHandlers.incoming}: it either {@link take}s it (the session then exists, bound
 * to the call's handlers, so no event is ever lost or queued) or {@link refuse}s it.
 */
export interface IncomingInvitation {
  readonly remote: RemoteParty;
  /** The caller offered video. */
  readonly remoteOffersVideo: boolean;
  /** The caller's headers worth showing to the app (`X-*`). */
  readonly headers: Record<string, string>;
  /** The caller's auto-answer hint in seconds (0: at once), or undefined for none. */
  readonly autoAnswerAfter?: number;
  /**
   * A session of ours the new one takes over (an attended transfer's target side): it is
   * answered at once and the old one ends when it connects.
   */
  readonly replaces?: ProviderSession;
  /**
   * The provider takes no further call now (TRTC while a call of its own rings or is up): the
   * controller refuses it (busy, or declined with `callWaiting` `reject`) and says so with
   * `call-refused`.
   */
  readonly busy?: boolean;
  /** Another tab of a phone shared across tabs sounds the ringtone for this call: this one rings silently. */
  readonly silent?: boolean;
  /** Takes the call: creates its session, bound to `handlers` from the first event on. */
  take(handlers: SessionHandlers): ProviderSession;
  /** Turns the call away before it shows: `busy` (486) or `decline` (603). */
  refuse(kind: 'busy' | 'decline'): void;
}

/**
 * Why a call's media path is being re-established: ICE went `disconnected` (and stayed so past a
 * short grace) or `failed`, or nothing arrived for a while although ICE said `connected`
 * (`media-stalled`: Firefox under total loss).
 */
export type MediaReconnectCause = 'ice-disconnected' | 'ice-failed' | 'media-stalled';

/** How a session ended, in the common vocabulary plus the provider's own. */
export interface SessionEnd {
  reason: EndReason;
  endedBy: EndedBy;
  rawCause?: string;
  statusCode?: number;
  /** Reason `no-answer`: whose timer fired (unset: `remote` when the far end ended the call, else `local`). */
  timeoutBy?: 'local' | 'remote';
}

/**
 * One call as a provider sees it, bound to its {@link SessionHandlers} when created (by
 * {@link CallProvider.dial}, {@link IncomingInvitation.take} or {@link ReferRequest.accept}).
 * Methods resolve when the request is sent (or done); they reject with a {@link CallError} of
 * the provider's own (a provider wraps its SDK's failures). Optional methods are features:
 * a provider without hold, DTMF, INFO, transfer or invitations leaves them out, and
 * `call.features` says which a call has.
 */
export interface ProviderSession {
  readonly remote: RemoteParty;
  /** The caller offered video (incoming) or we asked for it (outgoing). */
  readonly remoteOffersVideo: boolean;
  /**
   * The users the invitation named, where the provider's invitations list them (TRTC: its
   * invitee list, ours when we called); absent: none (SIP).
   */
  readonly invitees?: readonly string[];
  /**
   * Headers worth showing to the app (`X-*`, e.g. `X-Data`): of the INVITE for an incoming
   * call, of the final response for an outgoing one (once answered).
   */
  readonly headers: Record<string, string>;
  /** Answers an incoming call; `extraHeaders` (validated) go on the 200 OK; `peerConnection` and `mediaChannel` as in {@link DialRequest}. */
  answer(stream: MediaStream, video: boolean, extraHeaders?: string[], peerConnection?: PeerConnectionFactory, mediaChannel?: MediaChannel): Promise<void>;
  /** Refuses an incoming call: `busy` (486), `decline` (603) or `timeout` (408: it rang too long). */
  reject(kind: 'busy' | 'decline' | 'timeout'): void;
  hangup(): void;
  /** Puts the call on hold (SIP: a re-INVITE with sendonly). A feature: see {@link CallFeatures}. */
  hold?(): Promise<void>;
  /** Takes the call off hold; present exactly when {@link hold} is. */
  unhold?(): Promise<void>;
  /** Sends DTMF tones (already checked and normalised). A feature. */
  sendDtmf?(tones: string): void;
  /** Sends a message in the call (SIP INFO) with a checked content type. A feature. */
  sendInfo?(contentType: string, body: string): void;
  /**
   * Asks the far end to call `target` in our place (blind transfer), or to take over `target`,
   * another session of ours (attended transfer: REFER with Replaces). Resolves when the far end
   * took the request; progress comes as `transfer` events. Rejects with a `CallError`. A feature.
   */
  transfer?(target: string | ProviderSession): Promise<void>;
  /** Swap the outgoing track of a kind without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /**
   * Adds outgoing video (`track`) or removes video from the call (`null`), renegotiating
   * (a SIP re-INVITE). Rejects with `media/renegotiation-failed` and leaves the call as it was
   * when the far end refuses.
   */
  setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void>;
  /**
   * Offers the peer connection's media as it is now, receiving video or not: its transceivers
   * were changed in the tab that holds the call's media (a phone shared across tabs). Rejects
   * with `media/renegotiation-failed` when the far end refuses.
   */
  renegotiate?(video: boolean): Promise<void>;
  /**
   * Moves the call's media to a new peer connection from `peerConnection` (another tab of a
   * shared phone takes the call, `controller.moveHere`); the old one closes once the far end
   * accepted. Rejects with `media/renegotiation-failed`, the call as it was, when it refuses.
   * A provider whose media is no peer connection moves it to `to`: the tab at the end of its
   * channel, or this one with its stream.
   */
  moveMedia?(peerConnection: PeerConnectionFactory, to: MediaTarget): Promise<void>;
  /** The peer connections carrying this call (one for SIP; none a page can reach for TRTC). */
  peerConnections(): RTCPeerConnection[];
  /** Where call quality reads its figures when not from `peerConnections()[0]` (TRTC's stats, as a stats report). */
  statsSource?(): StatsSource | undefined;
  /** Invites more people into a running call (group calls). A feature. */
  invite?(targets: string[]): Promise<void>;
  /** Our microphone or camera was muted or unmuted (a provider that signals mute state tells the others). */
  setMuted?(kind: 'audio' | 'video', muted: boolean): void;
  /**
   * The call's signalling state as plain data, for another tab to take the call over when this
   * one's signalling goes ({@link CallProvider.adopt}); undefined until the call is established.
   */
  snapshot?(): SessionSnapshot | undefined;
}

/** A session's signalling state as a provider writes it for {@link CallProvider.adopt} (cloneable, no secrets). */
export type SessionSnapshot = Readonly<Record<string, unknown>>;

/**
 * What a call can do, so a UI offers only that: hold and resume, DTMF, INFO, transfer, and
 * inviting more people (`invite`). Derived from the optional methods its session has.
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
  /** A call is arriving: the controller takes or refuses it before this returns. */
  incoming(invitation: IncomingInvitation): void;
  /** A non-fatal problem worth telling the app. */
  error(error: CallError): void;
  /** The calls other tabs of a phone shared across tabs hold changed (see `call-elsewhere-change`). */
  elsewhere?(calls: readonly CallElsewhere[], ended?: { call: CallElsewhere; reason: EndReason; duration: number }): void;
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
  /**
   * The provider can carry a call whose media is in another tab ({@link DialRequest.peerConnection}):
   * its phone can be shared across the tabs of a user (see `share-tabs`).
   */
  readonly remoteMedia?: boolean;
  /**
   * Hosts a call's media in this tab for the leading tab's signalling, when the provider's
   * media is not a peer connection (TRTC: this tab joins the call's room with its own
   * credentials). Called on a provider that is not started (a tab that follows).
   */
  tabMedia?(stream: MediaStream, handlers: TabMediaHandlers): TabMedia;
  /** Open the transport and register / log in. Resolves once started (not registered). */
  start(): void;
  /** Unregister, close the transport. Ends any session still open. */
  stop(): Promise<void>;
  /**
   * Throws `call/invalid-target` when the provider cannot call `target` (checked before the
   * microphone opens). Returns the remote party a call to it has (for SIP its full URI).
   */
  checkTarget(target: string): RemoteParty;
  /**
   * Throws when this call cannot be placed now: `call/signalling-down` while the connection is
   * down, `call/unsupported` for several callees or a group id where the provider has no group
   * calls. Checked before the microphone opens, so a call that cannot go out asks for nothing.
   */
  checkDial(request: DialCheck): void;
  /**
   * Starts an outgoing call, its session bound to `handlers` from the first event on. Throws a
   * `CallError` of the provider's (`call/invalid-target` for an unusable target).
   */
  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession;
  /**
   * Takes settings that do not restart signalling (ICE servers, timeouts, DTMF transport…):
   * they apply to the next call, and ICE servers also to the peer connections of calls in
   * progress (used at their next ICE restart). Settings whose effect is `restart` (server,
   * user, password…) keep the values the provider started with: the controller freezes them.
   */
  update(config: ProviderConfig): void;
  /** Retries a lost connection or a failed registration now (the browser came online, the page became visible). */
  retryNow(): void;
  /**
   * Takes over an established call whose signalling was in another tab that is gone (a phone
   * shared across tabs): a session from its {@link ProviderSession.snapshot}, its media through
   * `peerConnection` (the real connection, in the tab that holds the call's media). The
   * provider makes the far end's next requests reach it (SIP: a re-INVITE with its Contact,
   * once registered). `mediaChannel` as in {@link DialRequest.mediaChannel}. Throws a
   * `CallError` when the snapshot cannot be taken over.
   */
  adopt?(snapshot: SessionSnapshot, handlers: SessionHandlers, peerConnection: PeerConnectionFactory, mediaChannel?: MediaChannel): ProviderSession;
}

/** What a provider is told about where it runs. */
export interface ProviderContext {
  /** Its phone is shared by the tabs of one user (one registration for them all): its identity (a SIP instance id) is the profile's, not the tab's. */
  sharedAcrossTabs?: boolean;
}

/**
 * Builds a provider from its config and handlers; throws a {@link CallError} when the config
 * cannot work for it. `remoteMedia`: its providers have {@link CallProvider.remoteMedia} (the
 * controller then loads the tab-sharing code with it, and only then).
 */
export type ProviderFactory = ((config: ProviderConfig, handlers: ProviderHandlers, context?: ProviderContext) => CallProvider) & {
  readonly remoteMedia?: boolean;
};
