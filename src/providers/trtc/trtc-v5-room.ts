/**
 * The trtc-sdk-v5 adapter ({@link MediaRoom}): one user in one media room through one `TRTC`
 * object (`TRTC.create()`). It enters with `enterRoom`, publishes the controller's own tracks
 * (`startLocalAudio/Video` with `audioTrack`/`videoTrack`, so mute, device switching and screen
 * share work as for SIP), receives every remote user's audio (`autoReceiveAudio`, its SDK player at volume 0: ours plays it) and main video
 * (`startRemoteVideo` with no view: our elements render the tracks, the SDK's players are never
 * used) and reports their tracks and availability. The userSig goes to `enterRoom` only.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { StatsSource } from '../../core/provider.js';
import type { MediaRoom, RoomHandlers, RoomOptions } from './media-room.js';
import type { TrtcNetworkQuality, TrtcV5Client, TrtcV5Sdk, TrtcV5Statistics } from './sdk-types.js';
import { trtcV5StatsSource } from './trtc-stats.js';

/** trtc-sdk-v5's main (camera) stream type, `TRTC.TYPE.STREAM_TYPE_MAIN`. */
const MAIN = 'main';

/** One remote user as we have received it. */
interface Remote {
  audio?: MediaStreamTrack;
  video?: MediaStreamTrack;
}

/** One user in one TRTC room, on trtc-sdk-v5 (`TRTC.create`). */
export class TrtcV5Room implements MediaRoom {
  readonly #client: TrtcV5Client;
  readonly #options: RoomOptions;
  readonly #handlers: RoomHandlers;
  readonly #remotes = new Map<string, Remote>();
  readonly #listeners: [string, (event: unknown) => void][] = [];
  #quality?: TrtcNetworkQuality;
  #statistics?: TrtcV5Statistics;
  #joined = false;
  #left = false;
  /** What we publish: whether local audio / video was started, and our video muted by the user. */
  #sending = { audio: false, video: false };
  #videoMuted = false;

  constructor(sdk: TrtcV5Sdk, options: RoomOptions, handlers: RoomHandlers) {
    this.#options = options;
    this.#handlers = handlers;
    this.#client = sdk.create();
    const { EVENT } = sdk;
    this.#listen(EVENT.REMOTE_AUDIO_AVAILABLE, (event: { userId?: unknown }) => this.#available(event?.userId, 'audio', true));
    this.#listen(EVENT.REMOTE_AUDIO_UNAVAILABLE, (event: { userId?: unknown }) => this.#available(event?.userId, 'audio', false));
    this.#listen(EVENT.REMOTE_VIDEO_AVAILABLE, (event: { userId?: unknown; streamType?: unknown }) => {
      if (event?.streamType === MAIN) this.#available(event.userId, 'video', true);
    });
    this.#listen(EVENT.REMOTE_VIDEO_UNAVAILABLE, (event: { userId?: unknown; streamType?: unknown }) => {
      if (event?.streamType === MAIN) this.#available(event.userId, 'video', false);
    });
    this.#listen(EVENT.REMOTE_USER_EXIT, (event: { userId?: unknown }) => {
      if (typeof event?.userId !== 'string') return;
      this.#remotes.delete(event.userId);
      handlers.left(event.userId);
    });
    this.#listen(EVENT.NETWORK_QUALITY, (event: TrtcNetworkQuality) => {
      this.#quality = event;
    });
    this.#listen(EVENT.STATISTICS, (event: TrtcV5Statistics) => {
      this.#statistics = event;
    });
    this.#listen(EVENT.KICKED_OUT, (event: { reason?: unknown }) => handlers.banned(String(event?.reason ?? 'kick')));
    this.#listen(EVENT.ERROR, (error: unknown) => handlers.debug(`TRTC error: ${String((error as Error)?.message ?? error)}`));
  }

  async join(roomId: number, stream: MediaStream): Promise<void> {
    const { sdkAppId, user, userSig } = this.#options;
    try {
      await this.#client.enterRoom({ sdkAppId, userId: user, userSig, roomId, autoReceiveAudio: true });
      this.#joined = true;
      if (this.#left) return;
      const [audio] = stream.getAudioTracks();
      const [video] = stream.getVideoTracks();
      if (audio) await this.#start('audio', audio);
      if (video && !this.#left) await this.#start('video', video);
    } catch (cause) {
      throw new CallError('trtc/room-failed', `Could not join TRTC room ${roomId}: ${String((cause as Error)?.message ?? cause)}`, { cause });
    }
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (!this.#joined || this.#left) return;
    if (!track) {
      if (!this.#sending[kind]) return;
      this.#sending[kind] = false;
      await (kind === 'audio' ? this.#client.stopLocalAudio() : this.#client.stopLocalVideo());
      return;
    }
    if (!this.#sending[kind]) await this.#start(kind, track);
    else if (kind === 'audio') await this.#client.updateLocalAudio({ option: { audioTrack: track } });
    else await this.#client.updateLocalVideo({ option: { videoTrack: track } });
  }

  mute(kind: 'audio' | 'video', muted: boolean): void {
    if (kind === 'video') this.#videoMuted = muted;
    if (!this.#sending[kind]) return;
    const update = kind === 'audio' ? this.#client.updateLocalAudio({ mute: muted }) : this.#client.updateLocalVideo({ mute: muted });
    void update.catch((error) => this.#handlers.debug(`TRTC mute failed: ${String((error as Error)?.message ?? error)}`));
  }

  statsSource(): StatsSource {
    return trtcV5StatsSource(() => this.#statistics, () => this.#quality, () => this.#joined && !this.#left);
  }

  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    try {
      if (this.#joined) await this.#client.exitRoom().catch(() => undefined);
    } finally {
      for (const [event, handler] of this.#listeners) this.#client.off(event, handler);
      this.#client.destroy();
    }
  }

  async #start(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    this.#sending[kind] = true;
    if (kind === 'audio') await this.#client.startLocalAudio({ option: { audioTrack: track } });
    else await this.#client.startLocalVideo({ view: null, option: { videoTrack: track } });
    if (kind === 'video' && this.#videoMuted) await this.#client.updateLocalVideo({ mute: true });
  }

  #listen<E>(event: string, handler: (event: E) => void): void {
    const guarded = (e: E) => {
      if (!this.#left) handler(e);
    };
    this.#client.on(event, guarded as (event: unknown) => void);
    this.#listeners.push([event, guarded as (event: unknown) => void]);
  }

  /** A remote user's audio or main video became (un)available: new tracks enter, the rest is told as (un)mute. */
  #available(userId: unknown, kind: 'audio' | 'video', available: boolean): void {
    if (typeof userId !== 'string' || !userId || userId === this.#options.user) return;
    const remote = this.#remotes.get(userId) ?? {};
    this.#remotes.set(userId, remote);
    if (!available) {
      this.#handlers.media(userId, { [kind]: false });
      return;
    }
    if (kind === 'audio') {
      // The SDK plays received audio itself (autoReceiveAudio); the controller plays the track
      // (speaker choice, volume, speaker mute), so the SDK's player is silenced: heard once.
      this.#client.setRemoteAudioVolume(userId, 0);
      this.#received(userId, remote, 'audio', this.#client.getAudioTrack({ userId }));
      return;
    }
    void this.#client
      .startRemoteVideo({ userId, streamType: MAIN, view: null })
      .then(() => {
        if (!this.#left) this.#received(userId, remote, 'video', this.#client.getVideoTrack({ userId, streamType: MAIN }));
      })
      .catch((error) => this.#handlers.debug(`TRTC startRemoteVideo failed: ${String((error as Error)?.message ?? error)}`));
  }

  #received(userId: string, remote: Remote, kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    if (track && track !== remote[kind]) {
      remote[kind] = track;
      this.#handlers.entered(userId, [remote.audio, remote.video].filter((t): t is MediaStreamTrack => !!t));
    }
    this.#handlers.media(userId, { [kind]: true });
  }
}
