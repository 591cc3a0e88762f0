/**
 * Mixes audio tracks into one track with Web Audio on the page's shared AudioContext: the
 * outgoing track of a conference leg, the input of a call recording.
 * @module
 */
import { CallError } from '../base/errors.js';
import { retainAudioContext } from './audio-context.js';

/** A mix of audio tracks, itself a live track (see the module comment). */
export class AudioMix {
  readonly #retained: { context: AudioContext; release: () => void };
  readonly #destination: MediaStreamAudioDestinationNode;
  readonly #sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();

  /** Throws `media/unsupported` where Web Audio is missing. */
  constructor() {
    const retained = retainAudioContext();
    if (!retained) throw new CallError('media/unsupported', 'This browser has no Web Audio: calls cannot be mixed or recorded here.');
    this.#retained = retained;
    this.#destination = retained.context.createMediaStreamDestination();
  }

  /** The mixed audio as a stream (one track). */
  get stream(): MediaStream {
    return this.#destination.stream;
  }

  /** The mixed audio track. */
  get track(): MediaStreamTrack {
    return this.#destination.stream.getAudioTracks()[0];
  }

  /** Adds a track to the mix (a disabled track adds silence). */
  add(track: MediaStreamTrack | undefined): void {
    if (!track || track.kind !== 'audio' || this.#sources.has(track)) return;
    const source = this.#retained.context.createMediaStreamSource(new MediaStream([track]));
    source.connect(this.#destination);
    this.#sources.set(track, source);
  }

  /** Takes a track out of the mix. */
  remove(track: MediaStreamTrack): void {
    this.#sources.get(track)?.disconnect();
    this.#sources.delete(track);
  }

  /** Disconnects everything, ends the mixed track and lets the AudioContext rest. */
  dispose(): void {
    for (const source of this.#sources.values()) source.disconnect();
    this.#sources.clear();
    this.track?.stop();
    this.#retained.release();
  }
}
