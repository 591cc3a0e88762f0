/**
 * Records a call: both directions mixed ({@link AudioMix}) into one audio file with
 * MediaRecorder (Opus in WebM where the browser has it).
 * @module
 */
import { CallError } from '../base/errors.js';
import { AudioMix } from './audio-mix.js';

/** Where a recording is. */
export type RecordingState = 'recording' | 'paused' | 'stopped';

/** The container and codec used, the first the browser supports. */
const MIME_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4'];

/** One recording of the tracks it was given (see the module comment). */
export class CallRecorder {
  readonly #mix: AudioMix;
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #done: Promise<Blob>;

  /** Starts at once. Throws `media/unsupported` without MediaRecorder or Web Audio. */
  constructor(tracks: (MediaStreamTrack | undefined)[]) {
    if (typeof MediaRecorder === 'undefined') throw new CallError('media/unsupported', 'This browser cannot record (no MediaRecorder).');
    this.#mix = new AudioMix();
    for (const track of tracks) this.#mix.add(track);
    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    this.#recorder = new MediaRecorder(this.#mix.stream, mimeType ? { mimeType } : undefined);
    this.#recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size) this.#chunks.push(event.data);
    });
    this.#done = new Promise((resolve) => {
      this.#recorder.addEventListener('stop', () => {
        this.#mix.dispose();
        resolve(new Blob(this.#chunks, { type: this.#recorder.mimeType || mimeType || 'audio/webm' }));
      });
    });
    this.#recorder.start(1000);
  }

  /** Whether recording, paused or stopped. */
  get state(): RecordingState {
    const state = this.#recorder.state;
    return state === 'inactive' ? 'stopped' : state;
  }

  /** Adds a track that arrived later (e.g. the far end's audio). */
  add(track: MediaStreamTrack | undefined): void {
    this.#mix.add(track);
  }

  /** Pauses (nothing is recorded until {@link resume}). */
  pause(): void {
    if (this.#recorder.state === 'recording') this.#recorder.pause();
  }

  /** Resumes after {@link pause}. */
  resume(): void {
    if (this.#recorder.state === 'paused') this.#recorder.resume();
  }

  /** Stops and resolves with the recording (also when already stopped). */
  stop(): Promise<Blob> {
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    return this.#done;
  }
}
