// A fake of trtc-js-sdk 4.x (Tencent Real-Time Communication for the web) on the page's fake
// cloud (./cloud.ts). Default export shaped like the real `TRTC` (createClient, createStream,
// checkSystemRequirements, device lists, Logger, VERSION). Rooms live in the cloud; every
// subscription carries the publisher's real tracks over a loopback RTCPeerConnection pair made
// in the page, so a disabled track gives silence / black at the far end and the stats getters
// give real figures. The classes implement the real SDK's `Client`, `LocalStream` and
// `RemoteStream` interfaces (checked by tsc through `implements`; see conformance.ts).
import type {
  CheckResult,
  Client,
  ClientConfig,
  ClientEventMap,
  ErrorCode,
  JoinOptions,
  LocalAudioStatsMap,
  LocalStream,
  LocalVideoStatsMap,
  NetworkQuality,
  PlaybackOptions,
  RemoteAudioStatsMap,
  RemoteMutedState,
  RemoteStream,
  RemoteStreamType,
  RemoteVideoStatsMap,
  Role,
  RtcError,
  StreamConfig,
  StreamEventMap,
  TransportStats,
  VideoProfile,
} from 'trtc-js-sdk';
import { type FakeNetState, type RoomMember, fakeCloud } from './cloud.js';

/** trtc-js-sdk's error codes (`TRTC.ERROR_CODE` / the d.ts `ErrorCode`), the ones the fake raises. */
export const ERROR_CODE = {
  INVALID_PARAMETER: 0x1000,
  INVALID_OPERATION: 0x1001,
  NOT_SUPPORTED: 0x1002,
  DEVICE_NOT_FOUND: 0x1003,
  INITIALIZE_FAILED: 0x1004,
  JOIN_ROOM_FAILED: 0x4004,
  REMOTE_STREAM_NOT_EXIST: 0x4010,
  CLIENT_BANNED: 0x4040,
  SUBSCRIPTION_TIMEOUT: 0x4042,
  PLAY_NOT_ALLOWED: 0x4043,
} as const satisfies Partial<ErrorCode>;

/** An error as trtc-js-sdk raises: an Error with `getCode()`. */
export class FakeRtcError extends Error implements RtcError {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'RtcError';
    this.code = code;
  }
  getCode<K extends keyof ErrorCode>(): ErrorCode[K] {
    return this.code as ErrorCode[K];
  }
}

type AnyHandler = (event: any) => void;

/** A small event emitter with the SDK's `on(event, handler, context)` / `off` / `off('*')`. */
class Emitter {
  private readonly handlers = new Map<string, { handler: AnyHandler; context: unknown }[]>();
  on(event: string, handler: AnyHandler, context?: unknown): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), { handler, context }]);
  }
  off(event: string, handler?: AnyHandler, context?: unknown): void {
    if (event === '*') return void this.handlers.clear();
    const list = this.handlers.get(event) ?? [];
    const index = list.findIndex((h) => h.handler === handler && (context === undefined || h.context === context));
    if (index >= 0) list.splice(index, 1);
  }
  emit(event: string, payload?: unknown): void {
    for (const { handler, context } of [...(this.handlers.get(event) ?? [])]) {
      try {
        handler.call(context, payload);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}

/** Video profiles of `setVideoProfile` (width, height, frame rate, kbps), as the SDK documents. */
const VIDEO_PROFILES: Record<string, Required<VideoProfile>> = {
  '120p': { width: 160, height: 120, frameRate: 15, bitrate: 200 },
  '180p': { width: 320, height: 180, frameRate: 15, bitrate: 350 },
  '240p': { width: 320, height: 240, frameRate: 15, bitrate: 400 },
  '360p': { width: 640, height: 360, frameRate: 15, bitrate: 800 },
  '480p': { width: 640, height: 480, frameRate: 15, bitrate: 900 },
  '720p': { width: 1280, height: 720, frameRate: 15, bitrate: 1500 },
  '1080p': { width: 1920, height: 1080, frameRate: 15, bitrate: 2000 },
  '1440p': { width: 2560, height: 1440, frameRate: 30, bitrate: 4860 },
  '4K': { width: 3840, height: 2160, frameRate: 30, bitrate: 9000 },
};

let streamCounter = 0;
const newStreamId = () => `fake-stream-${Date.now().toString(36)}-${++streamCounter}`;

/** What the local and remote streams share: tracks in a MediaStream, play/stop, events. */
abstract class FakeStreamBase {
  protected readonly emitter = new Emitter();
  protected readonly media = new MediaStream();
  protected player?: { container: HTMLElement; video?: HTMLVideoElement; audio?: HTMLAudioElement; options: PlaybackOptions };
  protected volume = 1;
  protected outputDevice = '';
  /** Last audio level sampled from the stats (0–1), see getAudioLevel. */
  audioLevel = 0;

  constructor(
    protected readonly id: string,
    protected readonly userId: string,
  ) {}

  /** Plays into the element with that id (or that element): a <video> and, for remote audio, an <audio>. */
  async play(elementId: string | HTMLDivElement, options: PlaybackOptions = {}): Promise<void> {
    const host = typeof elementId === 'string' ? document.getElementById(elementId) : elementId;
    if (!host) throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, `play: no element with id "${String(elementId)}"`);
    this.stop();
    const container = document.createElement('div');
    container.id = `player_${this.id}`;
    container.style.cssText = 'width:100%;height:100%;position:relative;overflow:hidden;background:#000';
    host.appendChild(container);
    this.player = { container, options };
    this.refreshPlayer();
    const elements = [this.player.video, this.player.audio].filter((e): e is HTMLMediaElement => !!e);
    try {
      await Promise.all(elements.map((e) => e.play()));
    } catch (error) {
      if ((error as DOMException)?.name === 'NotAllowedError') {
        const rtcError = new FakeRtcError(ERROR_CODE.PLAY_NOT_ALLOWED, 'autoplay blocked');
        this.emitter.emit('error', rtcError);
        throw rtcError;
      }
      if ((error as DOMException)?.name !== 'AbortError') throw error;
    }
    for (const e of elements) this.emitter.emit('player-state-changed', { type: e instanceof HTMLVideoElement ? 'video' : 'audio', state: 'PLAYING', reason: 'playing' });
  }

  /** Stops playing (removes the elements play made). */
  stop(): void {
    if (!this.player) return;
    for (const e of [this.player.video, this.player.audio]) {
      if (!e) continue;
      e.pause();
      e.srcObject = null;
    }
    this.player.container.remove();
    this.player = undefined;
  }

  /** Resumes playback after an autoplay block. */
  async resume(): Promise<void> {
    await Promise.all([this.player?.video?.play(), this.player?.audio?.play()]);
  }

  getId(): string {
    return this.id;
  }
  getUserId(): string {
    return this.userId;
  }
  hasAudio(): boolean {
    return this.media.getAudioTracks().length > 0;
  }
  hasVideo(): boolean {
    return this.media.getVideoTracks().length > 0;
  }
  getAudioTrack(): MediaStreamTrack | null {
    return this.media.getAudioTracks()[0] ?? null;
  }
  getVideoTrack(): MediaStreamTrack | null {
    return this.media.getVideoTracks()[0] ?? null;
  }
  /** The stream's tracks as one MediaStream (not in the d.ts, but in the SDK and used by apps). */
  getMediaStream(): MediaStream | null {
    return this.media.getTracks().length ? this.media : null;
  }
  async setAudioOutput(deviceId: string): Promise<void> {
    this.outputDevice = deviceId;
    const audio = this.player?.audio as (HTMLAudioElement & { setSinkId?(id: string): Promise<void> }) | undefined;
    await audio?.setSinkId?.(deviceId);
  }
  setAudioVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1, volume));
    if (this.player?.audio) this.player.audio.volume = this.volume;
  }
  /** Audio level 0–1, sampled from the WebRTC stats while in a room (0 before any sample). */
  getAudioLevel(): number {
    return this.audioLevel;
  }
  /** The current video frame as a PNG data URL, or null without video. */
  getVideoFrame(): string | null {
    const video = this.player?.video;
    if (!video || !video.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    return canvas.toDataURL('image/png');
  }
  on<K extends keyof StreamEventMap>(event: K, handler: (event: StreamEventMap[K]) => void, context?: any): void {
    this.emitter.on(event, handler, context);
  }
  off<K extends keyof StreamEventMap>(event: K | '*', handler?: (event: StreamEventMap[K]) => void, context?: any): void {
    this.emitter.off(event, handler as AnyHandler, context);
  }

  /** Whether a <audio> element plays this stream (remote streams only). */
  protected abstract playsAudio(): boolean;

  /** Brings the player's elements in line with the current tracks. */
  protected refreshPlayer(): void {
    const player = this.player;
    if (!player) return;
    const { options } = player;
    if (this.hasVideo() && !player.video) {
      const video = document.createElement('video');
      video.autoplay = true;
      video.playsInline = true;
      video.muted = true;
      video.style.cssText = `width:100%;height:100%;object-fit:${options.objectFit ?? 'cover'};${options.mirror ? 'transform:rotateY(180deg);' : ''}`;
      video.srcObject = new MediaStream(this.media.getVideoTracks());
      player.container.appendChild(video);
      player.video = video;
      void video.play().catch(() => {});
    } else if (player.video) {
      if (!this.hasVideo()) {
        player.video.srcObject = null;
        player.video.remove();
        player.video = undefined;
      } else player.video.srcObject = new MediaStream(this.media.getVideoTracks());
    }
    const wantsAudio = this.playsAudio() && this.hasAudio() && !options.muted;
    if (wantsAudio && !player.audio) {
      const audio = document.createElement('audio');
      audio.autoplay = true;
      audio.volume = this.volume;
      audio.srcObject = new MediaStream(this.media.getAudioTracks());
      player.container.appendChild(audio);
      player.audio = audio;
      void audio.play().catch(() => {});
    } else if (player.audio && !wantsAudio) {
      player.audio.srcObject = null;
      player.audio.remove();
      player.audio = undefined;
    }
  }
}

/** Listener of a local stream's changes: its publication relays them to the room. */
type LocalChange = { kind: 'track'; trackKind: 'audio' | 'video'; track: MediaStreamTrack | null } | { kind: 'mute'; event: 'mute-audio' | 'unmute-audio' | 'mute-video' | 'unmute-video' };

/** `TRTC.createStream(...)`: camera/mic (or given tracks, or the screen), published by a client. */
export class FakeLocalStream extends FakeStreamBase implements LocalStream {
  private readonly config: StreamConfig;
  private profile: Required<VideoProfile> = VIDEO_PROFILES['480p'];
  private initialized = false;
  private readonly observers = new Set<(change: LocalChange) => void>();
  /** Whether this is a screen-sharing stream (published as the auxiliary stream). */
  readonly isScreen: boolean;

  constructor(config: StreamConfig) {
    super(newStreamId(), config.userId ?? '');
    this.config = { ...config };
    this.isScreen = !!config.screen;
  }

  /** Captures: the given audioSource/videoSource tracks, else getUserMedia/getDisplayMedia for the flags. */
  async initialize(): Promise<void> {
    if (this.initialized) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'initialize: already initialized');
    const { audio, video, audioSource, videoSource, screen, screenAudio, microphoneId, cameraId, facingMode } = this.config;
    if (!audio && !video && !audioSource && !videoSource && !screen) throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, 'initialize: nothing to capture');
    const tracks: MediaStreamTrack[] = [];
    try {
      if (audioSource) tracks.push(audioSource);
      if (videoSource) tracks.push(videoSource);
      if (screen && !videoSource) {
        const display = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 5 }, audio: !!screenAudio });
        tracks.push(...display.getTracks());
        display.getVideoTracks()[0]?.addEventListener('ended', () => this.emitter.emit('screen-sharing-stopped'));
      }
      const wantAudio = !!audio && !audioSource && !(screen && screenAudio);
      const wantVideo = !!video && !videoSource && !screen;
      if (wantAudio || wantVideo) {
        const { width, height, frameRate } = this.profile;
        const captured = await navigator.mediaDevices.getUserMedia({
          audio: wantAudio ? (microphoneId ? { deviceId: { exact: microphoneId } } : true) : false,
          video: wantVideo ? { ...(cameraId ? { deviceId: { exact: cameraId } } : facingMode ? { facingMode } : {}), width, height, frameRate } : false,
        });
        tracks.push(...captured.getTracks());
      }
    } catch (error) {
      for (const track of tracks) if (track !== audioSource && track !== videoSource) track.stop();
      throw error;
    }
    for (const track of tracks) this.media.addTrack(track);
    this.initialized = true;
  }

  /** Whether initialize succeeded. */
  isInitialized(): boolean {
    return this.initialized;
  }

  setAudioProfile(_profile: 'standard' | 'high' | 'standard-stereo' | 'high-stereo'): void {}

  /** Sets the capture size/rate (a profile name or `{ width, height, frameRate, bitrate }`). */
  setVideoProfile(profile: keyof typeof VIDEO_PROFILES | VideoProfile | any): void {
    const base = typeof profile === 'string' ? VIDEO_PROFILES[profile.replace(/_2$/, '')] : undefined;
    if (typeof profile === 'string' && !base) throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, `setVideoProfile: unknown profile ${profile}`);
    this.profile = { ...this.profile, ...(base ?? profile) };
    const track = this.getVideoTrack();
    if (track && !this.isScreen) void track.applyConstraints({ width: this.profile.width, height: this.profile.height, frameRate: this.profile.frameRate }).catch(() => {});
  }

  setScreenProfile(_profile: unknown): void {}
  setVideoContentHint(hint: 'motion' | 'detail' | 'text'): void {
    const track = this.getVideoTrack();
    if (track) track.contentHint = hint;
  }

  /** Captures from another camera or microphone and replaces the track (the old one is stopped). */
  async switchDevice(type: 'audio' | 'video', deviceId: string): Promise<void> {
    const old = type === 'audio' ? this.getAudioTrack() : this.getVideoTrack();
    if (!old) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, `switchDevice: the stream has no ${type} track`);
    const { width, height, frameRate } = this.profile;
    const captured = await navigator.mediaDevices.getUserMedia(type === 'audio' ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId }, width, height, frameRate } });
    const track = captured.getTracks()[0];
    track.enabled = old.enabled;
    await this.replaceTrack(track);
    old.stop();
  }

  /** Adds an audio or video track the stream does not have yet (subscribers get stream-updated). */
  async addTrack(track: MediaStreamTrack): Promise<void> {
    const kind = track.kind as 'audio' | 'video';
    if (this.media.getTracks().some((t) => t.kind === kind)) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, `addTrack: the stream already has a ${kind} track`);
    this.media.addTrack(track);
    this.refreshPlayer();
    this.notify({ kind: 'track', trackKind: kind, track });
  }

  /** Removes a track (subscribers get stream-updated). The track is not stopped. */
  async removeTrack(track: MediaStreamTrack): Promise<void> {
    if (!this.media.getTracks().includes(track)) throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, 'removeTrack: not a track of this stream');
    this.media.removeTrack(track);
    this.refreshPlayer();
    this.notify({ kind: 'track', trackKind: track.kind as 'audio' | 'video', track: null });
  }

  /** Replaces the track of the same kind (the old one is not stopped); far ends keep their tracks. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    const kind = track.kind as 'audio' | 'video';
    const old = this.media.getTracks().find((t) => t.kind === kind);
    if (!old) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, `replaceTrack: the stream has no ${kind} track`);
    this.media.removeTrack(old);
    this.media.addTrack(track);
    this.refreshPlayer();
    this.notify({ kind: 'track', trackKind: kind, track });
  }

  muteAudio(): boolean {
    return this.setEnabled('audio', false);
  }
  unmuteAudio(): boolean {
    return this.setEnabled('audio', true);
  }
  muteVideo(): boolean {
    return this.setEnabled('video', false);
  }
  unmuteVideo(): boolean {
    return this.setEnabled('video', true);
  }

  /** Capture volume 0–100: not modelled (returns true). */
  setAudioCaptureVolume(_volume: Number): Boolean {
    return true;
  }

  /** Stops playing and releases the capture (every track stopped). */
  close(): void {
    this.stop();
    for (const track of this.media.getTracks()) {
      track.stop();
      this.media.removeTrack(track);
    }
  }

  /** @internal A publication follows the stream's changes. */
  observe(observer: (change: LocalChange) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  protected playsAudio(): boolean {
    return false;
  }

  private setEnabled(kind: 'audio' | 'video', enabled: boolean): boolean {
    const track = kind === 'audio' ? this.getAudioTrack() : this.getVideoTrack();
    if (!track) return false;
    track.enabled = enabled;
    this.notify({ kind: 'mute', event: `${enabled ? 'unmute' : 'mute'}-${kind}` });
    return true;
  }

  private notify(change: LocalChange): void {
    for (const observer of [...this.observers]) observer(change);
  }
}

/** A published stream as the cloud carries it to the room. */
interface Publication {
  id: string;
  userId: string;
  type: RemoteStreamType;
  local: FakeLocalStream;
  owner: FakeClient;
  links: Set<MediaLink>;
  audioMuted: boolean;
  videoMuted: boolean;
  stopObserving: () => void;
}

/**
 * One publication carried to one subscriber: two RTCPeerConnections in the page, the
 * publisher's side sending its tracks (one audio and one video transceiver, so adding or
 * removing a track is a replaceTrack, no renegotiation), the subscriber's side receiving.
 */
class MediaLink {
  readonly send = new RTCPeerConnection();
  readonly receive = new RTCPeerConnection();
  private readonly senders: Record<'audio' | 'video', RTCRtpSender>;
  readonly tracks: Record<'audio' | 'video', MediaStreamTrack>;
  readonly ready: Promise<void>;

  constructor(local: FakeLocalStream, subscriber: string) {
    const cloud = fakeCloud();
    cloud.trackPeerConnection(this.send);
    cloud.trackPeerConnection(this.receive);
    cloud.trackLink({ publisher: local.getUserId(), subscriber, sender: this.send, receiver: this.receive });
    this.send.onicecandidate = ({ candidate }) => void (candidate && this.receive.addIceCandidate(candidate).catch(() => {}));
    this.receive.onicecandidate = ({ candidate }) => void (candidate && this.send.addIceCandidate(candidate).catch(() => {}));
    const audio = this.send.addTransceiver(local.getAudioTrack() ?? 'audio', { direction: 'sendonly' });
    const video = this.send.addTransceiver(local.getVideoTrack() ?? 'video', { direction: 'sendonly' });
    this.senders = { audio: audio.sender, video: video.sender };
    this.tracks = {} as Record<'audio' | 'video', MediaStreamTrack>;
    this.ready = this.negotiate();
  }

  /** Sends `track` (or nothing) for its kind. */
  replace(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return this.senders[kind].replaceTrack(track);
  }

  close(): void {
    this.send.close();
    this.receive.close();
  }

  private async negotiate(): Promise<void> {
    const offer = await this.send.createOffer();
    await this.send.setLocalDescription(offer);
    await this.receive.setRemoteDescription(offer);
    for (const transceiver of this.receive.getTransceivers()) {
      transceiver.direction = 'recvonly';
      this.tracks[transceiver.receiver.track.kind as 'audio' | 'video'] = transceiver.receiver.track;
    }
    const answer = await this.receive.createAnswer();
    await this.receive.setLocalDescription(answer);
    await this.send.setRemoteDescription(answer);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new FakeRtcError(ERROR_CODE.SUBSCRIPTION_TIMEOUT, 'subscribe: the loopback media connection did not connect in 10 s (loopback ICE allowed?)')), 10_000);
      const check = () => {
        const state = this.receive.connectionState;
        if (state === 'connected') {
          clearTimeout(timer);
          resolve();
        } else if (state === 'failed' || state === 'closed') {
          clearTimeout(timer);
          reject(new FakeRtcError(ERROR_CODE.SUBSCRIPTION_TIMEOUT, `subscribe: loopback media connection ${state}`));
        }
      };
      this.receive.addEventListener('connectionstatechange', check);
      check();
    });
  }
}

/** A remote user's stream as one subscriber sees it (stream-added / -subscribed / -removed). */
export class FakeRemoteStream extends FakeStreamBase implements RemoteStream {
  /** @internal */ link?: MediaLink;
  /** @internal */ readonly publication: Publication;

  constructor(publication: Publication) {
    super(publication.id, publication.userId);
    this.publication = publication;
  }

  getType(): RemoteStreamType {
    return this.publication.type;
  }
  /** Local playback mute of the remote audio (the far end keeps sending). */
  muteAudio(): boolean {
    const track = this.getAudioTrack();
    if (track) track.enabled = false;
    return !!track;
  }
  unmuteAudio(): boolean {
    const track = this.getAudioTrack();
    if (track) track.enabled = true;
    return !!track;
  }
  muteVideo(): boolean {
    const track = this.getVideoTrack();
    if (track) track.enabled = false;
    return !!track;
  }
  unmuteVideo(): boolean {
    const track = this.getVideoTrack();
    if (track) track.enabled = true;
    return !!track;
  }
  /** Stops playing (the subscription stays). */
  close(): void {
    this.stop();
  }

  /** @internal Shows the received tracks for the kinds the publisher sends now. */
  refresh(): void {
    const local = this.publication.local;
    for (const kind of ['audio', 'video'] as const) {
      const received = this.link?.tracks[kind];
      const present = this.media.getTracks().find((t) => t.kind === kind);
      const wanted = !!received && !!(kind === 'audio' ? local.getAudioTrack() : local.getVideoTrack());
      if (wanted && !present) this.media.addTrack(received);
      if (!wanted && present) this.media.removeTrack(present);
    }
    this.refreshPlayer();
  }

  /** @internal The subscription ended. */
  detach(): void {
    this.link?.close();
    this.link = undefined;
    for (const track of this.media.getTracks()) this.media.removeTrack(track);
    this.refreshPlayer();
  }

  protected playsAudio(): boolean {
    return true;
  }
}

interface RemoteEntry {
  remote: FakeRemoteStream;
  subscribing?: Promise<void>;
  subscribed: boolean;
}

/** `TRTC.createClient(...)`: joins a room of the fake cloud, publishes, subscribes. */
export class FakeClient implements Client, RoomMember {
  readonly sdkAppId: number;
  readonly userId: string;
  private readonly config: ClientConfig;
  private readonly emitter = new Emitter();
  private roomId?: number | string;
  private role: Role = 'anchor';
  private state: 'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED' = 'DISCONNECTED';
  private publication?: Publication;
  private readonly remotes = new Map<string, RemoteEntry>();
  private readonly peers = new Set<string>();
  private qualityTimer?: ReturnType<typeof setInterval>;
  private volumeTimer?: ReturnType<typeof setInterval>;
  private lastDownlink = { received: 0, lost: 0 };
  private destroyed = false;

  constructor(config: ClientConfig) {
    this.config = { autoSubscribe: true, ...config };
    this.sdkAppId = Number(config.sdkAppId);
    this.userId = config.userId;
  }

  // ---------------------------------------------------------------- room

  /** Enters the room (userSig must be non-empty and not expired by the cloud). */
  async join(options: JoinOptions): Promise<void> {
    if (this.destroyed) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'join: the client was destroyed');
    if (this.roomId !== undefined) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'join: already in a room');
    const roomId = options?.roomId;
    const valid = this.config.useStringRoomId ? typeof roomId === 'string' && roomId.length > 0 : Number.isInteger(roomId) && (roomId as number) > 0 && (roomId as number) <= 4294967294;
    if (!valid) throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, `join: invalid roomId ${String(roomId)}`);
    this.setState('CONNECTING');
    await tick();
    const cloud = fakeCloud();
    if (!this.config.userSig || cloud.isExpired(this.userId, this.config.userSig) || cloud.networkOf(this.userId) === 'disconnected') {
      this.setState('DISCONNECTED');
      throw new FakeRtcError(ERROR_CODE.JOIN_ROOM_FAILED, 'join: userSig rejected or network down');
    }
    this.roomId = roomId;
    this.role = this.config.mode === 'live' ? (options.role ?? 'audience') : 'anchor';
    cloud.join(this, roomId);
    this.setState('CONNECTED');
    this.qualityTimer = setInterval(() => void this.reportQuality(), 2000);
  }

  /** Leaves the room: unpublishes, ends every subscription (their peer connections closed). */
  async leave(): Promise<void> {
    if (this.roomId === undefined) return;
    this.teardown();
    await tick();
    this.setState('DISCONNECTED');
  }

  /** Leaves (if in a room) and drops every listener. */
  destroy(): void {
    this.teardown();
    this.destroyed = true;
    this.emitter.off('*');
  }

  /** Publishes a local stream to the room (an initialized one; `isAuxiliary` for a second screen stream). */
  async publish(localStream: LocalStream, options?: { isAuxiliary?: boolean }): Promise<void> {
    const local = localStream as FakeLocalStream;
    if (this.roomId === undefined) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'publish: join a room first');
    if (this.role === 'audience') throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'publish: an audience cannot publish');
    if (!(local instanceof FakeStreamBase) || !local.isInitialized?.()) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'publish: initialize the stream first');
    if (this.publication) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'publish: a stream is already published');
    await tick();
    const publication: Publication = {
      id: local.getId(),
      userId: this.userId,
      type: options?.isAuxiliary || local.isScreen ? 'auxiliary' : 'main',
      local,
      owner: this,
      links: new Set(),
      audioMuted: !(local.getAudioTrack()?.enabled ?? true),
      videoMuted: !(local.getVideoTrack()?.enabled ?? true),
      stopObserving: () => {},
    };
    publication.stopObserving = local.observe((change) => this.relay(publication, change));
    this.publication = publication;
    fakeCloud().streamEvent(this, this.roomId, 'published', publication);
  }

  /** Stops publishing: subscribers get stream-removed, the peer connections close. */
  async unpublish(localStream: LocalStream): Promise<void> {
    const publication = this.publication;
    if (!publication || publication.local !== localStream) throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'unpublish: the stream is not published');
    this.dropPublication();
    await tick();
  }

  /** Receives a remote stream: its tracks arrive over a loopback peer connection, then stream-subscribed. */
  subscribe(remoteStream: RemoteStream, _options?: { audio?: boolean; video?: boolean }): Promise<void> {
    const entry = this.remotes.get(remoteStream.getId());
    if (!entry || entry.remote !== remoteStream) return Promise.reject(new FakeRtcError(ERROR_CODE.REMOTE_STREAM_NOT_EXIST, 'subscribe: no such remote stream'));
    if (entry.subscribing) return entry.subscribing;
    const remote = entry.remote;
    const link = new MediaLink(remote.publication.local, this.userId);
    remote.link = link;
    remote.publication.links.add(link);
    entry.subscribing = link.ready.then(
      () => {
        if (remote.link !== link) throw new FakeRtcError(ERROR_CODE.REMOTE_STREAM_NOT_EXIST, 'subscribe: the stream went away');
        entry.subscribed = true;
        remote.refresh();
        this.emitter.emit('stream-subscribed', { stream: remote });
      },
      (error) => {
        remote.publication.links.delete(link);
        if (remote.link === link) remote.detach();
        entry.subscribing = undefined;
        throw error;
      },
    );
    return entry.subscribing;
  }

  /** Ends a subscription (its peer connections close; the remote stream loses its tracks). */
  async unsubscribe(remoteStream: RemoteStream): Promise<void> {
    const entry = this.remotes.get(remoteStream.getId());
    if (!entry) throw new FakeRtcError(ERROR_CODE.REMOTE_STREAM_NOT_EXIST, 'unsubscribe: no such remote stream');
    this.endSubscription(entry);
    await tick();
  }

  /** Live mode only: anchor or audience. */
  async switchRole(role: Role): Promise<void> {
    if (this.config.mode !== 'live') throw new FakeRtcError(ERROR_CODE.INVALID_OPERATION, 'switchRole: live mode only');
    if (role === 'audience' && this.publication) this.dropPublication();
    this.role = role;
  }

  on<K extends keyof ClientEventMap>(event: K, handler: (event: ClientEventMap[K]) => void, context?: any): void {
    this.emitter.on(event, handler, context);
  }
  off<K extends keyof ClientEventMap>(event: K | '*', handler?: (event: ClientEventMap[K]) => void, context?: any): void {
    this.emitter.off(event, handler as AnyHandler, context);
  }

  /** Audio/video state of the remote users with a published stream. */
  getRemoteMutedState(): RemoteMutedState[] {
    return [...this.remotes.values()].map(({ remote }) => {
      const p = remote.publication;
      return { userId: p.userId, hasAudio: !!p.local.getAudioTrack(), hasVideo: !!p.local.getVideoTrack(), hasSmall: false, audioMuted: p.audioMuted, videoMuted: p.videoMuted };
    });
  }

  // ---------------------------------------------------------------- stats (from the loopback connections)

  /** Uplink RTT (ms) of the published stream and the downlink RTT per remote user. */
  async getTransportStats(): Promise<TransportStats> {
    const link = this.publication ? [...this.publication.links][0] : undefined;
    const rtt = link ? rttOf(await link.send.getStats()) : 0;
    const downlinksRTT: Record<string, number> = {};
    for (const { remote } of this.remotes.values()) if (remote.link) downlinksRTT[remote.getUserId()] = rttOf(await remote.link.receive.getStats());
    return { rtt, downlinksRTT };
  }

  async getLocalAudioStats(): Promise<LocalAudioStatsMap> {
    const out = await this.outbound('audio');
    return out ? { [this.userId]: { bytesSent: out.bytesSent ?? 0, packetsSent: out.packetsSent ?? 0 } } : {};
  }

  async getLocalVideoStats(): Promise<LocalVideoStatsMap> {
    const out = await this.outbound('video');
    return out ? { [this.userId]: { bytesSent: out.bytesSent ?? 0, packetsSent: out.packetsSent ?? 0, framesEncoded: out.framesEncoded ?? 0, framesSent: out.framesSent ?? 0, frameWidth: out.frameWidth ?? 0, frameHeight: out.frameHeight ?? 0 } } : {};
  }

  async getRemoteAudioStats(): Promise<RemoteAudioStatsMap> {
    const result: RemoteAudioStatsMap = {};
    for (const { remote } of this.remotes.values()) {
      const inbound = remote.link && (await inboundOf(remote.link, 'audio'));
      if (inbound) result[remote.getUserId()] = { bytesReceived: inbound.bytesReceived ?? 0, packetsReceived: inbound.packetsReceived ?? 0, packetsLost: inbound.packetsLost ?? 0 };
    }
    return result;
  }

  async getRemoteVideoStats(remoteStreamType: RemoteStreamType = 'main'): Promise<RemoteVideoStatsMap> {
    const result: RemoteVideoStatsMap = {};
    for (const { remote } of this.remotes.values()) {
      if (remote.getType() !== remoteStreamType) continue;
      const inbound = remote.link && (await inboundOf(remote.link, 'video'));
      if (inbound) result[remote.getUserId()] = { bytesReceived: inbound.bytesReceived ?? 0, packetsReceived: inbound.packetsReceived ?? 0, packetsLost: inbound.packetsLost ?? 0, framesDecoded: inbound.framesDecoded ?? 0, frameWidth: inbound.frameWidth ?? 0, frameHeight: inbound.frameHeight ?? 0 };
    }
    return result;
  }

  /** audio-volume events every `interval` ms (≤ 0 stops), levels from the stats. */
  enableAudioVolumeEvaluation(interval = 2000, _enableInBackground?: boolean): void {
    clearInterval(this.volumeTimer);
    this.volumeTimer = undefined;
    if (interval <= 0) return;
    this.volumeTimer = setInterval(() => void this.reportVolumes(), Math.max(16, interval));
  }

  // ---------------------------------------------------------------- not modelled by the fake

  setProxyServer(_proxyServer: unknown): void {}
  setTurnServer(_config: unknown): void {}
  sendSEIMessage(_buffer: ArrayBuffer, _options?: { seiPayloadType: number }): void {
    throw new FakeRtcError(ERROR_CODE.NOT_SUPPORTED, 'sendSEIMessage: not modelled by the fake');
  }
  async startMixTranscode(_config: unknown): Promise<void> {
    throw new FakeRtcError(ERROR_CODE.NOT_SUPPORTED, 'startMixTranscode: not modelled by the fake');
  }
  async stopMixTranscode(): Promise<void> {}
  async startPublishCDNStream(_options: unknown): Promise<void> {
    throw new FakeRtcError(ERROR_CODE.NOT_SUPPORTED, 'startPublishCDNStream: not modelled by the fake');
  }
  async stopPublishCDNStream(): Promise<void> {}
  async enableSmallStream(): Promise<void> {
    throw new FakeRtcError(ERROR_CODE.NOT_SUPPORTED, 'enableSmallStream: not modelled by the fake');
  }
  async disableSmallStream(): Promise<void> {}
  setSmallStreamProfile(_options: unknown): void {}
  async setRemoteVideoStreamType(_remoteStream: RemoteStream, _status: 'big' | 'small'): Promise<void> {}
  async callExperimentalAPI(name: string, _options: Object): Promise<any> {
    throw new FakeRtcError(ERROR_CODE.NOT_SUPPORTED, `callExperimentalAPI(${name}): not modelled by the fake`);
  }

  // ---------------------------------------------------------------- RoomMember (called by the cloud)

  /** @internal */
  publishedStreams(): unknown[] {
    return this.publication ? [this.publication] : [];
  }

  /** @internal */
  peerJoined(member: RoomMember): void {
    this.peers.add(member.userId);
    later(() => this.emitter.emit('peer-join', { userId: member.userId }));
    for (const stream of member.publishedStreams()) this.streamPublished(member, stream);
  }

  /** @internal */
  peerLeft(member: RoomMember): void {
    for (const entry of [...this.remotes.values()]) if (entry.remote.publication.owner === member) this.streamUnpublished(member, entry.remote.publication);
    this.peers.delete(member.userId);
    later(() => this.emitter.emit('peer-leave', { userId: member.userId }));
  }

  /** @internal */
  streamPublished(_member: RoomMember, stream: unknown): void {
    const publication = stream as Publication;
    const remote = new FakeRemoteStream(publication);
    const entry: RemoteEntry = { remote, subscribed: false };
    this.remotes.set(publication.id, entry);
    later(() => {
      if (this.remotes.get(publication.id) !== entry) return;
      this.emitter.emit('stream-added', { stream: remote });
      // autoSubscribe (the SDK's default): subscribe unless the app did in its handler.
      if (this.config.autoSubscribe && !entry.subscribing) this.subscribe(remote).catch(() => {});
    });
  }

  /** @internal */
  streamUnpublished(_member: RoomMember, stream: unknown): void {
    const publication = stream as Publication;
    const entry = this.remotes.get(publication.id);
    if (!entry) return;
    this.remotes.delete(publication.id);
    this.endSubscription(entry);
    later(() => this.emitter.emit('stream-removed', { stream: entry.remote }));
  }

  /** @internal */
  streamChanged(member: RoomMember, stream: unknown, change: string): void {
    const entry = this.remotes.get((stream as Publication).id);
    if (change === 'tracks') {
      if (!entry) return;
      entry.remote.refresh();
      later(() => this.emitter.emit('stream-updated', { stream: entry.remote }));
    } else later(() => this.emitter.emit(change, { userId: member.userId }));
  }

  /** @internal */
  banned(reason: 'kick' | 'banned' | 'room-disband', message: string): void {
    this.teardown();
    this.setState('DISCONNECTED');
    later(() => this.emitter.emit('client-banned', { reason, message }));
  }

  /** @internal */
  netState(state: FakeNetState): void {
    if (this.roomId === undefined) return;
    if (state === 'disconnected') this.setState('RECONNECTING');
    else if (state === 'connected') this.setState('CONNECTED');
  }

  // ---------------------------------------------------------------- internals

  private relay(publication: Publication, change: LocalChange): void {
    if (this.roomId === undefined) return;
    if (change.kind === 'track') {
      for (const link of publication.links) void link.replace(change.trackKind, change.track).catch(() => {});
      fakeCloud().streamEvent(this, this.roomId, 'tracks', publication);
    } else {
      if (change.event.endsWith('audio')) publication.audioMuted = change.event.startsWith('mute');
      else publication.videoMuted = change.event.startsWith('mute');
      fakeCloud().streamEvent(this, this.roomId, change.event, publication);
    }
  }

  private dropPublication(): void {
    const publication = this.publication;
    if (!publication) return;
    this.publication = undefined;
    publication.stopObserving();
    if (this.roomId !== undefined) fakeCloud().streamEvent(this, this.roomId, 'unpublished', publication);
    for (const link of publication.links) link.close();
    publication.links.clear();
  }

  private endSubscription(entry: RemoteEntry): void {
    const { remote } = entry;
    if (remote.link) remote.publication.links.delete(remote.link);
    remote.detach();
    entry.subscribing = undefined;
    entry.subscribed = false;
  }

  private teardown(): void {
    clearInterval(this.qualityTimer);
    clearInterval(this.volumeTimer);
    this.qualityTimer = this.volumeTimer = undefined;
    if (this.roomId === undefined) return;
    this.dropPublication();
    for (const entry of this.remotes.values()) this.endSubscription(entry);
    this.remotes.clear();
    this.peers.clear();
    const roomId = this.roomId;
    this.roomId = undefined;
    fakeCloud().leave(this, roomId);
  }

  private setState(state: FakeClient['state']): void {
    if (state === this.state) return;
    const prevState = this.state;
    this.state = state;
    this.emitter.emit('connection-state-changed', { prevState, state });
  }

  private async outbound(kind: 'audio' | 'video'): Promise<any> {
    const link = this.publication ? [...this.publication.links][0] : undefined;
    if (!link) return undefined;
    let found: any;
    (await link.send.getStats()).forEach((s: any) => {
      if (s.type === 'outbound-rtp' && s.kind === kind) found = s;
    });
    return found;
  }

  /** network-quality: 0 unknown, 1 excellent … 5 very bad, 6 disconnected, from the loopback stats. */
  private async reportQuality(): Promise<void> {
    if (this.roomId === undefined) return;
    const down = fakeCloud().networkOf(this.userId) === 'disconnected';
    let uplinkRTT = 0;
    let uplinkLoss = 0;
    const link = this.publication ? [...this.publication.links][0] : undefined;
    if (link) {
      const report = await link.send.getStats();
      uplinkRTT = rttOf(report);
      report.forEach((s: any) => {
        if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') uplinkLoss = Math.max(uplinkLoss, Math.round(s.fractionLost * 100));
      });
    }
    let downlinkRTT = 0;
    let received = 0;
    let lost = 0;
    for (const { remote } of this.remotes.values()) {
      if (!remote.link) continue;
      const report = await remote.link.receive.getStats();
      downlinkRTT = Math.max(downlinkRTT, rttOf(report));
      report.forEach((s: any) => {
        if (s.type === 'inbound-rtp') {
          received += s.packetsReceived ?? 0;
          lost += Math.max(0, s.packetsLost ?? 0);
          if (s.kind === 'audio' && typeof s.audioLevel === 'number') remote.audioLevel = s.audioLevel;
        }
      });
    }
    const dReceived = received - this.lastDownlink.received;
    const dLost = lost - this.lastDownlink.lost;
    this.lastDownlink = { received, lost };
    const downlinkLoss = dReceived + dLost > 0 ? Math.round((100 * Math.max(0, dLost)) / (dReceived + dLost)) : 0;
    const grade = (has: boolean, rtt: number, loss: number): number => {
      if (down) return 6;
      if (!has) return 0;
      if (loss < 1 && rtt < 50) return 1;
      if (loss < 3 && rtt < 100) return 2;
      if (loss < 5 && rtt < 200) return 3;
      if (loss < 10 && rtt < 400) return 4;
      return 5;
    };
    if (this.roomId === undefined) return;
    // The d.ts types the qualities 1–6; the SDK also reports 0 (unknown), as here before any media.
    const quality = {
      uplinkNetworkQuality: grade(!!link, uplinkRTT, uplinkLoss),
      downlinkNetworkQuality: grade(this.remotes.size > 0, downlinkRTT, downlinkLoss),
      uplinkRTT,
      uplinkLoss,
      downlinkRTT,
      downlinkLoss,
    } as unknown as NetworkQuality;
    this.emitter.emit('network-quality', quality);
  }

  private async reportVolumes(): Promise<void> {
    const result: { userId: string; audioVolume: number; stream: FakeStreamBase }[] = [];
    // Read once: an unpublish during the getStats() below must not leave us reading a cleared one.
    const publication = this.publication;
    const link = publication ? [...publication.links][0] : undefined;
    if (publication) {
      let level = 0;
      if (link) (await link.send.getStats()).forEach((s: any) => {
        if (s.type === 'media-source' && s.kind === 'audio' && typeof s.audioLevel === 'number') level = s.audioLevel;
      });
      if (!publication.local.getAudioTrack()?.enabled) level = 0;
      publication.local.audioLevel = level;
      result.push({ userId: this.userId, audioVolume: Math.round(level * 100), stream: publication.local });
    }
    for (const { remote } of this.remotes.values()) {
      const inbound = remote.link && (await inboundOf(remote.link, 'audio'));
      remote.audioLevel = inbound?.audioLevel ?? 0;
      result.push({ userId: remote.getUserId(), audioVolume: Math.round(remote.audioLevel * 100), stream: remote });
    }
    if (this.volumeTimer) this.emitter.emit('audio-volume', { result });
  }
}

function rttOf(report: RTCStatsReport): number {
  let rtt = 0;
  report.forEach((s: any) => {
    if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rtt = Math.round(s.currentRoundTripTime * 1000);
  });
  return rtt;
}

async function inboundOf(link: MediaLink, kind: 'audio' | 'video'): Promise<any> {
  let found: any;
  (await link.receive.getStats()).forEach((s: any) => {
    if (s.type === 'inbound-rtp' && s.kind === kind) found = s;
  });
  return found;
}

function later(fn: () => void): void {
  setTimeout(fn, 0);
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Device lists: enumerateDevices, asking for capture permission once when ids are hidden. */
async function devices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
  let list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  if (kind !== 'audiooutput' && list.some((d) => !d.deviceId)) {
    try {
      const probe = await navigator.mediaDevices.getUserMedia(kind === 'videoinput' ? { video: true } : { audio: true });
      for (const track of probe.getTracks()) track.stop();
      list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
    } catch {
      // Permission refused: the ids stay hidden, as the real SDK's lists would.
    }
  }
  return list;
}

/** The fake `TRTC` namespace. */
const FakeTRTC = {
  /** The trtc-js-sdk version the fake follows (trtc-calling-js compares it with 4.7.0). */
  VERSION: '4.15.22',
  /** Logger: levels kept, nothing uploaded. */
  Logger: {
    LogLevel: { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, NONE: 5 } as const,
    level: 2 as number,
    setLogLevel(level: 0 | 1 | 2 | 3 | 4 | 5): void {
      FakeTRTC.Logger.level = level;
    },
    enableUploadLog(): void {},
    disableUploadLog(): void {},
  },
  ERROR_CODE,
  /** What the browser supports (RTCPeerConnection, getUserMedia, H.264/VP8 from the codec capabilities). */
  async checkSystemRequirements(): Promise<CheckResult> {
    const isWebRTCSupported = typeof RTCPeerConnection === 'function';
    const isMediaDevicesSupported = !!navigator.mediaDevices?.getUserMedia;
    const codecs = (direction: 'send' | 'receive', name: string) => {
      const capabilities = direction === 'send' ? RTCRtpSender.getCapabilities?.('video') : RTCRtpReceiver.getCapabilities?.('video');
      return !!capabilities?.codecs.some((c) => c.mimeType.toLowerCase() === `video/${name}`);
    };
    const detail = {
      isBrowserSupported: isWebRTCSupported,
      isWebRTCSupported,
      isMediaDevicesSupported,
      isH264EncodeSupported: isWebRTCSupported && codecs('send', 'h264'),
      isH264DecodeSupported: isWebRTCSupported && codecs('receive', 'h264'),
      isVp8EncodeSupported: isWebRTCSupported && codecs('send', 'vp8'),
      isVp8DecodeSupported: isWebRTCSupported && codecs('receive', 'vp8'),
    };
    return { result: isWebRTCSupported && isMediaDevicesSupported && (detail.isVp8EncodeSupported || detail.isH264EncodeSupported), detail };
  },
  isScreenShareSupported(): boolean {
    return !!navigator.mediaDevices?.getDisplayMedia;
  },
  isSmallStreamSupported(): boolean {
    return false;
  },
  getDevices(): Promise<MediaDeviceInfo[]> {
    return navigator.mediaDevices.enumerateDevices();
  },
  getCameras(): Promise<InputDeviceInfo[]> {
    return devices('videoinput') as Promise<InputDeviceInfo[]>;
  },
  getMicrophones(): Promise<InputDeviceInfo[]> {
    return devices('audioinput') as Promise<InputDeviceInfo[]>;
  },
  getSpeakers(): Promise<MediaDeviceInfo[]> {
    return devices('audiooutput');
  },
  /** A client for one user (sdkAppId, userId, userSig required; mode 'rtc' or 'live'). */
  createClient(config: ClientConfig): Client {
    if (!config?.sdkAppId || !config.userId || typeof config.userSig !== 'string' || (config.mode !== 'rtc' && config.mode !== 'live')) {
      throw new FakeRtcError(ERROR_CODE.INVALID_PARAMETER, 'createClient: sdkAppId, userId, userSig and mode (rtc|live) are required');
    }
    return new FakeClient(config);
  },
  /** A local stream (initialize it before publishing). */
  createStream(config: StreamConfig): LocalStream {
    return new FakeLocalStream(config ?? {});
  },
};

export default FakeTRTC;
