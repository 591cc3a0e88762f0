import { normalizeDtmf } from './dtmf.js';
import { FAILURE_REASONS } from './end-reason.js';
import { CallError } from './errors.js';
import type { EndReason, EndedBy } from './end-reason.js';
import type { EmitFn } from './events.js';
import type { ProviderSession, SessionEnd, SessionHandlers } from './provider.js';
import type { CallDirection, CallState, CallSummary, HoldState, MediaKind, RemoteParty } from './types.js';
import type { AudioOutput } from '../media/audio-output.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';
import { CallQualityMonitor } from '../quality/call-quality.js';
import type { QualityOptions, QualitySummary } from '../quality/call-quality.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

/** What a call borrows from its controller. */
export interface CallEnvironment {
  emit: EmitFn;
  media: LocalMedia;
  audio: AudioOutput;
  tones: Tones;
  /** Called once when the call has ended, so the controller can forget it. */
  onEnded(call: Call): void;
  /** Called before a call becomes active, so the controller can hold the others. */
  onActivating(call: Call): Promise<void>;
  /** Quality monitoring settings, or false for none. */
  quality: QualityOptions | false;
}

let nextId = 1;

/**
 * One call: its state, its remote party and its controls. Created by the
 * {@link CallController}; methods reject with a {@link CallError}.
 */
export class Call {
  /** Unique within the page. */
  readonly id = `call-${nextId++}`;
  readonly direction: CallDirection;
  /** Whether this call carries (or asked for) video. */
  video: boolean;
  private _state: CallState = 'new';
  private _remote: RemoteParty;
  private _session?: ProviderSession;
  private _localStream?: MediaStream;
  private readonly _remoteStream = new MediaStream();
  private readonly _held: HoldState = { local: false, remote: false };
  private readonly _muted: Record<MediaKind, boolean> = { audio: false, video: false };
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
    this.video = video;
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
    return { ...this._muted };
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
  /** Our outgoing media. */
  get localStream(): MediaStream | undefined {
    return this._localStream;
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
    this._localStream = localStream;
    session.bind(this.handlers());
    if (this.direction === 'outgoing') this.setState('connecting');
    else this.setState('incoming');
  }

  /** @internal Local media for an outgoing call, taken before the provider dials. */
  setLocalStream(stream: MediaStream): void {
    this._localStream = stream;
  }

  /** Answers an incoming call; `video` defaults to whether the caller offered video. */
  async answer(options: { video?: boolean } = {}): Promise<void> {
    if (this._state !== 'incoming' || !this._session) {
      throw this.invalidState('answer', 'only a ringing incoming call can be answered');
    }
    const session = this._session;
    this.video = options.video ?? session.remoteOffersVideo;
    this.env.tones.stop();
    this.setState('connecting');
    await this.env.onActivating(this);
    let stream: MediaStream;
    try {
      stream = await this.env.media.capture({ audio: true, video: this.video });
    } catch (error) {
      session.reject('decline');
      this.finish({ reason: 'media', endedBy: 'local', rawCause: (error as CallError).code });
      throw error;
    }
    if (this.ended) {
      this.env.media.release(stream);
      return;
    }
    this._localStream = stream;
    try {
      await session.answer(stream, this.video);
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
    this.setMuted(kind, !this._muted[kind]);
    return this._muted[kind];
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
    if (this._muted[kind] === muted) return;
    this._muted[kind] = muted;
    for (const track of this._localStream?.getTracks() ?? []) if (track.kind === kind) track.enabled = !muted;
    this.env.emit('call-mute', { call: this, kind, muted });
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
    const endedAt = Date.now();
    const quality: QualitySummary | undefined = this._monitor?.stop();
    this._summary = {
      reason: end.reason,
      endedBy: end.endedBy,
      rawCause: end.rawCause,
      statusCode: end.statusCode,
      startedAt: this.startedAt,
      connectedAt: this._connectedAt,
      endedAt,
      duration: this._connectedAt ? Math.max(0, Math.round((endedAt - this._connectedAt) / 1000)) : 0,
      quality,
    };
    this.env.tones.stop();
    if (this.direction === 'outgoing' && (end.reason === 'busy' || end.reason === 'rejected') && end.endedBy === 'remote') {
      this.env.tones.start('busy', 3000);
    }
    this.env.media.release(this._localStream);
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
    this._monitor = new CallQualityMonitor(
      () => this.peerConnections()[0],
      () => this._muted.audio,
      {
        sample: (sample) => this.env.emit('call-quality', { call: this, sample }),
        warning: (warning, raised) => this.env.emit(raised ? 'call-quality-warning' : 'call-quality-warning-cleared', { call: this, warning }),
        report: (report) => this.env.emit('call-report', { call: this, report }),
      },
      this.env.quality,
    );
    this._monitor.start();
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
