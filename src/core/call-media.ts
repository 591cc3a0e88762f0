import { CallError } from '../base/errors.js';
import type { ProviderSession } from './provider.js';
import type { MediaKind } from './types.js';
import type { LocalMedia } from '../media/local-media.js';

/** What to capture: kinds, with an optional device per kind ('' or absent = the chosen one). */
export interface CaptureOptions {
  audio?: boolean;
  video?: boolean;
  /** Use this microphone instead of the chosen one. */
  audioDevice?: string;
  /** Use this camera instead of the chosen one. */
  videoDevice?: string;
  /** A device that is gone: if the browser still opens it, take the first remaining device of its kind instead. */
  exclude?: string;
}

/** What {@link CallMedia} needs from its call and controller. */
export interface CallMediaHost {
  media: LocalMedia;
  /** Captures with the chosen devices and the controller's camera settings. */
  capture(options: CaptureOptions): Promise<MediaStream>;
  session(): ProviderSession | undefined;
  /** Our outgoing tracks changed. */
  changed(): void;
  /** Video was added or removed, by us or (`'remote'`) by the far end. */
  videoChanged(originator?: 'local' | 'remote'): void;
  sharingChanged(sharing: boolean): void;
  /** The microphone or camera track in use ended by itself (device unplugged or failed). */
  deviceLost(kind: MediaKind, deviceId: string, track: MediaStreamTrack): void;
}

/**
 * The outgoing media of one call: device switching by `replaceTrack` (no renegotiation),
 * camera release and restore, screen share in place of the camera, and adding or removing
 * video (renegotiation). The local stream object stays the same for the whole call; its
 * tracks are swapped in place, so a preview bound to it keeps working.
 */
export class CallMedia {
  /** Our outgoing media (tracks swapped in place). */
  readonly stream = new MediaStream();
  /** Whether we send video (camera or screen). */
  video = false;
  /** Whether the camera is captured (false after {@link stopCamera}, or with no video). */
  cameraOn = false;
  /** Whether a screen, window or tab is shared in place of the camera. */
  screenSharing = false;
  /** Whether our audio / video is muted (tracks disabled: silence, black frames). */
  readonly muted: Record<MediaKind, boolean> = { audio: false, video: false };
  readonly #host: CallMediaHost;
  /** What to restore when sharing stops. */
  #beforeShare?: { video: boolean; cameraOn: boolean };
  #busy = Promise.resolve();

  constructor(host: CallMediaHost) {
    this.#host = host;
  }

  /** Adopts the stream captured for dialling or answering. */
  adopt(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      this.stream.addTrack(track);
      this.#watchDevice(track);
    }
    this.video = stream.getVideoTracks().length > 0;
    this.cameraOn = this.video;
  }

  /** Stops every track we captured for this call. */
  release(): void {
    this.#host.media.release(this.stream);
    for (const track of this.stream.getTracks()) this.stream.removeTrack(track);
  }

  /** Mutes or unmutes a kind; returns whether that changed anything. Survives track swaps. */
  setMuted(kind: MediaKind, muted: boolean): boolean {
    if (this.muted[kind] === muted) return false;
    this.muted[kind] = muted;
    for (const track of this.stream.getTracks()) if (track.kind === kind) track.enabled = !muted;
    return true;
  }

  /**
   * Switches microphone or camera live. The choice also applies when the track is absent now.
   * `exclude` names a device that is gone (see {@link CaptureOptions.exclude}).
   */
  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string, exclude?: string): Promise<void> {
    return this.#serial(async () => {
      const media: MediaKind = kind === 'audioinput' ? 'audio' : 'video';
      const current = this.track(media);
      if (!current || (media === 'video' && this.screenSharing)) return;
      const fresh = await this.#capture(media, deviceId, exclude);
      await this.#swap(media, current, fresh);
    });
  }

  /** The device of the microphone or camera track in use ('' when none: no track, camera off, or sharing). */
  deviceInUse(kind: MediaKind): string {
    if (kind === 'video' && (this.screenSharing || !this.cameraOn)) return '';
    return this.track(kind)?.getSettings().deviceId ?? '';
  }

  /** Releases the camera (its light goes off); the far end gets no video frames. */
  stopCamera(): Promise<void> {
    return this.#serial(async () => {
      const current = this.track('video');
      if (!current || this.screenSharing || !this.cameraOn) return;
      await this.#session().replaceTrack('video', null);
      this.#drop(current);
      this.cameraOn = false;
      this.#host.changed();
    });
  }

  /** Captures the camera again after {@link stopCamera}. */
  startCamera(): Promise<void> {
    return this.#serial(async () => {
      if (!this.video || this.cameraOn || this.screenSharing) return;
      const fresh = await this.#capture('video');
      await this.#swap('video', undefined, fresh);
      this.cameraOn = true;
      this.#host.changed();
    });
  }

  /** Adds our camera to the call (renegotiates); `remote` when the far end switched the call to video. */
  upgradeToVideo(originator: 'local' | 'remote' = 'local'): Promise<void> {
    return this.#serial(async () => {
      if (this.video) return;
      const fresh = await this.#capture('video');
      await this.#addVideo(fresh);
      this.cameraOn = true;
      this.#host.videoChanged(originator);
    });
  }

  /** Removes video from the call (renegotiates) and releases camera or screen; `remote` as above. */
  downgradeToAudio(originator: 'local' | 'remote' = 'local'): Promise<void> {
    return this.#serial(async () => {
      if (!this.video) return;
      await this.#session().setVideo(null, this.stream);
      this.#videoGone(originator);
    });
  }

  /**
   * The far end removed video from the call (see SessionHandlers.videoRemoved): the camera or
   * share is released and the call is an audio call for us too; nothing is renegotiated.
   */
  videoRemovedByPeer(): Promise<void> {
    return this.#serial(async () => {
      if (this.video) this.#videoGone('remote');
    });
  }

  /** The call has no video any more (removed by `originator`): camera or share released. */
  #videoGone(originator: 'local' | 'remote'): void {
    const current = this.track('video');
    if (current) this.#drop(current);
    this.video = false;
    this.cameraOn = false;
    this.#endShare();
    this.#host.changed();
    this.#host.videoChanged(originator);
  }

  /** Shares a screen, window or tab in place of the camera (adds video to an audio call). */
  shareScreen(): Promise<void> {
    return this.#share(() => this.#host.media.captureDisplay());
  }

  /** Shares one element of the page (canvas, video, or any element where the browser can) in place of the camera. */
  shareElement(element: Element): Promise<void> {
    return this.#share(() => this.#host.media.captureElement(element));
  }

  #share(acquire: () => Promise<MediaStream>): Promise<void> {
    return this.#serial(async () => {
      const display = await acquire();
      const screen = display.getVideoTracks()[0];
      // Already sharing: the new source takes the old one's place (screen → element or back).
      if (this.screenSharing) {
        await this.#swap('video', this.track('video'), screen);
        screen.addEventListener('ended', () => void this.stopScreenShare().catch(() => undefined), { once: true });
        this.#host.sharingChanged(true);
        return;
      }
      const before = { video: this.video, cameraOn: this.cameraOn };
      try {
        if (this.video) await this.#swap('video', this.track('video'), screen);
        else await this.#addVideo(screen);
      } catch (error) {
        this.#host.media.release(display);
        throw error;
      }
      this.#beforeShare = before;
      this.cameraOn = false;
      this.screenSharing = true;
      // The browser's own "Stop sharing" button (or the shared element's stream ending) ends the track.
      screen.addEventListener('ended', () => void this.stopScreenShare().catch(() => undefined), { once: true });
      this.#host.sharingChanged(true);
      if (!before.video) this.#host.videoChanged();
    });
  }

  /** Stops sharing: the camera comes back, or video goes away if the call had none before. */
  stopScreenShare(): Promise<void> {
    return this.#serial(async () => {
      if (!this.screenSharing) return;
      const before = this.#beforeShare ?? { video: false, cameraOn: false };
      const screen = this.track('video');
      if (!before.video) {
        await this.#session().setVideo(null, this.stream);
        if (screen) this.#drop(screen);
        this.video = false;
        this.#endShare();
        this.#host.changed();
        this.#host.videoChanged();
        return;
      }
      if (before.cameraOn) {
        const camera = await this.#capture('video');
        await this.#swap('video', screen, camera);
        this.cameraOn = true;
      } else {
        await this.#session().replaceTrack('video', null);
        if (screen) this.#drop(screen);
      }
      this.#endShare();
      this.#host.changed();
    });
  }

  /** The live outgoing track of a kind. */
  track(kind: MediaKind): MediaStreamTrack | undefined {
    return this.stream.getTracks().find((t) => t.kind === kind);
  }

  #endShare(): void {
    if (!this.screenSharing) return;
    this.screenSharing = false;
    this.#beforeShare = undefined;
    this.#host.sharingChanged(false);
  }

  async #addVideo(track: MediaStreamTrack): Promise<void> {
    track.enabled = !this.muted.video;
    try {
      await this.#session().setVideo(track, this.stream);
    } catch (error) {
      this.#host.media.stopTrack(track);
      throw error;
    }
    this.stream.addTrack(track);
    this.#watchDevice(track);
    this.video = true;
    this.#host.changed();
  }

  async #swap(kind: MediaKind, current: MediaStreamTrack | undefined, fresh: MediaStreamTrack): Promise<void> {
    fresh.enabled = !this.muted[kind];
    try {
      await this.#session().replaceTrack(kind, fresh);
    } catch (error) {
      this.#host.media.stopTrack(fresh);
      throw error;
    }
    if (current) this.#drop(current);
    this.stream.addTrack(fresh);
    this.#watchDevice(fresh);
    this.#host.changed();
  }

  /**
   * Reports a microphone or camera track that ends by itself (`stop()` fires no `ended`: only
   * the browser does, when the device is unplugged or fails) while it is still ours to send.
   */
  #watchDevice(track: MediaStreamTrack): void {
    const kind = track.kind as MediaKind;
    const deviceId = track.getSettings().deviceId ?? '';
    track.addEventListener(
      'ended',
      () => {
        if (!this.stream.getTracks().includes(track)) return;
        if (kind === 'video' && (this.screenSharing || !this.cameraOn)) return;
        this.#host.deviceLost(kind, deviceId, track);
      },
      { once: true },
    );
  }

  #drop(track: MediaStreamTrack): void {
    this.stream.removeTrack(track);
    this.#host.media.stopTrack(track);
  }

  async #capture(kind: MediaKind, deviceId?: string, exclude?: string): Promise<MediaStreamTrack> {
    const stream = await this.#host.capture(
      kind === 'audio' ? { audio: true, audioDevice: deviceId, exclude } : { video: true, videoDevice: deviceId, exclude },
    );
    const track = stream.getTracks().find((t) => t.kind === kind);
    if (!track) {
      this.#host.media.release(stream);
      throw new CallError('media/failed', `The browser returned no ${kind} track.`);
    }
    return track;
  }

  #session(): ProviderSession {
    const session = this.#host.session();
    if (!session) throw new CallError('call/invalid-state', 'The call is not connected.');
    return session;
  }

  /** Runs media changes one at a time, so two quick clicks cannot interleave. */
  #serial(task: () => Promise<void>): Promise<void> {
    const run = this.#busy.then(task);
    this.#busy = run.catch(() => undefined);
    return run;
  }
}
