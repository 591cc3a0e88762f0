import { CallMediaControls } from './call-media-controls.js';
import { CallQualityWatch } from './call-quality-watch.js';
import type { MediaControlEvent } from './call-media-controls.js';
import type { CaptureOptions } from './call-media.js';
import { summarize } from './call-summary.js';
import type { CallSummary } from './call-summary.js';
import { normalizeDtmf } from './dtmf.js';
import { FAILURE_REASONS } from './end-reason.js';
import type { EndReason, EndedBy } from './end-reason.js';
import { featuresOf, unsupported } from './call-features.js';
import { CallError, toCallError } from '../base/errors.js';
import { checkExtraHeaders } from './headers.js';
import { checkContentType } from './headers.js';
import { checkTarget } from './target.js';
import { CallTransfer, transferredEnd } from './transfers.js';
import type { EmitFnOf } from './event-details.js';
import type { CallFeatures, MediaReconnectCause, ProviderSession, ReferRequest, SessionEnd, SessionHandlers } from './provider.js';
import type { CallDirection, CallState, HoldState, MediaKind, RemoteParty } from './types.js';
import type { AudioOutput } from '../media/audio-output.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';
import type { QualityOptions } from '../quality/quality-options.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';


/** How long the caller hears the busy tone after a busy or declined answer. */
const BUSY_TONE_MS = 3000;

/** What a call borrows from its controller. */
export interface CallEnvironment {
  emit: EmitFnOf<Call>;
  media: LocalMedia;
  audio: AudioOutput;
  tones: Tones;
  /** Captures with the chosen devices (and falls back to the default when one is gone). */
  capture(options: CaptureOptions): Promise<MediaStream>;
  /** The microphone or camera in use ended by itself (unplugged): the controller falls back to what remains. */
  deviceLost(call: Call, kind: MediaKind, deviceId: string): void;
  /** Throws `media/not-found` for a device the listing does not have (see `DeviceChoices.check`). */
  checkDevice(slot: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /** Called once when the call has ended, so the controller can forget it. */
  onEnded(call: Call): void;
  /** The far end asks this call to be transferred to someone else (it decides, and places the new call). */
  referred(call: Call, request: ReferRequest): void;
  /** Called before a call becomes active (dialled, answered, resumed), so the controller can hold the others. */
  onActivating(call: Call): Promise<void>;
  /** Quality monitoring settings, or false for none. */
  quality: QualityOptions | false;
  /** Reports a failure no method call of the page's can receive (`call-error` and a console warning). */
  report(error: CallError, call: Call): void;
}

/**
 * One call: its state, its remote party and its controls. Created by the
 * {@link CallController}; methods reject with a {@link CallError}.
 */
export class Call extends CallMediaControls {
  /** Who started the call. */
  readonly direction: CallDirection;
  /** When the call was created (ms since epoch). */
  readonly startedAt = Date.now();
  /** `[object Call]`: Vue's `ref()`/`reactive()` then keep a call raw (through a proxy, `#private` fields throw). */
  get [Symbol.toStringTag](): string {
    return 'Call';
  }
  readonly #env: CallEnvironment;
  #wantVideo: boolean;
  #remoteVideo = false;
  #state: CallState = 'new';
  readonly #remote: RemoteParty;
  #session?: ProviderSession;
  readonly #held: HoldState = { local: false, remote: false };
  #summary?: CallSummary;
  #pendingEnd?: SessionEnd;
  #quality?: CallQualityWatch;
  #connectedAt?: number;
  #ringingAt?: number;
  #reconnecting?: { cause: MediaReconnectCause; since: number };
  /** Transfers this call asked for or was taken away by (see `transfers.ts`). */
  readonly #transfer = new CallTransfer({
    session: () => this.#session,
    established: () => this.established,
    state: () => this.#state,
    hangUp: () => {
      if (!this.ended) this.#endThen({ reason: 'local-hangup', endedBy: 'local' }, (session) => session.hangup());
    },
  });

  constructor(env: CallEnvironment, direction: CallDirection, remote: RemoteParty, video: boolean) {
    super(env, remote, video);
    this.#env = env;
    this.direction = direction;
    this.#remote = remote;
    this.#wantVideo = video;
  }

  /**
   * What this call can do, as its provider has it: `hold`, `dtmf`, `info`, `transfer` (all for
   * SIP, none for TRTC) and `invite` (group calls: TRTC); all false until the call has a
   * session (it has one once dialled or ringing). The phone offers only these; asking for one
   * a call lacks rejects with `call/unsupported`.
   */
  get features(): Readonly<CallFeatures> {
    return featuresOf(this.#session);
  }

  /**
   * Invites more people into this call (a group call; TRTC). Resolves when the invitations are
   * sent; each invitee shows as a participant, `ringing` then `joined` (or how it ended).
   * Rejects with `call/unsupported` for a provider without group calls (SIP: use `merge`).
   */
  async invite(targets: string | string[]): Promise<void> {
    const list = (Array.isArray(targets) ? targets : [targets]).map((t) => checkTarget(t));
    if (!list.length) throw new CallError('call/invalid-target', 'Cannot invite: give at least one user id.', { attribute: 'target' });
    if (this.ended || !this.#session) throw this.invalidState('invite', 'the call has ended');
    if (!this.#session.invite) throw unsupported('invite');
    await this.#session.invite(list);
  }

  /** Whether we send video (before media starts: whether the call asked for it). */
  get video(): boolean {
    return this.hasLocalMedia ? this.localMedia.video : this.#wantVideo;
  }
  /** Whether the far end sends video. */
  get remoteVideo(): boolean {
    return this.#remoteVideo;
  }

  /** Current state. */
  get state(): CallState {
    return this.#state;
  }
  /** The other party (peer-supplied strings: render as text). */
  get remote(): RemoteParty {
    return this.#remote;
  }
  /** Hold on either side. */
  get held(): Readonly<HoldState> {
    return { ...this.#held };
  }
  /** Whether the media path was lost and is being re-established (ICE restart); see `call-reconnecting`. */
  get reconnecting(): boolean {
    return !!this.#reconnecting;
  }
  /** When it started ringing (ms since epoch): the far end's 180/183, or our incoming prompt. */
  get ringingAt(): number | undefined {
    return this.#ringingAt;
  }
  /** When the call connected (ms since epoch). */
  get connectedAt(): number | undefined {
    return this.#connectedAt;
  }
  /** Seconds since connecting (until the end). */
  get duration(): number {
    if (!this.#connectedAt) return 0;
    const end = this.#summary?.endedAt ?? Date.now();
    return Math.max(0, Math.floor((end - this.#connectedAt) / 1000));
  }
  /** How the call ended, once it has. */
  get summary(): CallSummary | undefined {
    return this.#summary;
  }
  /** Headers of the initial request/response the provider exposes (e.g. `X-Data`). */
  get headers(): Record<string, string> {
    return this.#session?.headers ?? {};
  }
  /** The latest quality sample (connected calls). */
  get quality(): QualitySample | undefined {
    return this.#quality?.sample;
  }
  /** Quality warnings raised now. */
  get qualityWarnings(): QualityWarning[] {
    return this.#quality?.warnings ?? [];
  }
  /** Whether the call is over. */
  get ended(): boolean {
    return this.#state === 'ended';
  }
  /** Whether the call is up (connected or held). */
  get established(): boolean {
    return this.#state === 'connected' || this.#state === 'held';
  }

  /**
   * @internal Creates the provider session with `open`, bound to this call's handlers from its
   * first event on. Throws what `open` throws (the call then has no session).
   */
  attach(open: (handlers: SessionHandlers) => ProviderSession, remoteOffersVideo = false): void {
    if (this.#session) throw this.invalidState('attach a session', 'the call has one');
    this.#remoteVideo = this.direction === 'incoming' && remoteOffersVideo;
    this.#session = open(this.#handlers());
    // The session may have reported ringing, an answer or its end while it was created.
    if (this.#state !== 'new') return;
    if (this.direction === 'outgoing') this.#setState('connecting');
    else {
      this.#ringingAt = Date.now();
      this.#setState('incoming');
    }
  }


  /** Answers an incoming call; `video` defaults to whether the caller offered video. */
  async answer(options: { video?: boolean; extraHeaders?: string[] } = {}): Promise<void> {
    if (this.#state !== 'incoming' || !this.#session) {
      throw this.invalidState('answer', 'only a ringing incoming call can be answered');
    }
    const extraHeaders = checkExtraHeaders(options.extraHeaders, { code: 'call/invalid-header', attribute: 'extraHeaders' });
    const session = this.#session;
    this.#wantVideo = options.video ?? session.remoteOffersVideo;
    this.#env.tones.stop();
    this.#setState('connecting');
    await this.#env.onActivating(this);
    // The caller may have cancelled while the other calls went on hold: capture nothing then.
    if (this.ended) return;
    let stream: MediaStream;
    try {
      stream = await this.#env.capture({ audio: true, video: this.#wantVideo });
    } catch (error) {
      this.#endThen({ reason: 'media', endedBy: 'local', rawCause: (error as CallError).code }, (s) => s.reject('decline'));
      throw error;
    }
    if (this.ended) {
      this.#env.media.release(stream);
      return;
    }
    this.setLocalStream(stream);
    try {
      await session.answer(stream, this.#wantVideo, extraHeaders);
    } catch (error) {
      this.#finish({ reason: 'media', endedBy: 'local', rawCause: String((error as Error).message) });
      throw error;
    }
  }

  /** Declines an incoming call (`busy: true` answers 486 Busy Here instead of 603 Decline). */
  reject(options: { busy?: boolean } = {}): void {
    if (this.#state !== 'incoming' || !this.#session) {
      throw this.invalidState('reject', 'only a ringing incoming call can be rejected');
    }
    this.#endThen({ reason: options?.busy ? 'busy' : 'rejected', endedBy: 'local' }, (session) => session.reject(options?.busy ? 'busy' : 'decline'));
  }

  /** @internal An incoming call rang for `ringTimeout`: the caller hears 408, both sides end as `no-answer`. */
  expire(): void {
    if (this.#state !== 'incoming') return;
    this.#endThen({ reason: 'no-answer', endedBy: 'system', rawCause: 'Ring Timeout' }, (session) => session.reject('timeout'));
  }

  /** Ends the call in any state: cancels, rejects or hangs up as fits. */
  hangup(): void {
    if (this.ended) return;
    if (this.#state === 'incoming') {
      this.reject();
      return;
    }
    this.#endThen({ reason: this.established ? 'local-hangup' : 'cancelled', endedBy: 'local' }, (session) => session.hangup());
  }

  /**
   * Ends the call with `end`, then tells the provider (`request`: hang up, reject). Ended
   * first: the provider may report its own, local end synchronously, which must not win.
   */
  #endThen(end: SessionEnd, request: (session: ProviderSession) => void): void {
    const session = this.#session;
    this.#finish(end);
    if (session) request(session);
  }

  /**
   * Transfers the far end: to `target` (a user, number or SIP URI: blind transfer, SIP REFER),
   * or to the far end of `target` when it is another call of ours (attended transfer: REFER
   * with Replaces — consult first, then transfer). Resolves when the far end took the request;
   * `call-transfer` events follow its progress. When the transfer is accepted this call (and,
   * attended, the other one) ends with reason `transferred`; when it fails the calls go on.
   */
  async transfer(target: string | Call): Promise<void> {
    await this.#transfer.request(target instanceof Call ? target.#transfer : target);
  }

  /** Puts the call on hold (re-INVITE with sendonly for SIP). */
  async hold(): Promise<void> {
    const hold = this.#request('hold', 'hold');
    if (!this.#held.local) await hold();
  }

  /** Takes the call off hold; the controller first holds the other connected calls. */
  async unhold(): Promise<void> {
    const unhold = this.#request('unhold', 'resume');
    if (!this.#held.local) return;
    await this.#env.onActivating(this);
    await unhold();
  }

  /** Sends DTMF (0-9, A-D, *, #, `,` pause). */
  sendDtmf(tones: string): void {
    const normalized = normalizeDtmf(tones);
    this.#request('sendDtmf', 'send DTMF')(normalized);
    this.#env.tones.dtmf(normalized);
    this.#env.emit('call-dtmf', { call: this, tones: normalized, direction: 'out' });
  }

  /**
   * Sends a SIP INFO with any content type (e.g. `application/json`). A content type that is
   * not `type/subtype` (with `; name=value` parameters) or holds a line break throws
   * `call/invalid-header`, and nothing is sent.
   */
  sendInfo(contentType: string, body: string): void {
    const type = checkContentType(contentType, { code: 'call/invalid-header', attribute: 'contentType' });
    this.#request('sendInfo', 'send INFO')(type, body);
    this.#env.emit('call-info', { call: this, contentType: type, body, direction: 'out' });
  }

  /**
   * The optional session method `name` of the connected call, bound; throws
   * `call/invalid-state` when the call is not up, `call/unsupported` when its provider lacks it.
   */
  #request<M extends 'hold' | 'unhold' | 'sendDtmf' | 'sendInfo'>(name: M, action: Parameters<typeof unsupported>[0]): NonNullable<ProviderSession[M]> {
    const session = this.liveSession();
    if (!session) throw this.invalidState(action, 'the call is not connected');
    const method = session[name];
    if (!method) throw unsupported(action);
    return method.bind(session) as NonNullable<ProviderSession[M]>;
  }

  /** @internal */
  protected session(): ProviderSession | undefined {
    return this.#session;
  }

  /** @internal */
  protected liveSession(): ProviderSession | undefined {
    return this.established ? this.#session : undefined;
  }

  /** @internal Reports a change of our media as the call's event. */
  protected mediaEvent(event: MediaControlEvent): void {
    const emit = this.#env.emit;
    switch (event.type) {
      case 'mute':
        return emit('call-mute', { call: this, kind: event.kind, muted: event.muted });
      case 'recording':
        return emit('call-recording', { call: this, state: event.state, blob: event.blob });
      case 'local-media':
        if (this.established) this.speakingMeter.watch('local', this.localMedia.track('audio'));
        return emit('call-local-media', { call: this, stream: this.localMedia.stream });
      case 'video':
        return this.#emitVideoChange(event.originator);
      case 'sharing':
        return emit('call-screen-share', { call: this, sharing: event.sharing });
      case 'device-lost':
        return this.#env.deviceLost(this, event.kind, event.deviceId);
      case 'speaking':
        return emit('call-speaking', { call: this, participant: event.participant, local: event.participant === 'local', speaking: event.speaking });
      case 'participant':
        return emit(event.name, { call: this, participant: event.participant });
    }
  }

  #emitVideoChange(originator: 'local' | 'remote'): void {
    this.#env.emit('call-video-change', { call: this, video: this.video, remoteVideo: this.#remoteVideo, originator });
  }

  /** The peer connections of this call, for stats and inspection. */
  peerConnections(): RTCPeerConnection[] {
    return this.#session?.peerConnections() ?? [];
  }

  /** WebRTC stats of the call's (first) peer connection. */
  async getStats(): Promise<RTCStatsReport | undefined> {
    return this.peerConnections()[0]?.getStats();
  }

  #handlers(): SessionHandlers {
    return {
      ringing: (earlyMedia) => {
        if (this.#state !== 'connecting' && this.#state !== 'new') return;
        this.#ringingAt = Date.now();
        this.#setState('ringing');
        if (!earlyMedia) this.#env.tones.start('ringback');
        else this.#env.tones.stop();
        this.#env.emit('call-ringing', { call: this, earlyMedia });
      },
      connected: (since?: number) => {
        if (this.ended || this.established) return;
        this.#env.tones.stop();
        this.#connectedAt = since ?? Date.now();
        this.#setState('connected');
        this.#watchQuality();
        this.speakingMeter.watch('local', this.localMedia.track('audio'));
        this.party.connected();
        this.#env.emit('call-connected', { call: this });
      },
      remoteTrack: (track, participant) => {
        if (this.ended) return;
        this.party.track(track, participant);
        this.#env.emit('call-remote-track', { call: this, track, participant: participant ?? this.remoteId });
      },
      participant: (update) => {
        if (!this.ended) this.party.update(update, true);
      },
      hold: (originator, onHold) => {
        if (this.#held[originator] === onHold) return;
        this.#held[originator] = onHold;
        if (this.established) this.#setState(this.#held.local || this.#held.remote ? 'held' : 'connected');
        this.#env.emit('call-hold', { call: this, ...this.#held });
      },
      remoteVideo: (sending) => {
        if (this.#remoteVideo === sending) return;
        this.#remoteVideo = sending;
        if (this.established) this.#emitVideoChange('remote');
      },
      videoRemoved: () => {
        if (this.established) void this.localMedia.videoRemovedByPeer().catch(() => undefined);
      },
      videoSwitched: (video) => {
        // A camera that cannot be opened leaves the call as it was, and says why.
        if (this.established) (video ? this.localMedia.upgradeToVideo('remote') : this.localMedia.downgradeToAudio('remote')).catch((error) => this.ended || this.#env.report(toCallError(error, 'media/failed'), this));
      },
      dtmf: (tone, originator) => {
        if (originator === 'remote') this.#env.emit('call-dtmf', { call: this, tones: tone, direction: 'in' });
      },
      info: (contentType, body, originator) => {
        if (originator === 'remote') this.#env.emit('call-info', { call: this, contentType, body, direction: 'in' });
      },
      transfer: (state, statusCode) => {
        if (this.ended) return;
        this.#env.emit('call-transfer', { call: this, state, statusCode });
        this.#transfer.progressed(state);
      },
      referred: (request) => {
        if (!this.ended) this.#env.referred(this, request);
      },
      reconnecting: (cause) => {
        if (this.ended || this.#reconnecting) return;
        this.#reconnecting = { cause, since: Date.now() };
        this.#env.emit('call-reconnecting', { call: this, cause });
      },
      reconnected: () => {
        const lost = this.#reconnecting;
        if (this.ended || !lost) return;
        this.#reconnecting = undefined;
        this.#env.emit('call-reconnected', { call: this, cause: lost.cause, durationMs: Date.now() - lost.since });
      },
      ended: (end) => this.#finish(end),
    };
  }

  /** @internal A transfer took this call away (we follow the far end's, or a new call replaces it): however it ends, it is a transfer; `false` undoes it when that new call never connected. */
  transferredAway(away = true): void {
    this.#transfer.markAway(away);
  }

  /** @internal Leaves the call for a transfer (a hangup; it ends as `transferred`). */
  leaveForTransfer(): void {
    this.#transfer.leave();
  }

  /** @internal Whether `session` is this call's provider session. */
  hasSession(session: ProviderSession): boolean {
    return this.#session === session;
  }

  /** Ends the call once: releases media, stops tones and audio, fires the events. */
  #finish(end: SessionEnd): void {
    if (this.ended) return;
    if (this.#pendingEnd) return;
    if (this.#transfer.away) end = transferredEnd(end);
    this.#pendingEnd = end;
    this.#reconnecting = undefined;
    this.#summary = summarize(
      end,
      { startedAt: this.startedAt, ringingAt: this.#ringingAt, connectedAt: this.#connectedAt },
      this.#quality?.stop(),
      this.party.summary(),
    );
    // Only the ringback is this call's own tone; a ringtone or waiting tone may belong to
    // another incoming call, and the controller stops it when no incoming call is left.
    if (this.#env.tones.playing === 'ringback' && this.direction === 'outgoing') this.#env.tones.stop();
    if (this.direction === 'outgoing' && (end.reason === 'busy' || end.reason === 'rejected') && end.endedBy === 'remote') {
      this.#env.tones.start('busy', BUSY_TONE_MS);
    }
    this.releaseMedia();
    this.#setState('ended');
    const summary = this.#summary;
    this.#env.emit('call-ended', { call: this, summary });
    if (!this.#connectedAt && FAILURE_REASONS.has(end.reason) && end.endedBy !== 'local') {
      this.#env.emit('call-failed', { call: this, summary });
    }
    this.#env.onEnded(this);
  }

  /** @internal Ends the call before it reached the provider (e.g. media failed). */
  abort(reason: EndReason, endedBy: EndedBy, rawCause?: string): void {
    this.#finish({ reason, endedBy, rawCause });
  }

  #watchQuality(): void {
    const { quality, emit } = this.#env;
    if (quality === false) return;
    const source = () => this.#session?.statsSource?.() ?? this.peerConnections()[0];
    this.#quality = new CallQualityWatch(source, () => this.muted.audio, (type, detail) => emit(type, { call: this, ...detail } as never), quality);
  }

  #setState(state: CallState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#env.emit('call-state-change', { call: this, state, previous });
  }

  /** @internal */
  protected invalidState(action: string, why: string): CallError {
    return new CallError('call/invalid-state', `Cannot ${action}: ${why} (state "${this.#state}").`);
  }
}
