/**
 * The trtc-js-sdk 4 adapter ({@link MediaRoom}): one user in one media room. It publishes a stream built from the
 * controller's own tracks (so mute, device switching and screen share work as for SIP),
 * subscribes to every remote stream and reports each remote user's tracks and mute state. Our
 * elements render the tracks; TRTC's `play(elementId)` is never used (it cannot find elements
 * inside shadow roots).
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { StatsSource } from '../../core/provider.js';
import { trtcStatsSource } from './trtc-stats.js';
import type { MediaRoom, RoomHandlers, RoomOptions } from './media-room.js';
import type { TrtcClient, TrtcLocalStream, TrtcNetworkQuality, TrtcSdk, TrtcStream } from './sdk-types.js';

/** One user in one TRTC room, on trtc-js-sdk 4 (`TRTC.createClient`). */
export class TrtcRoom implements MediaRoom {
  readonly #sdk: TrtcSdk;
  readonly #client: TrtcClient;
  readonly #user: string;
  readonly #handlers: RoomHandlers;
  #local?: TrtcLocalStream;
  #quality?: TrtcNetworkQuality;
  #joined = false;
  #left = false;
  /** Our video muted by the user (`mute`), so that video leaving or joining tells nothing of it. */
  #videoMuted = false;
  readonly #listeners: [string, (event: unknown) => void][] = [];

  constructor(sdk: TrtcSdk, options: RoomOptions, handlers: RoomHandlers) {
    this.#sdk = sdk;
    this.#user = options.user;
    this.#handlers = handlers;
    this.#client = sdk.createClient({ mode: 'rtc', sdkAppId: options.sdkAppId, userId: options.user, userSig: options.userSig });
    this.#listen('stream-added', (event: { stream?: TrtcStream }) => {
      if (event?.stream) void this.#client.subscribe(event.stream as never).catch((error) => handlers.debug(`TRTC subscribe failed: ${String(error)}`));
    });
    this.#listen('stream-subscribed', (event: { stream?: TrtcStream }) => this.#subscribed(event?.stream));
    this.#listen('stream-updated', (event: { stream?: TrtcStream }) => this.#subscribed(event?.stream));
    this.#listen('peer-leave', (event: { userId?: unknown }) => {
      if (typeof event?.userId === 'string') handlers.left(event.userId);
    });
    for (const [name, change] of [
      ['mute-audio', { audio: false }],
      ['unmute-audio', { audio: true }],
      ['mute-video', { video: false }],
      ['unmute-video', { video: true }],
    ] as const) {
      this.#listen(name, (event: { userId?: unknown }) => {
        if (typeof event?.userId === 'string') handlers.media(event.userId, change);
      });
    }
    this.#listen('network-quality', (event: TrtcNetworkQuality) => {
      this.#quality = event;
    });
    this.#listen('client-banned', (event: { reason?: unknown }) => handlers.banned(String(event?.reason ?? 'kick')));
    this.#listen('error', (error: unknown) => handlers.debug(`TRTC error: ${String((error as Error)?.message ?? error)}`));
  }

  /** Joins `roomId` and publishes our tracks; rejects with `trtc/room-failed`. */
  async join(roomId: number, stream: MediaStream): Promise<void> {
    try {
      await this.#client.join({ roomId });
      this.#joined = true;
      if (this.#left) return;
      const local = this.#sdk.createStream({
        userId: this.#user,
        audioSource: stream.getAudioTracks()[0],
        videoSource: stream.getVideoTracks()[0],
      });
      await local.initialize();
      this.#local = local;
      if (this.#left) return;
      await this.#client.publish(local as never);
    } catch (cause) {
      throw new CallError('trtc/room-failed', `Could not join TRTC room ${roomId}: ${String((cause as Error)?.message ?? cause)}`, { cause });
    }
  }

  /** Sends `track` in place of the one of its kind (device switch, screen share, conference). */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const local = this.#local;
    if (!local) return;
    const current = kind === 'audio' ? local.getAudioTrack() : local.getVideoTrack();
    // Video leaving or joining the call is also told as mute-video / unmute-video: TRTCCalling
    // and TUICallKit learn a user's camera state from those events only.
    const told = kind === 'video' && !this.#videoMuted;
    if (!track) {
      if (!current) return;
      if (told) local.muteVideo();
      await local.removeTrack(current);
      return;
    }
    if (current) await local.replaceTrack(track);
    else {
      await local.addTrack(track);
      if (told) local.unmuteVideo();
    }
  }

  /** Mutes or unmutes what we publish; the others get `mute-*` / `unmute-*`. */
  mute(kind: 'audio' | 'video', muted: boolean): void {
    const local = this.#local;
    if (!local) return;
    if (kind === 'audio') void (muted ? local.muteAudio() : local.unmuteAudio());
    else {
      this.#videoMuted = muted;
      void (muted ? local.muteVideo() : local.unmuteVideo());
    }
  }

  /** TRTC's figures shaped as a stats report, for call quality. */
  statsSource(): StatsSource {
    return trtcStatsSource(this.#client, () => this.#quality, () => this.#joined && !this.#left);
  }

  /** Leaves the room; our tracks stay ours to release. */
  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    const local = this.#local;
    this.#local = undefined;
    try {
      if (local && this.#joined) await this.#client.unpublish(local as never).catch(() => undefined);
      if (this.#joined) await this.#client.leave().catch(() => undefined);
    } finally {
      for (const [event, handler] of this.#listeners) this.#client.off(event, handler);
      this.#client.destroy?.();
    }
  }

  #listen<E>(event: string, handler: (event: E) => void): void {
    const guarded = (e: E) => {
      if (!this.#left) handler(e);
    };
    this.#client.on(event, guarded as (event: unknown) => void);
    this.#listeners.push([event, guarded as (event: unknown) => void]);
  }

  #subscribed(stream: TrtcStream | undefined): void {
    if (!stream) return;
    const userId = stream.getUserId();
    if (!userId || userId === this.#user) return;
    const tracks = [stream.getAudioTrack(), stream.getVideoTrack()].filter((t): t is MediaStreamTrack => !!t);
    this.#handlers.entered(userId, tracks);
  }
}
