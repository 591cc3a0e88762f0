/**
 * The recording of one call: at most one at a time, started, paused, resumed and stopped with
 * a `call-recording` event each (the file comes with `stopped`).
 * @module
 */
import { CallError } from '../base/errors.js';
import { CallRecorder } from '../media/call-recorder.js';
import type { RecordingState } from '../media/call-recorder.js';

/** One call's recording (see the module comment). */
export class CallRecording {
  readonly #changed: (state: RecordingState, blob?: Blob) => void;
  #recorder?: CallRecorder;

  /** `changed` fires the call's `call-recording` event. */
  constructor(changed: (state: RecordingState, blob?: Blob) => void) {
    this.#changed = changed;
  }

  /** `recording`, `paused`, or `stopped` when none runs. */
  get state(): RecordingState {
    return this.#recorder?.state ?? 'stopped';
  }

  /** Starts recording these tracks mixed; throws `call/invalid-state` when one runs already, `media/unsupported` where the browser cannot. */
  start(tracks: (MediaStreamTrack | undefined)[]): void {
    if (this.#recorder) throw notNow('record', 'it is being recorded already');
    this.#recorder = new CallRecorder(tracks);
    this.#changed('recording');
  }

  /** Pauses (nothing is recorded until {@link resume}). */
  pause(): void {
    this.#running('pause the recording').pause();
    this.#changed('paused');
  }

  /** Resumes after {@link pause}. */
  resume(): void {
    this.#running('resume the recording').resume();
    this.#changed('recording');
  }

  /** Stops; resolves with the file. */
  async stop(): Promise<Blob> {
    const recorder = this.#running('stop the recording');
    this.#recorder = undefined;
    const blob = await recorder.stop();
    this.#changed('stopped', blob);
    return blob;
  }

  #running(action: string): CallRecorder {
    if (!this.#recorder) throw notNow(action, 'it is not being recorded');
    return this.#recorder;
  }
}

function notNow(action: string, why: string): CallError {
  return new CallError('call/invalid-state', `Cannot ${action}: ${why}.`);
}
