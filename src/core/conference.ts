/**
 * A 3-way conference mixed in this page: each of two calls is sent our microphone mixed with
 * the other call's far end (Web Audio), so both far ends hear us and each other; our speaker
 * plays both far ends as it does for any call.
 * @module
 */
import type { Call } from './call.js';
import { AudioMix } from '../media/audio-mix.js';

/** Two merged calls and their mixes (see the module comment). */
export class Conference {
  /** The merged calls. */
  readonly calls: readonly [Call, Call];
  readonly #mixes = new Map<Call, AudioMix>();

  constructor(a: Call, b: Call) {
    this.calls = [a, b];
  }

  /** Whether `call` is one of the merged calls. */
  has(call: Call): boolean {
    return this.calls.includes(call);
  }

  /** Starts sending each leg the mix of our microphone and the other leg's far end. */
  async start(): Promise<void> {
    const [a, b] = this.calls;
    for (const [leg, other] of [[a, b], [b, a]] as const) {
      const mix = new AudioMix();
      mix.add(leg.localStream?.getAudioTracks()[0]);
      mix.add(other.remoteStream.getAudioTracks()[0]);
      this.#mixes.set(leg, mix);
      await leg.sendAudio(mix.track);
    }
  }

  /** Each leg still up gets our microphone alone again; the mixes are released. */
  async stop(): Promise<void> {
    for (const [leg, mix] of this.#mixes) {
      if (!leg.ended) await leg.sendAudio(null).catch(() => undefined);
      mix.dispose();
    }
    this.#mixes.clear();
  }
}
