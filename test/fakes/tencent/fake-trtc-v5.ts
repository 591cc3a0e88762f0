// A fake of trtc-sdk-v5 (5.17) on the page's fake cloud (./cloud.ts), following its shipped
// index.d.ts: `TRTC.create()` gives one TRTC object per user; `enterRoom`, `exitRoom`,
// `startLocalAudio/Video` (with `audioTrack`/`videoTrack`), `updateLocalAudio/Video` (mute, a
// new track), `stopLocalAudio/Video`, `startRemoteVideo` (no view: the track only),
// `getAudioTrack`/`getVideoTrack`, `destroy`, and the events REMOTE_USER_ENTER/EXIT,
// REMOTE_AUDIO/VIDEO_AVAILABLE/UNAVAILABLE, NETWORK_QUALITY, STATISTICS (every 2 s),
// KICKED_OUT, ERROR. Underneath, each TRTC object is a fake trtc-js-sdk 4 client
// (./fake-trtc.ts) in the same rooms, so a v5 user and a v4 user (our phone or
// trtc-calling-js) are in one room with real peer connections between them. What a v4 user
// sees of a v5 user's camera leaving (stopLocalVideo) is mute-video, as TRTCCalling reads it.
// The constants are trtc-sdk-v5 5.17.1's (test/node/tencent-sdks.test.ts compares them with its d.ts).
import FakeTRTC, { FakeRtcError } from './fake-trtc.js';
import type { FakeClient, FakeLocalStream } from './fake-trtc.js';

/** `TRTC.EVENT` (TRTCEvent of the d.ts). */
const EVENT = {
  ERROR: 'error',
  AUTOPLAY_FAILED: 'autoplay-failed',
  KICKED_OUT: 'kicked-out',
  REMOTE_USER_ENTER: 'remote-user-enter',
  REMOTE_USER_EXIT: 'remote-user-exit',
  REMOTE_AUDIO_AVAILABLE: 'remote-audio-available',
  REMOTE_AUDIO_UNAVAILABLE: 'remote-audio-unavailable',
  REMOTE_VIDEO_AVAILABLE: 'remote-video-available',
  REMOTE_VIDEO_UNAVAILABLE: 'remote-video-unavailable',
  AUDIO_VOLUME: 'audio-volume',
  AUDIO_FRAME: 'audio-frame',
  NETWORK_QUALITY: 'network-quality',
  CONNECTION_STATE_CHANGED: 'connection-state-changed',
  AUDIO_PLAY_STATE_CHANGED: 'audio-play-state-changed',
  VIDEO_PLAY_STATE_CHANGED: 'video-play-state-changed',
  SCREEN_SHARE_STOPPED: 'screen-share-stopped',
  DEVICE_CHANGED: 'device-changed',
  PUBLISH_STATE_CHANGED: 'publish-state-changed',
  TRACK: 'track',
  STATISTICS: 'statistics',
  SEI_MESSAGE: 'sei-message',
  CUSTOM_MESSAGE: 'custom-message',
  FIRST_VIDEO_FRAME: 'first-video-frame',
  PERMISSION_STATE_CHANGE: 'permission-state-change',
  VIDEO_SIZE_CHANGED: 'video-size-changed',
  REALTIME_TRANSCRIBER_MESSAGE: 'realtime-transcriber-message',
  REALTIME_TRANSCRIBER_STATE_CHANGED: 'realtime-transcriber-state-changed',
  PICTURE_IN_PICTURE_STATE_CHANGED: 'picture-in-picture-state-changed',
  FULL_SCREEN_STATE_CHANGED: 'full-screen-state-changed',
} as const;

/** The stream types (`TRTC.TYPE.STREAM_TYPE_*`). */
const TYPE = { STREAM_TYPE_MAIN: 'main', STREAM_TYPE_SUB: 'sub', SCENE_LIVE: 'live', SCENE_RTC: 'rtc', ROLE_ANCHOR: 'anchor', ROLE_AUDIENCE: 'audience' } as const;

/** `TRTC.ERROR_CODE` (values as the SDK's). */
const V5_ERROR_CODE = {
  INVALID_PARAMETER: 5000,
  INVALID_OPERATION: 5100,
  ENV_NOT_SUPPORTED: 5200,
  DEVICE_ERROR: 5300,
  SERVER_ERROR: 5400,
  OPERATION_FAILED: 5500,
  OPERATION_ABORT: 5998,
  UNKNOWN_ERROR: 5999,
} as const;

type Handler = (...args: any[]) => void;

/** One remote user as this object sees it. */
interface RemoteUser {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  audioMuted: boolean;
  videoMuted: boolean;
  audioAvailable: boolean;
  videoAvailable: boolean;
  /** startRemoteVideo was called: the video track is ours to read. */
  videoStarted: boolean;
}

/** One TRTC object (`TRTC.create()`). */
export class FakeTRTCv5 {
  private readonly handlers = new Map<string, { handler: Handler; context: unknown }[]>();
  private client?: FakeClient;
  private local?: FakeLocalStream;
  private publishing?: Promise<void>;
  /** Local tracks started before enterRoom: published once in the room (the d.ts: "can be called before or after entering the room"). */
  private early: { track: MediaStreamTrack; publish: boolean; mute: boolean }[] = [];
  private readonly remotes = new Map<string, RemoteUser>();
  private statisticsTimer?: ReturnType<typeof setInterval>;
  /**
   * The SDK's own playback of remote audio (autoReceiveAudio, default true): one `<audio>` per
   * remote user (in the page, `data-fake-trtc-v5-player="<me> <them>"`), at setRemoteAudioVolume's
   * volume, stopped by muteRemoteAudio(userId, true).
   */
  private readonly players = new Map<string, HTMLAudioElement>();
  private autoReceiveAudio = true;
  /** muteRemoteAudio's answers by user id ('*': everyone). */
  private readonly audioMutes = new Map<string, boolean>();
  private readonly volumes = new Map<string, number>();
  private destroyed = false;
  private userId = '';

  // ---------------------------------------------------------------- room

  /** Enters a room: sdkAppId, userId, userSig and roomId (1..4294967294) or strRoomId. */
  async enterRoom(params: { sdkAppId: number; userId: string; userSig: string; roomId?: number; strRoomId?: string; autoReceiveAudio?: boolean }): Promise<void> {
    if (this.destroyed) throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, 'enterRoom: destroyed');
    if (this.client) throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, 'enterRoom: already in a room');
    if (!params?.sdkAppId || !params.userId || !params.userSig || (params.roomId === undefined && !params.strRoomId)) {
      throw new FakeRtcError(V5_ERROR_CODE.INVALID_PARAMETER, 'enterRoom: sdkAppId, userId, userSig and roomId or strRoomId are required');
    }
    const client = FakeTRTC.createClient({ mode: 'rtc', sdkAppId: params.sdkAppId, userId: params.userId, userSig: params.userSig, useStringRoomId: params.roomId === undefined }) as FakeClient;
    this.listenTo(client);
    try {
      // A join goes over the network: never within the same millisecond (trtc-cloud-js-sdk
      // reports its elapsed time as onEnterRoom's result, where 0 or less means failed).
      await new Promise((resolve) => setTimeout(resolve, 2));
      await client.join({ roomId: params.roomId ?? params.strRoomId! });
    } catch (error) {
      client.destroy();
      throw new FakeRtcError(V5_ERROR_CODE.SERVER_ERROR, `enterRoom failed: ${(error as Error).message}`);
    }
    this.client = client;
    this.userId = params.userId;
    this.autoReceiveAudio = params.autoReceiveAudio !== false;
    this.statisticsTimer = setInterval(() => void this.reportStatistics(), 2000);
    for (const { track, publish, mute } of this.early.splice(0)) {
      await this.startTrack(track, publish);
      if (mute) track.kind === 'audio' ? this.local?.muteAudio() : this.local?.muteVideo();
    }
  }

  /** Leaves the room: stops publishing, ends every subscription. */
  async exitRoom(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearInterval(this.statisticsTimer);
    this.local?.close();
    this.local = undefined;
    this.publishing = undefined;
    this.early = [];
    this.remotes.clear();
    for (const userId of [...this.players.keys()]) this.stopPlaying(userId);
    this.audioMutes.clear();
    await client.leave();
    client.destroy();
  }

  /** Exits (if in a room) and drops every listener. */
  destroy(): void {
    void this.exitRoom();
    this.destroyed = true;
    this.handlers.clear();
  }

  // ---------------------------------------------------------------- local media

  /** Publishes the microphone, or `option.audioTrack`. */
  async startLocalAudio(config?: { publish?: boolean; mute?: boolean | 'microphone'; option?: { audioTrack?: MediaStreamTrack } }): Promise<void> {
    const track = config?.option?.audioTrack ?? (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
    if (!this.client) return this.startEarly(track, config?.publish !== false, config?.mute === true);
    await this.startTrack(track, config?.publish !== false);
    if (config?.mute === true) this.local?.muteAudio();
  }

  /** Mutes/unmutes what is published, or sends `option.audioTrack` instead. */
  async updateLocalAudio(config: { mute?: boolean | 'microphone'; option?: { audioTrack?: MediaStreamTrack } }): Promise<void> {
    if (this.updateEarly('audio', config?.option?.audioTrack, config?.mute)) return;
    const local = this.requireLocal('audio', 'updateLocalAudio');
    if (config?.option?.audioTrack) await local.replaceTrack(config.option.audioTrack);
    // 'microphone' mutes by releasing the device in the SDK; here, as a mute.
    if (config?.mute === true || config?.mute === 'microphone') local.muteAudio();
    else if (config?.mute === false) local.unmuteAudio();
  }

  /** Stops publishing audio. */
  async stopLocalAudio(): Promise<void> {
    this.early = this.early.filter((e) => e.track.kind !== 'audio');
    const track = this.local?.getAudioTrack();
    if (track) await this.local!.removeTrack(track);
  }

  /** Publishes the camera, or `option.videoTrack` (`view` null: no local preview). */
  async startLocalVideo(config?: { view?: string | HTMLElement | HTMLElement[] | null; publish?: boolean; mute?: boolean | string; option?: { videoTrack?: MediaStreamTrack } }): Promise<void> {
    const track = config?.option?.videoTrack ?? (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0]!;
    if (!this.client) return this.startEarly(track, config?.publish !== false, config?.mute === true);
    await this.startTrack(track, config?.publish !== false);
    if (config?.mute === true) this.local?.muteVideo();
  }

  /** Mutes/unmutes the published video, or sends `option.videoTrack` instead. */
  async updateLocalVideo(config: { view?: string | HTMLElement | HTMLElement[] | null; mute?: boolean | string; option?: { videoTrack?: MediaStreamTrack } }): Promise<void> {
    if (this.updateEarly('video', config?.option?.videoTrack, config?.mute)) return;
    const local = this.requireLocal('video', 'updateLocalVideo');
    if (config?.option?.videoTrack) await local.replaceTrack(config.option.videoTrack);
    if (config?.mute === true) local.muteVideo();
    else if (config?.mute === false) local.unmuteVideo();
  }

  /** Stops publishing video (v4 users are told mute-video). */
  async stopLocalVideo(): Promise<void> {
    this.early = this.early.filter((e) => e.track.kind !== 'video');
    const track = this.local?.getVideoTrack();
    if (!track) return;
    this.local!.muteVideo();
    await this.local!.removeTrack(track);
  }

  /** The local audio track (no user) or a remote user's (autoReceiveAudio). */
  getAudioTrack(configOrUserId?: { userId?: string; streamType?: 'main' | 'sub'; processed?: boolean } | string): MediaStreamTrack | null {
    const userId = typeof configOrUserId === 'string' ? configOrUserId : configOrUserId?.userId;
    if (!userId || userId === this.userId) return this.local?.getAudioTrack() ?? this.earlyTrack('audio');
    return this.remotes.get(userId)?.audio ?? null;
  }

  /** The local video track (no user) or a remote user's main video once startRemoteVideo was called. */
  getVideoTrack(config?: { userId?: string; streamType?: 'main' | 'sub'; processed?: boolean }): MediaStreamTrack | null {
    const userId = config?.userId;
    if (!userId || userId === this.userId) return this.local?.getVideoTrack() ?? this.earlyTrack('video');
    const remote = this.remotes.get(userId);
    return remote?.videoStarted && (config?.streamType ?? 'main') === 'main' ? remote.video : null;
  }

  // ---------------------------------------------------------------- remote media

  /** Receives a remote user's video (REMOTE_VIDEO_AVAILABLE first); no view: only the track (getVideoTrack). */
  async startRemoteVideo(config: { view?: string | HTMLElement | HTMLElement[] | null; userId: string; streamType: 'main' | 'sub' }): Promise<void> {
    const remote = this.remotes.get(config?.userId);
    if (!remote?.videoAvailable || config.streamType !== 'main') throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, 'startRemoteVideo: no such remote video');
    remote.videoStarted = true;
  }

  /** Stops receiving a remote user's video. */
  async stopRemoteVideo(config: { userId: string; streamType?: 'main' | 'sub' }): Promise<void> {
    const remote = this.remotes.get(config?.userId);
    if (remote) remote.videoStarted = false;
  }

  /** Volume evaluation (AUDIO_VOLUME every `interval` ms): accepted; the fake reports no volumes. */
  enableAudioVolumeEvaluation(_interval?: number, _enableInBackground?: boolean): void {}

  /** Stops (true) or resumes (false) playing a remote user's audio ('*': everyone). */
  async muteRemoteAudio(userId: string, mute: boolean): Promise<void> {
    if (userId === '*') this.audioMutes.clear();
    this.audioMutes.set(userId, mute);
    for (const [id, remote] of this.remotes) this.play(id, remote);
  }

  /** The playback volume of a remote user's audio, 0-100 (default 100). */
  setRemoteAudioVolume(userId: string, volume: number): void {
    this.volumes.set(userId, volume);
    const player = this.players.get(userId);
    if (player) player.volume = Math.min(1, Math.max(0, volume / 100));
  }

  /** Listens (`TRTC.EVENT.*`); handlers get the event's arguments. */
  on(event: string, handler: Handler, context?: any): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), { handler, context }]);
    return this;
  }

  /** Stops listening (`'*'`: every handler). */
  off(event: string, handler: Handler, context?: any): this {
    if (event === '*') this.handlers.clear();
    const list = this.handlers.get(event) ?? [];
    const index = list.findIndex((h) => h.handler === handler && (context === undefined || h.context === context));
    if (index >= 0) list.splice(index, 1);
    return this;
  }

  // ---------------------------------------------------------------- internals

  private async startTrack(track: MediaStreamTrack, publish: boolean): Promise<void> {
    const client = this.client;
    if (!client) throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, 'start local media: enterRoom first');
    if (!this.local) {
      const local = FakeTRTC.createStream({ userId: this.userId, audioSource: track.kind === 'audio' ? track : undefined, videoSource: track.kind === 'video' ? track : undefined }) as FakeLocalStream;
      this.local = local;
      this.publishing = local.initialize().then(() => (publish ? client.publish(local) : undefined));
      await this.publishing;
      return;
    }
    await this.publishing;
    await this.local.addTrack(track);
    if (track.kind === 'video') this.local.unmuteVideo();
    else this.local.unmuteAudio();
  }

  /** A local track started before enterRoom: kept until the room is entered. */
  private startEarly(track: MediaStreamTrack, publish: boolean, mute: boolean): void {
    if (this.earlyTrack(track.kind as 'audio' | 'video')) throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, `start local ${track.kind}: started already`);
    this.early.push({ track, publish, mute });
  }

  private earlyTrack(kind: 'audio' | 'video'): MediaStreamTrack | null {
    return this.early.find((e) => e.track.kind === kind)?.track ?? null;
  }

  /** updateLocalAudio/Video before enterRoom: changes the waiting track. Whether there was one. */
  private updateEarly(kind: 'audio' | 'video', track: MediaStreamTrack | undefined, mute: unknown): boolean {
    const entry = this.early.find((e) => e.track.kind === kind);
    if (!entry) return false;
    if (track) entry.track = track;
    if (typeof mute === 'boolean') entry.mute = mute;
    return true;
  }

  private requireLocal(kind: 'audio' | 'video', what: string): FakeLocalStream {
    const local = this.local;
    if (!local || !(kind === 'audio' ? local.getAudioTrack() : local.getVideoTrack())) throw new FakeRtcError(V5_ERROR_CODE.INVALID_OPERATION, `${what}: start local ${kind} first`);
    return local;
  }

  private listenTo(client: FakeClient): void {
    client.on('peer-join', ({ userId }) => this.emit(EVENT.REMOTE_USER_ENTER, { userId }));
    client.on('peer-leave', ({ userId }) => {
      const remote = this.remotes.get(userId);
      if (remote) {
        remote.audio = remote.video = null;
        this.update(userId, remote);
        this.remotes.delete(userId);
      }
      this.emit(EVENT.REMOTE_USER_EXIT, { userId });
    });
    const streamChanged = ({ stream }: { stream: any }) => {
      if (stream.getType?.() !== 'main') return;
      const userId = stream.getUserId();
      const state = client.getRemoteMutedState().find((s) => s.userId === userId);
      const remote = this.remoteOf(userId);
      remote.audio = stream.getAudioTrack();
      remote.video = stream.getVideoTrack();
      if (state) [remote.audioMuted, remote.videoMuted] = [state.audioMuted, state.videoMuted];
      this.update(userId, remote);
    };
    client.on('stream-subscribed', streamChanged);
    client.on('stream-updated', streamChanged);
    client.on('stream-removed', ({ stream }) => {
      const remote = this.remotes.get(stream.getUserId());
      if (!remote || stream.getType() !== 'main') return;
      remote.audio = remote.video = null;
      this.update(stream.getUserId(), remote);
    });
    for (const [name, kind, muted] of [
      ['mute-audio', 'audio', true],
      ['unmute-audio', 'audio', false],
      ['mute-video', 'video', true],
      ['unmute-video', 'video', false],
    ] as const) {
      client.on(name, ({ userId }) => {
        const remote = this.remoteOf(userId);
        remote[kind === 'audio' ? 'audioMuted' : 'videoMuted'] = muted;
        this.update(userId, remote);
      });
    }
    client.on('network-quality', (quality) => this.emit(EVENT.NETWORK_QUALITY, quality));
    client.on('client-banned', ({ reason }) => {
      this.client = undefined;
      clearInterval(this.statisticsTimer);
      this.emit(EVENT.KICKED_OUT, { reason });
    });
    client.on('error', (error) => this.emit(EVENT.ERROR, error));
  }

  private remoteOf(userId: string): RemoteUser {
    let remote = this.remotes.get(userId);
    if (!remote) {
      remote = { audio: null, video: null, audioMuted: false, videoMuted: false, audioAvailable: false, videoAvailable: false, videoStarted: false };
      this.remotes.set(userId, remote);
    }
    return remote;
  }

  /** Availability = a track and not muted; a change is an event. */
  private update(userId: string, remote: RemoteUser): void {
    const audio = !!remote.audio && !remote.audioMuted;
    const video = !!remote.video && !remote.videoMuted;
    if (audio !== remote.audioAvailable) {
      remote.audioAvailable = audio;
      this.play(userId, remote);
      this.emit(audio ? EVENT.REMOTE_AUDIO_AVAILABLE : EVENT.REMOTE_AUDIO_UNAVAILABLE, { userId });
    }
    if (video !== remote.videoAvailable) {
      remote.videoAvailable = video;
      if (!video) remote.videoStarted = false;
      this.emit(video ? EVENT.REMOTE_VIDEO_AVAILABLE : EVENT.REMOTE_VIDEO_UNAVAILABLE, { userId, streamType: TYPE.STREAM_TYPE_MAIN });
    }
  }

  /** Plays (or stops playing) a remote user's audio as the SDK does with autoReceiveAudio. */
  private play(userId: string, remote: RemoteUser): void {
    const muted = this.audioMutes.get(userId) ?? this.audioMutes.get('*') ?? !this.autoReceiveAudio;
    if (!remote.audioAvailable || !remote.audio || muted) return this.stopPlaying(userId);
    let player = this.players.get(userId);
    if (!player) {
      player = document.createElement('audio');
      player.dataset.fakeTrtcV5Player = `${this.userId} ${userId}`;
      player.hidden = true;
      document.body.append(player);
      this.players.set(userId, player);
    }
    if ((player.srcObject as MediaStream | null)?.getAudioTracks()[0] !== remote.audio) player.srcObject = new MediaStream([remote.audio]);
    player.volume = Math.min(1, Math.max(0, (this.volumes.get(userId) ?? 100) / 100));
    void player.play().catch(() => undefined);
  }

  private stopPlaying(userId: string): void {
    const player = this.players.get(userId);
    if (!player) return;
    this.players.delete(userId);
    player.pause();
    player.srcObject = null;
    player.remove();
  }

  private async reportStatistics(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const [transport, local, remote] = await Promise.all([client.getTransportStats(), client.getLocalAudioStats(), client.getRemoteAudioStats()]);
    if (this.client !== client) return;
    const sent = Object.values(local).reduce((n, s) => n + s.bytesSent, 0);
    const received = Object.values(remote).reduce((n, s) => n + s.bytesReceived, 0);
    const lost = Object.values(remote).reduce((n, s) => n + s.packetsLost, 0);
    const packets = Object.values(remote).reduce((n, s) => n + s.packetsReceived, 0) + lost;
    this.emit(EVENT.STATISTICS, {
      rtt: transport.rtt,
      downLoss: packets ? Math.round((lost / packets) * 100) : 0,
      upLoss: 0,
      bytesSent: sent,
      bytesReceived: received,
      localStatistics: { audio: { bitrate: 0, audioLevel: 0 }, video: [] },
      remoteStatistics: Object.keys(remote).map((userId) => ({ userId, audio: { bitrate: 0, audioLevel: 0, jitterBufferDelay: 0 }, video: [] })),
    });
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const { handler, context } of [...(this.handlers.get(event) ?? [])]) {
      try {
        handler.apply(context, args);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}

/** The fake `TRTC` class of trtc-sdk-v5: `TRTC.create()`, its constants and device lists. */
const FakeTRTCV5 = {
  /** A TRTC object for one user (options: plugins etc., ignored). */
  create(_options?: object): FakeTRTCv5 {
    return new FakeTRTCv5();
  },
  EVENT,
  TYPE,
  ERROR_CODE: V5_ERROR_CODE,
  setLogLevel(_level: number, _enableUploadLog?: boolean): void {},
  async isSupported(): Promise<any> {
    return { result: typeof RTCPeerConnection === 'function', detail: {} };
  },
  getCameraList: () => FakeTRTC.getCameras(),
  getMicrophoneList: () => FakeTRTC.getMicrophones(),
  getSpeakerList: () => FakeTRTC.getSpeakers(),
  async setCurrentSpeaker(_speakerId: string): Promise<void> {},
};

export default FakeTRTCV5;
