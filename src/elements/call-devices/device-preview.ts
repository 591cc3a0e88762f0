import type { CallController } from '../../core/call-controller.js';
import { LevelMeter } from '../../media/level-meter.js';

/** What the element wants previewed right now. */
export interface PreviewWish {
  /** The controller to capture with; undefined when disconnected or not found. */
  controller?: CallController;
  /** The outgoing stream of the live call: shown instead of a capture of our own. */
  callStream?: MediaStream;
  /** Show the microphone level. */
  audio: boolean;
  /** Show the camera picture. */
  video: boolean;
  /** May capture (permission granted) for a pre-call preview, per kind. */
  capture: { audio: boolean; video: boolean };
}

type Kind = 'audio' | 'video';

interface Capture {
  stream: MediaStream;
  controller: CallController;
  deviceId: string;
}

/**
 * The microphone level and camera picture of `<call-devices>`. Outside a call it captures
 * with `controller.preview()` (the selected devices) and releases with
 * `controller.media.release()` when the selection changes, the wish ends, or {@link stop} is
 * called; inside a call it shows the call's own outgoing tracks and captures nothing.
 * The level meter exists only while a level is wanted.
 */
export class DevicePreview {
  /** Microphone level, 0–100. */
  level = 0;
  /** The camera picture to show, if any. */
  video?: MediaStream;

  readonly #captures: Partial<Record<Kind, Capture>> = {};
  /** Device ids whose capture failed, so a failure is not retried in a loop. */
  readonly #failed: Partial<Record<Kind, string>> = {};
  #meter?: LevelMeter;
  #meterTrack?: MediaStreamTrack;
  #unsubscribe?: () => void;
  #running = false;
  #dirty = false;
  readonly #onEnded = () => this.schedule();

  constructor(
    private readonly wish: () => PreviewWish,
    private readonly changed: () => void,
    private readonly onError: (error: unknown, controller: CallController) => void,
  ) {}

  /** Brings the preview in line with the wish, now and after any capture in flight. */
  schedule(): void {
    this.#dirty = true;
    if (this.#running) return;
    this.#running = true;
    void (async () => {
      try {
        while (this.#dirty) {
          this.#dirty = false;
          await this.#step();
        }
      } finally {
        this.#running = false;
      }
    })();
  }

  /** Lets captures that failed be tried again (after a permission grant, a new choice). */
  retry(): void {
    delete this.#failed.audio;
    delete this.#failed.video;
  }

  /** Releases everything at once (the element left the page). */
  stop(): void {
    this.#release('audio');
    this.#release('video');
    this.#setMeter(undefined);
    this.video = undefined;
    this.level = 0;
    this.schedule();
  }

  async #step(): Promise<void> {
    const wish = this.wish();
    const controller = wish.controller;
    for (const kind of ['audio', 'video'] as const) {
      const wanted = !!controller && !wish.callStream && wish[kind] && wish.capture[kind];
      const deviceId = controller?.devices.selected(kind === 'audio' ? 'audioinput' : 'videoinput') ?? '';
      const held = this.#captures[kind];
      if (held && (!wanted || held.controller !== controller || held.deviceId !== deviceId || !live(held.stream))) {
        this.#release(kind);
      }
      if (!wanted || this.#captures[kind] || this.#failed[kind] === deviceId) continue;
      try {
        const stream = await controller.preview({ [kind]: true });
        this.#captures[kind] = { stream, controller, deviceId };
        for (const track of stream.getTracks()) track.addEventListener('ended', this.#onEnded);
      } catch (error) {
        this.#failed[kind] = deviceId;
        this.onError(error, controller);
      }
      // The wish may have changed while capturing: look again.
      this.#dirty = true;
    }
    const source = wish.callStream ?? undefined;
    const audio = source ? (wish.audio ? source.getAudioTracks()[0] : undefined) : this.#captures.audio?.stream.getAudioTracks()[0];
    const video = source ? (wish.video ? source.getVideoTracks()[0] : undefined) : this.#captures.video?.stream.getVideoTracks()[0];
    this.#setMeter(audio);
    if (video !== this.video?.getVideoTracks()[0]) {
      this.video = video ? new MediaStream([video]) : undefined;
      this.changed();
    }
  }

  #release(kind: Kind): void {
    const held = this.#captures[kind];
    if (!held) return;
    delete this.#captures[kind];
    for (const track of held.stream.getTracks()) track.removeEventListener('ended', this.#onEnded);
    held.controller.media.release(held.stream);
  }

  #setMeter(track: MediaStreamTrack | undefined): void {
    if (track === this.#meterTrack) return;
    this.#unsubscribe?.();
    this.#meter?.dispose();
    this.#unsubscribe = undefined;
    this.#meter = undefined;
    this.#meterTrack = track;
    this.level = 0;
    if (track) {
      this.#meter = new LevelMeter(track);
      this.#unsubscribe = this.#meter.subscribe((level) => {
        const percent = Math.round(level * 100);
        if (percent === this.level) return;
        this.level = percent;
        this.changed();
      });
    }
    this.changed();
  }
}

const live = (stream: MediaStream) => stream.getTracks().some((t) => t.readyState === 'live');
