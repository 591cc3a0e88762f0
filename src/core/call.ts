import { CallMedia } from './call-media.js';
import { CallParticipants } from './call-participants.js';
import { CallSpeaking } from './call-speaking.js';
import type { CaptureOptions } from './call-media.js';
import { CallRecording } from './call-recording.js';
import { summarize } from './call-summary.js';
import type { CallSummary } from './call-summary.js';
import { normalizeDtmf } from './dtmf.js';
import { FAILURE_REASONS } from './end-reason.js';
import type { EndReason, EndedBy } from './end-reason.js';
import { featuresOf, unsupported } from './call-features.js';
import { CallError } from './errors.js';
import { checkExtraHeaders } from './headers.js';
import { checkContentType } from './headers.js';
import { checkTarget } from './target.js';
import { CallTransfer, transferredEnd } from './transfers.js';
import type { EmitFn } from './events.js';
import type { Participant } from './participant.js';
import type { CallFeatures, MediaReconnectCause, ProviderSession, ReferRequest, SessionEnd, SessionHandlers } from './provider.js';
import type { CallDirection, CallState, HoldState, MediaKind, RemoteParty } from './types.js';
import type { AudioOutput } from '../media/audio-output.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';
import type { RecordingState } from '../media/call-recorder.js';
import { CallQualityMonitor } from '../quality/call-quality.js';
import type { QualityOptions } from '../quality/call-quality.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

let nextId = 1;

/** What a call borrows from its controller. */
export interface CallEnvironment {
  emit: EmitFn;
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
}

/**
 * One call: its state, its remote party and its controls. Created by the
 * {@link CallController}; methods reject with a {@link CallError}.
 */
export class Call {
  /** Unique within the page. */
  readonly id = `call-${nextId++}`;
  /** Who started the call. */
  readonly direction: CallDirection;
  /** When the call was created (ms since epoch). */
  readonly startedAt = Date.now();
  readonly #env: CallEnvironment;
  #wantVideo: boolean;
  #remoteVideo = false;
  #state: CallState = 'new';
  readonly #remote: RemoteParty;
  #session?: ProviderSession;
  #hasLocalMedia = false;
  readonly #media: CallMedia;
  readonly #remoteStream = new MediaStream();
  readonly #held: HoldState = { local: false, remote: false };
  #summary?: CallSummary;
  #pendingEnd?: SessionEnd;
  #monitor?: CallQualityMonitor;
  #connectedAt?: number;
  #ringingAt?: number;
  #reconnecting?: { cause: MediaReconnectCause; since: number };
  readonly #speaking: CallSpeaking;
  readonly #participants: CallParticipants;
  /** Transfers this call asked for or was taken away by (see `transfers.ts`). */
  readonly #transfer = new CallTransfer({
    session: () => this.#session,
    established: () => this.established,
    state: () => this.#state,
    hangUp: () => {
      if (!this.ended) this.#endThen({ reason: 'local-hangup', endedBy: 'local' }, (session) => session.hangup());
    },
  });
  readonly #recording = new CallRecording((state, blob) => this.#env.emit('call-recording', { call: this, state, blob }));

  constructor(env: CallEnvironment, direction: CallDirection, remote: RemoteParty, video: boolean) {
    this.#env = env;
    this.direction = direction;
    this.#remote = remote;
    this.#wantVideo = video;
    this.#media = new CallMedia({
      media: env.media,
      capture: (options) => env.capture(options),
      session: () => (this.established ? this.#session : undefined),
      changed: () => {
        if (this.established) this.#speaking.watch('local', this.#media.track('audio'));
        env.emit('call-local-media', { call: this, stream: this.#media.stream });
      },
      videoChanged: (originator = 'local') => this.#emitVideoChange(originator),
      sharingChanged: (sharing) => env.emit('call-screen-share', { call: this, sharing }),
      deviceLost: (kind, deviceId) => env.deviceLost(this, kind, deviceId),
    });
    this.#speaking = new CallSpeaking((participant, speaking) =>
      env.emit('call-speaking', { call: this, participant, local: participant === 'local', speaking }),
    );
    this.#participants = new CallParticipants(
      {
        emit: (type, detail) => env.emit(type, { call: this, ...detail }),
        audio: env.audio,
        audioKey: this.id,
        speaking: (id) => this.#speaking.speaking(id),
        watchSpeaking: (id, track) => this.#speaking.watch(id, track),
      },
      { id: this.#remoteId, displayName: remote.displayName },
      this.#remoteStream,
      video,
    );
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

  /** The people on the far side: for SIP the one remote party, for a TRTC group call everyone invited or joined. */
  get participants(): Participant[] {
    return this.#participants.list();
  }

  /** One participant by id (`bob`), or undefined. */
  participant(id: string): Participant | undefined {
    return this.#participants.get(id);
  }

  /** The media of a participant (the remote party's, `remoteStream`, when `id` is absent or unknown). */
  participantStream(id?: string): MediaStream {
    return this.#participants.stream(id);
  }

  /**
   * Invites more people into this call (a group call; TRTC). Resolves when the invitations are
   * sent; each invitee shows as a participant, `ringing` then `joined` (or how it ended).
   * Rejects with `call/unsupported` for a provider without group calls (SIP: use `merge`).
   */
  async invite(targets: string | string[]): Promise<void> {
    const list = (Array.isArray(targets) ? targets : [targets]).map((t) => checkTarget(t));
    if (!list.length) throw new CallError('call/invalid-target', 'Cannot invite: give at least one user id.', { attribute: 'target' });
    if (this.ended || !this.#session) throw this.#invalidState('invite', 'the call has ended');
    if (!this.#session.invite) throw unsupported('invite');
    await this.#session.invite(list);
  }

  /** Whether we send video (before media starts: whether the call asked for it). */
  get video(): boolean {
    return this.#hasLocalMedia ? this.#media.video : this.#wantVideo;
  }
  /** Whether the far end sends video. */
  get remoteVideo(): boolean {
    return this.#remoteVideo;
  }
  /** Whether the camera is captured (false with no video, or after {@link stopCamera}). */
  get cameraOn(): boolean {
    return this.#media.cameraOn;
  }
  /** Whether a screen, window or tab is shared in place of the camera. */
  get screenSharing(): boolean {
    return this.#media.screenSharing;
  }

  /**
   * Audio levels now (0–1) of our microphone (`local`, after mute: silence) and of the far end
   * (`remote`), measured while the call is up.
   */
  get levels(): { local: number; remote: number } {
    return { local: this.#speaking.level('local'), remote: this.#speaking.level(this.#remoteId) };
  }
  /** Who speaks now (with hysteresis; see `call-speaking`). */
  get speaking(): { local: boolean; remote: boolean } {
    return { local: this.#speaking.speaking('local'), remote: this.#speaking.speaking(this.#remoteId) };
  }
  /** The id `call-speaking` gives the far end: its user part, else its address. */
  get #remoteId(): string {
    return this.#remote.user || this.#remote.uri || 'remote';
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
  /** Whether local audio / video is muted. */
  get muted(): Readonly<Record<MediaKind, boolean>> {
    return { ...this.#media.muted };
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
  /** Our outgoing media: one stream for the whole call, its tracks swapped in place. */
  get localStream(): MediaStream | undefined {
    return this.#hasLocalMedia ? this.#media.stream : undefined;
  }
  /** The far end's media (audio plays by itself; attach video to `<call-video>`). */
  get remoteStream(): MediaStream {
    return this.#remoteStream;
  }
  /** Headers of the initial request/response the provider exposes (e.g. `X-Data`). */
  get headers(): Record<string, string> {
    return this.#session?.headers ?? {};
  }
  /** The latest quality sample (connected calls). */
  get quality(): QualitySample | undefined {
    return this.#monitor?.sample;
  }
  /** Quality warnings raised now. */
  get qualityWarnings(): QualityWarning[] {
    return this.#monitor?.activeWarnings ?? [];
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
    if (this.#session) throw this.#invalidState('attach a session', 'the call has one');
    this.#remoteVideo = this.direction === 'incoming' && remoteOffersVideo;
    this.#session = open(this.#handlers());
    if (this.ended) return;
    if (this.direction === 'outgoing') this.#setState('connecting');
    else {
      this.#ringingAt = Date.now();
      this.#setState('incoming');
    }
  }

  /** @internal Local media for an outgoing call, taken before the provider dials. */
  setLocalStream(stream: MediaStream): void {
    if (this.#hasLocalMedia) return;
    this.#hasLocalMedia = true;
    this.#media.adopt(stream);
  }

  /** Answers an incoming call; `video` defaults to whether the caller offered video. */
  async answer(options: { video?: boolean; extraHeaders?: string[] } = {}): Promise<void> {
    if (this.#state !== 'incoming' || !this.#session) {
      throw this.#invalidState('answer', 'only a ringing incoming call can be answered');
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
      throw this.#invalidState('reject', 'only a ringing incoming call can be rejected');
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

  /** Whether this call is being recorded (`recording`, `paused`) or not (`stopped`). */
  get recording(): RecordingState {
    return this.#recording.state;
  }

  /**
   * Records the call: our microphone and the far end, mixed, until {@link stopRecording} or the
   * call ends (then `call-recording` carries the file). Throws `media/unsupported` where the
   * browser cannot record, `call/invalid-state` when the call is not connected or already recorded.
   */
  startRecording(): void {
    if (!this.established) throw this.#invalidState('record', 'the call is not connected');
    this.#recording.start([this.localStream?.getAudioTracks()[0], this.#remoteStream.getAudioTracks()[0]]);
  }

  /** Pauses the recording (nothing is recorded until {@link resumeRecording}). */
  pauseRecording(): void {
    this.#recording.pause();
  }

  /** Resumes a paused recording. */
  resumeRecording(): void {
    this.#recording.resume();
  }

  /** Stops recording; resolves with the file (audio, WebM/Opus in Chromium), also fired as `call-recording`. */
  stopRecording(): Promise<Blob> {
    return this.#recording.stop();
  }

  /** @internal Sends `track` as our audio in place of the microphone (a conference mix); null: the microphone again. */
  async sendAudio(track: MediaStreamTrack | null): Promise<void> {
    if (!this.#session || this.ended) return;
    await this.#session.replaceTrack('audio', track ?? this.localStream?.getAudioTracks()[0] ?? null);
  }

  /** Puts the call on hold (re-INVITE with sendonly for SIP). */
  async hold(): Promise<void> {
    const session = this.#session;
    if (!this.established || !session) throw this.#invalidState('hold', 'the call is not connected');
    if (!session.hold) throw unsupported('hold');
    if (this.#held.local) return;
    await session.hold();
  }

  /** Takes the call off hold; the controller first holds the other connected calls. */
  async unhold(): Promise<void> {
    const session = this.#session;
    if (!this.established || !session) throw this.#invalidState('unhold', 'the call is not connected');
    if (!session.unhold) throw unsupported('resume');
    if (!this.#held.local) return;
    await this.#env.onActivating(this);
    await session.unhold();
  }

  /** Mutes local audio or video (the track keeps running; the far end gets silence/black). */
  mute(kind: MediaKind = 'audio'): void {
    this.#setMuted(kind, true);
  }

  /** Unmutes local audio or video. */
  unmute(kind: MediaKind = 'audio'): void {
    this.#setMuted(kind, false);
  }

  /** Toggles mute of a kind; returns the new state. */
  toggleMute(kind: MediaKind = 'audio'): boolean {
    this.#setMuted(kind, !this.#media.muted[kind as MediaKind]);
    return this.#media.muted[kind];
  }

  /** Sends DTMF (0-9, A-D, *, #, `,` pause). */
  sendDtmf(tones: string): void {
    const normalized = normalizeDtmf(tones);
    const session = this.#session;
    if (!this.established || !session) throw this.#invalidState('sendDtmf', 'the call is not connected');
    if (!session.sendDtmf) throw unsupported('send DTMF');
    session.sendDtmf(normalized);
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
    const session = this.#session;
    if (!this.established || !session) throw this.#invalidState('sendInfo', 'the call is not connected');
    if (!session.sendInfo) throw unsupported('send INFO');
    session.sendInfo(type, body);
    this.#env.emit('call-info', { call: this, contentType: type, body, direction: 'out' });
  }

  /** Switches microphone or camera live (`replaceTrack`: no SIP message, mute kept); see {@link CallController.selectDevice}. */
  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.#mediaAction('switch device', async () => {
      await this.#env.checkDevice(kind, deviceId);
      await this.#media.switchDevice(kind, deviceId);
    });
  }

  /** Releases the camera (its light goes off; the far end sees no new frames). Undo with {@link startCamera}. */
  stopCamera(): Promise<void> {
    return this.#mediaAction('stop the camera', () => this.#media.stopCamera());
  }

  /** Captures the camera again after {@link stopCamera}. */
  startCamera(): Promise<void> {
    return this.#mediaAction('start the camera', () => this.#media.startCamera());
  }

  /** Adds our camera to an audio call (a re-INVITE for SIP); both sides get `call-video-change`. */
  upgradeToVideo(): Promise<void> {
    return this.#mediaAction('add video', () => this.#media.upgradeToVideo());
  }

  /** Removes video from the call (a re-INVITE for SIP) and releases the camera. */
  downgradeToAudio(): Promise<void> {
    return this.#mediaAction('remove video', () => this.#media.downgradeToAudio());
  }

  /** Shares a screen, window or tab in place of the camera (adding video to an audio call). */
  shareScreen(): Promise<void> {
    return this.#mediaAction('share the screen', () => this.#media.shareScreen());
  }

  /**
   * Shares one element of the page in place of the camera: a `<canvas>` or `<video>` by its
   * `captureStream()`; any other element by capturing this tab narrowed to it (Element or
   * Region Capture, where the browser has them; the user picks this tab). Rejects with
   * `media/unsupported` where the browser cannot, `media/share-cancelled` when the picker is closed.
   */
  shareElement(element: Element): Promise<void> {
    return this.#mediaAction('share an element', () => this.#media.shareElement(element));
  }

  /** Stops sharing; the camera comes back (or video goes, if the call had none before). */
  stopScreenShare(): Promise<void> {
    return this.#mediaAction('stop sharing', () => this.#media.stopScreenShare());
  }

  /** @internal The device of the microphone or camera in use ('' when none). */
  deviceInUse(kind: MediaKind): string {
    return this.#media.deviceInUse(kind);
  }

  /** @internal Replaces a lost microphone or camera with the chosen one, or what remains when `lost` still opens. */
  recoverDevice(kind: MediaKind, lost: string): Promise<void> {
    return this.#mediaAction('recover the device', () => this.#media.switchDevice(kind === 'audio' ? 'audioinput' : 'videoinput', '', lost));
  }

  async #mediaAction(action: string, run: () => Promise<void>): Promise<void> {
    if (!this.established || !this.#session) throw this.#invalidState(action, 'the call is not connected');
    await run();
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

  #setMuted(kind: MediaKind, muted: boolean): void {
    if (kind !== 'audio' && kind !== 'video') {
      throw new CallError('call/unsupported', `Cannot ${muted ? 'mute' : 'unmute'} "${String(kind)}": only 'audio' or 'video' can be muted.`);
    }
    if (this.ended) throw this.#invalidState(muted ? 'mute' : 'unmute', 'the call has ended');
    if (!this.#media.setMuted(kind, muted)) return;
    this.#session?.setMuted?.(kind, muted);
    this.#env.emit('call-mute', { call: this, kind, muted });
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
      connected: () => {
        if (this.ended || this.established) return;
        this.#env.tones.stop();
        this.#connectedAt = Date.now();
        this.#setState('connected');
        this.#startQuality();
        this.#speaking.watch('local', this.#media.track('audio'));
        this.#participants.connected();
        this.#env.emit('call-connected', { call: this });
      },
      remoteTrack: (track, participant) => {
        if (this.ended) return;
        this.#participants.track(track, participant);
        this.#env.emit('call-remote-track', { call: this, track, participant: participant ?? this.#remoteId });
      },
      participant: (update) => {
        if (!this.ended) this.#participants.update(update, true);
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
        if (this.established) void this.#media.videoRemovedByPeer().catch(() => undefined);
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

  /** @internal A transfer took this call away (we follow the far end's, or a new call replaces it): however it ends, it is a transfer. */
  transferredAway(): void {
    this.#transfer.markAway();
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
      this.#monitor?.stop(),
      this.#participants.summary(),
    );
    this.#env.tones.stop();
    if (this.direction === 'outgoing' && (end.reason === 'busy' || end.reason === 'rejected') && end.endedBy === 'remote') {
      this.#env.tones.start('busy', 3000);
    }
    this.#speaking.stop();
    if (this.#recording.state !== 'stopped') void this.#recording.stop().catch(() => undefined);
    this.#media.release();
    this.#participants.release();
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

  /** Monitors the quality of the connected call; its samples, warnings and reports become events. */
  #startQuality(): void {
    const { quality, emit } = this.#env;
    if (quality === false) return;
    this.#monitor = new CallQualityMonitor(
      () => this.#session?.statsSource?.() ?? this.peerConnections()[0],
      () => this.#media.muted.audio,
      {
        sample: (sample) => emit('call-quality', { call: this, sample }),
        warning: (warning, raised) => emit(raised ? 'call-quality-warning' : 'call-quality-warning-cleared', { call: this, warning }),
        report: (report) => emit('call-report', { call: this, report }),
      },
      quality,
    );
    this.#monitor.start();
  }

  #setState(state: CallState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#env.emit('call-state-change', { call: this, state, previous });
  }

  #invalidState(action: string, why: string): CallError {
    return new CallError('call/invalid-state', `Cannot ${action}: ${why} (state "${this.#state}").`);
  }
}
