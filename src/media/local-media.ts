import { CallError } from '../base/errors.js';
import { mapDisplayError, mapMediaError } from './media-errors.js';

export { mapMediaError } from './media-errors.js';

/** What to capture for a call. */
export interface CaptureRequest {
  audio: boolean | MediaTrackConstraints;
  video: boolean | MediaTrackConstraints;
}

/**
 * Acquires and releases local media. Every track it starts, it stops.
 */
export class LocalMedia {
  private readonly live = new Set<MediaStreamTrack>();

  /** Starts capture; rejects with a mapped {@link CallError}. */
  async capture(request: CaptureRequest): Promise<MediaStream> {
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      throw new CallError(
        'media/insecure-context',
        'Microphone and camera need a secure page: serve it over https:// (or from localhost).',
      );
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new CallError('media/unsupported', 'This browser cannot capture a microphone or camera (no getUserMedia).');
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(request);
    } catch (error) {
      throw mapMediaError(error);
    }
    for (const track of stream.getTracks()) this.track(track);
    return stream;
  }

  /**
   * Captures a screen, window or tab (the browser shows its picker). Rejects with
   * `media/share-cancelled` when the user closes the picker, `media/unsupported` where the
   * browser cannot share.
   */
  async captureDisplay(): Promise<MediaStream> {
    if (!navigator.mediaDevices?.getDisplayMedia) {
      throw new CallError('media/unsupported', 'This browser cannot share the screen (no getDisplayMedia).');
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (error) {
      throw mapDisplayError(error);
    }
    for (const track of stream.getTracks()) this.track(track);
    return stream;
  }

  /**
   * Captures one element of the page: a `<canvas>` or `<video>` by `captureStream()`, another
   * element by tab capture narrowed to it (Element / Region Capture). Rejects with
   * `media/unsupported` where the browser cannot, `media/share-cancelled` when the picker is closed.
   */
  async captureElement(element: Element): Promise<MediaStream> {
    // Element capture is rare: its code loads when first used.
    const { captureElement } = await import('./element-capture.js');
    const stream = await captureElement(element);
    for (const track of stream.getTracks()) this.track(track);
    return stream;
  }

  /** Takes ownership of a track so that {@link stopAll} ends it. */
  track(track: MediaStreamTrack): void {
    this.live.add(track);
    track.addEventListener('ended', () => this.live.delete(track), { once: true });
  }

  /** Stops the tracks of a stream that we started. */
  release(stream: MediaStream | undefined): void {
    for (const track of stream?.getTracks() ?? []) this.stopTrack(track);
  }

  /** Stops one track if we own it. */
  stopTrack(track: MediaStreamTrack): void {
    if (!this.live.has(track)) return;
    track.stop();
    this.live.delete(track);
  }

  /** Stops every track still live. */
  stopAll(): void {
    for (const track of [...this.live]) this.stopTrack(track);
  }

  /** Number of live tracks we started (for leak checks). */
  get liveTrackCount(): number {
    return [...this.live].filter((t) => t.readyState === 'live').length;
  }
}
