import type { CallEnvironment } from './call-environment.js';
import { monitorQuality, summarize } from './call-lifecycle.js';
import { CallMedia } from './call-media.js';
import { normalizeDtmf } from './dtmf.js';
import { FAILURE_REASONS } from './end-reason.js';
import { CallError } from './errors.js';
import type { EndReason, EndedBy } from './end-reason.js';
import type { ProviderSession, SessionEnd, SessionHandlers } from './provider.js';
import type { CallDirection, CallState, CallSummary, HoldState, MediaKind, RemoteParty } from './types.js';
import type { CallQualityMonitor } from '../quality/call-quality.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

let nextId = 1;

/**
 * One call: its state, its remote party and its controls. Created by the
 * {@link CallController}; methods reject with a {@link CallError}.
 */
export class Call {
  /** Unique within the page. */
  readonly id = `call-${nextId++}`;
  readonly direction: CallDirection;
  private _wantVideo: boolean;
  private _remoteVideo = false;
  private _state: CallState = 'new';
  private _remote: RemoteParty;
  private _session?: ProviderSession;
  private _hasLocalMedia = false;
  private readonly _media: CallMedia;
  private readonly _remoteStream = new MediaStream();
  private readonly _held: HoldState = { local: false, remote: false };
  private _summary?: CallSummary;
  private _pendingEnd?: SessionEnd;
  private _monitor?: CallQualityMonitor;
  readonly startedAt = Date.now();
  private _connectedAt?: number;

  constructor(
    private readonly env: CallEnvironment,
    direction: CallDirection,
    remote: RemoteParty,
    video: boolean,
  ) {
    this.direction = direction;
    this._remote = remote;
    this._wantVideo = video;
    this._media = new CallMedia({
      media: env.media,
      capture: (options) => env.capture(options),
      session: () => (this.established ? this._session : undefined),
      changed: () => env.emit('call-local-media', { call: this, stream: this._media.stream }),
      videoChanged: () => this.emitVideoChange('local'),
      sharingChanged: (sharing) => env.emit('call-screen-share', { call: this, sharing }),
    });
  }

  /** Whether we send video (before media starts: whether the call asked for it). */
  get video(): boolean {
    return this._hasLocalMedia ? this._media.video : this._wantVideo;
  }
  /** Whether the far end sends video. */
  get remoteVideo(): boolean {
    return this._remoteVideo;
  }
  /** Whether the camera is captured (false with no video, or after {@link stopCamera}). */
  get cameraOn(): boolean {
    return this._media.cameraOn;
  }
  /** Whether a screen, window or tab is shared in place of the camera. */
  get screenSharing(): boolean {
    return this._media.screenSharing;
  }

  /** Current state. */
  get state(): CallState {
    return this._state;
  }
  /** The other party (peer-supplied strings: render as text). */
  get remote(): RemoteParty {
    return this._remote;
  }
  /** Hold on either side. */
  get held(): Readonly<HoldState> {
    return { ...this._held };
  }
  /** Whether local audio / video is muted. */
  get muted(): Readonly<Record<MediaKind, boolean>> {
    return { ...this._media.muted };
  }
  /** When the call connected (ms since epoch). */
  get connectedAt(): number | undefined {
    return this._connectedAt;
  }
  /** Seconds since connecting (until the end). */
  get duration(): number {
    if (!this._connectedAt) return 0;
    const end = this._summary?.endedAt ?? Date.now();
    return Math.max(0, Math.floor((end - this._connectedAt) / 1000));
  }
  /** How the call ended, once it has. */
  get summary(): CallSummary | undefined {
    return this._summary;
  }
  /** Our outgoing media: one stream for the whole call, its tracks swapped in place. */
  get localStream(): MediaStream | undefined {
    return this._hasLocalMedia ? this._media.stream : undefined;
  }
  /** The far end's media (audio plays by itself; attach video to `<call-video>`). */
  get remoteStream(): MediaStream {
    return this._remoteStream;
  }
  /** Headers of the initial request/response the provider exposes (e.g. `X-Data`). */
  get headers(): Record<string, string> {
    return this._session?.headers ?? {};
  }
  /** The latest quality sample (connected calls). */
  get quality(): QualitySample | undefined {
    return this._monitor?.sample;
  }
  /** Quality warnings raised now. */
  get qualityWarnings(): QualityWarning[] {
    return this._monitor?.activeWarnings ?? [];
  }
  /** Whether the call is over. */
  get ended(): boolean {
    return this._state === 'ended';
  }
  /** Whether the call is up (connected or held). */
  get established(): boolean {
    return this._state === 'connected' || this._state === 'held';
  }

  /** @internal Links the provider session; events flow from here on. */
  attach(session: ProviderSession, localStream?: MediaStream): void {
    this._session = session;
    if (localStream) this.setLocalStream(localStream);
    if (this.direction === 'incoming') this._remoteVideo = session.remoteOffersVideo;
    session.bind(this.handlers());
    if (this.direction === 'outgoing') this.setState('connecting');
    else this.setState('incoming');
  }

  /** @internal Local media for an outgoing call, taken before the provider dials. */
  setLocalStream(stream: MediaStream): void {
    if (this._hasLocalMedia) return;
    this._hasLocalMedia = true;
    this._media.adopt(stream);
  }

  /** Answers an incoming call; `video` defaults to whether the caller offered video. */
  async answer(options: { video?: boolean } = {}): Promise<void> {
    if (this._state !== 'incoming' || !this._session) {
      throw this.invalidState('answer', 'only a ringing incoming call can be answered');
    }
    const session = this._session;
    this._wantVideo = options.video ?? session.remoteOffersVideo;
    this.env.tones.stop();
    this.setState('connecting');
    await this.env.onActivating(this);
    let stream: MediaStream;
    try {
      stream = await this.env.capture({ audio: true, video: this._wantVideo });
    } catch (error) {
      session.reject('decline');
      this.finish({ reason: 'media', endedBy: 'local', rawCause: (error as CallError).code });
      throw error;
    }
    if (this.ended) {
      this.env.media.release(stream);
      return;
    }
    this.setLocalStream(stream);
    try {
      await session.answer(stream, this._wantVideo);
    } catch (error) {
      this.finish({ reason: 'media', endedBy: 'local', rawCause: String((error as Error).message) });
      throw error;
    }
  }

  /** Declines an incoming call (`busy: true` answers 486 Busy Here instead of 603 Decline). */
  reject(options: { busy?: boolean } = {}): void {
    if (this._state !== 'incoming' || !this._session) {
      throw this.invalidState('reject', 'only a ringing incoming call can be rejected');
    }
    this._session.reject(options.busy ? 'busy' : 'decline');
    this.finish({ reason: options.busy ? 'busy' : 'rejected', endedBy: 'local' });
  }

  /** Ends the call in any state: cancels, rejects or hangs up as fits. */
  hangup(): void {
    if (this.ended) return;
    if (this._state === 'incoming') {
      this.reject();
      return;
    }
    const wasEstablished = this.established;
    this._session?.hangup();
    this.finish({ reason: wasEstablished ? 'local-hangup' : 'cancelled', endedBy: 'local' });
  }

  /** Puts the call on hold (re-INVITE with sendonly for SIP). */
  async hold(): Promise<void> {
    if (!this.established || !this._session) throw this.invalidState('hold', 'the call is not connected');
    if (this._held.local) return;
    await this._session.hold();
  }

  /** Takes the call off hold. */
  async unhold(): Promise<void> {
    if (!this.established || !this._session) throw this.invalidState('unhold', 'the call is not connected');
    if (!this._held.local) return;
    await this._session.unhold();
  }

  /** Mutes local audio or video (the track keeps running; the far end gets silence/black). */
  mute(kind: MediaKind = 'audio'): void {
    this.setMuted(kind, true);
  }

  /** Unmutes local audio or video. */
  unmute(kind: MediaKind = 'audio'): void {
    this.setMuted(kind, false);
  }

  /** Toggles mute of a kind; returns the new state. */
  toggleMute(kind: MediaKind = 'audio'): boolean {
    this.setMuted(kind, !this._media.muted[kind]);
    return this._media.muted[kind];
  }

  /** Sends DTMF (0-9, A-D, *, #, `,` pause). */
  sendDtmf(tones: string): void {
    const normalized = normalizeDtmf(tones);
    if (!this.established || !this._session) throw this.invalidState('sendDtmf', 'the call is not connected');
    this._session.sendDtmf(normalized);
    this.env.tones.dtmf(normalized);
    this.env.emit('call-dtmf', { call: this, tones: normalized, direction: 'out' });
  }

  /** Sends a SIP INFO with any content type (e.g. `application/json`). */
  sendInfo(contentType: string, body: string): void {
    if (!this.established || !this._session) throw this.invalidState('sendInfo', 'the call is not connected');
    this._session.sendInfo(contentType, body);
    this.env.emit('call-info', { call: this, contentType, body, direction: 'out' });
  }

  /** Switches microphone or camera live (`replaceTrack`: no SIP message, mute kept); see {@link CallController.selectDevice}. */
  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.mediaAction('switch device', () => this._media.switchDevice(kind, deviceId));
  }

  /** Releases the camera (its light goes off; the far end sees no new frames). Undo with {@link startCamera}. */
  stopCamera(): Promise<void> {
    return this.mediaAction('stop the camera', () => this._media.stopCamera());
  }

  /** Captures the camera again after {@link stopCamera}. */
  startCamera(): Promise<void> {
    return this.mediaAction('start the camera', () => this._media.startCamera());
  }

  /** Adds our camera to an audio call (a re-INVITE for SIP); both sides get `call-video-change`. */
  upgradeToVideo(): Promise<void> {
    return this.mediaAction('add video', () => this._media.upgradeToVideo());
  }

  /** Removes video from the call (a re-INVITE for SIP) and releases the camera. */
  downgradeToAudio(): Promise<void> {
    return this.mediaAction('remove video', () => this._media.downgradeToAudio());
  }

  /** Shares a screen, window or tab in place of the camera (adding video to an audio call). */
  shareScreen(): Promise<void> {
    return this.mediaAction('share the screen', () => this._media.shareScreen());
  }

  /** Stops sharing; the camera comes back (or video goes, if the call had none before). */
  stopScreenShare(): Promise<void> {
    return this.mediaAction('stop sharing', () => this._media.stopScreenShare());
  }

  private async mediaAction(action: string, run: () => Promise<void>): Promise<void> {
    if (!this.established || !this._session) throw this.invalidState(action, 'the call is not connected');
    await run();
  }

  private emitVideoChange(originator: 'local' | 'remote'): void {
    this.env.emit('call-video-change', { call: this, video: this.video, remoteVideo: this._remoteVideo, originator });
  }

  /** The peer connections of this call, for stats and inspection. */
  peerConnections(): RTCPeerConnection[] {
    return this._session?.peerConnections() ?? [];
  }

  /** WebRTC stats of the call's (first) peer connection. */
  async getStats(): Promise<RTCStatsReport | undefined> {
    return this.peerConnections()[0]?.getStats();
  }

  private setMuted(kind: MediaKind, muted: boolean): void {
    if (this.ended) throw this.invalidState(muted ? 'mute' : 'unmute', 'the call has ended');
    if (this._media.setMuted(kind, muted)) this.env.emit('call-mute', { call: this, kind, muted });
  }

  private handlers(): SessionHandlers {
    return {
      ringing: (earlyMedia) => {
        if (this._state !== 'connecting' && this._state !== 'new') return;
        this.setState('ringing');
        if (!earlyMedia) this.env.tones.start('ringback');
        else this.env.tones.stop();
        this.env.emit('call-ringing', { call: this, earlyMedia });
      },
      connected: () => {
        if (this.ended || this.established) return;
        this.env.tones.stop();
        this._connectedAt = Date.now();
        this.setState('connected');
        this.startQuality();
        this.env.emit('call-connected', { call: this });
      },
      remoteTrack: (track) => {
        // Tracks of a stopped transceiver (video removed earlier) have ended: drop them.
        for (const old of this._remoteStream.getTracks()) if (old.readyState === 'ended') this._remoteStream.removeTrack(old);
        if (!this._remoteStream.getTracks().includes(track)) this._remoteStream.addTrack(track);
        if (track.kind === 'audio') this.env.audio.play(this.id, this._remoteStream);
        this.env.emit('call-remote-track', { call: this, track });
      },
      hold: (originator, onHold) => {
        if (this._held[originator] === onHold) return;
        this._held[originator] = onHold;
        if (this.established) this.setState(this._held.local || this._held.remote ? 'held' : 'connected');
        this.env.emit('call-hold', { call: this, ...this._held });
      },
      remoteVideo: (sending) => {
        if (this._remoteVideo === sending) return;
        this._remoteVideo = sending;
        if (this.established) this.emitVideoChange('remote');
      },
      dtmf: (tone, originator) => {
        if (originator === 'remote') this.env.emit('call-dtmf', { call: this, tones: tone, direction: 'in' });
      },
      info: (contentType, body, originator) => {
        if (originator === 'remote') this.env.emit('call-info', { call: this, contentType, body, direction: 'in' });
      },
      ended: (end) => this.finish(end),
    };
  }

  /** @internal Ends the call once: releases media, stops tones and audio, fires the events. */
  finish(end: SessionEnd): void {
    if (this.ended) return;
    if (this._pendingEnd) return;
    this._pendingEnd = end;
    this._summary = summarize(end, this.startedAt, this._connectedAt, this._monitor?.stop());
    this.env.tones.stop();
    if (this.direction === 'outgoing' && (end.reason === 'busy' || end.reason === 'rejected') && end.endedBy === 'remote') {
      this.env.tones.start('busy', 3000);
    }
    this._media.release();
    this.env.audio.stop(this.id);
    for (const track of this._remoteStream.getTracks()) this._remoteStream.removeTrack(track);
    this.setState('ended');
    const summary = this._summary;
    this.env.emit('call-ended', { call: this, summary });
    if (!this._connectedAt && FAILURE_REASONS.has(end.reason) && end.endedBy !== 'local') {
      this.env.emit('call-failed', { call: this, summary });
    }
    this.env.onEnded(this);
  }

  /** @internal Ends the call before it reached the provider (e.g. media failed). */
  abort(reason: EndReason, endedBy: EndedBy, rawCause?: string): void {
    this.finish({ reason, endedBy, rawCause });
  }

  /** @internal Holds this call because another one becomes active. */
  async holdForSwitch(): Promise<void> {
    if (this._state === 'connected' && !this._held.local) await this.hold().catch(() => undefined);
  }

  private startQuality(): void {
    if (this.env.quality === false) return;
    this._monitor = monitorQuality(this, () => this._media.muted.audio, this.env.emit, this.env.quality);
  }

  private setState(state: CallState): void {
    const previous = this._state;
    if (previous === state) return;
    this._state = state;
    this.env.emit('call-state-change', { call: this, state, previous });
  }

  private invalidState(action: string, why: string): CallError {
    return new CallError('call/invalid-state', `Cannot ${action}: ${why} (state "${this._state}").`);
  }
}
