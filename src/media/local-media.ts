import { CallError } from '../core/errors.js';

/** What to capture for a call. */
export interface CaptureRequest {
  audio: boolean | MediaTrackConstraints;
  video: boolean | MediaTrackConstraints;
}

/** Maps a getUserMedia failure to a {@link CallError} whose message says what the user can do. */
export function mapMediaError(error: unknown): CallError {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new CallError(
        'media/permission-denied',
        'Microphone or camera access was denied. Allow it in the browser (the icon in the address bar) and try again.',
        { cause: error },
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return new CallError(
        'media/not-found',
        'No microphone or camera was found. Connect one, or check that the operating system exposes it.',
        { cause: error },
      );
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new CallError(
        'media/in-use',
        'The microphone or camera could not be started: another application may be using it. Close it and try again.',
        { cause: error },
      );
    case 'OverconstrainedError': {
      const constraint = (error as { constraint?: string }).constraint ?? 'unknown';
      return new CallError(
        'media/overconstrained',
        `No device satisfies the "${constraint}" constraint. Choose another device or relax that setting.`,
        { cause: error },
      );
    }
    default:
      return new CallError('media/failed', `Could not start the microphone or camera: ${String((error as Error)?.message ?? error)}`, {
        cause: error,
      });
  }
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
