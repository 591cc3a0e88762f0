/**
 * A 3-way conference mixed in this page: each of two calls is sent our microphone mixed with
 * the other call's far end (Web Audio), so both far ends hear us and each other; our speaker
 * plays both far ends as it does for any call.
 * @module
 */
import type { Call } from './call.js';
import { CallError } from '../base/errors.js';
import { AudioMix } from '../media/audio-mix.js';

/** Two merged calls and their mixes (see the module comment). */
export class Conference {
  /** The merged calls. */
  readonly calls: readonly [Call, Call];
  readonly #mixes = new Map<Call, AudioMix>();

  constructor(a: Call, b: Call) {
    this.calls = [a, b];
  }

  /**
   * Merges two different connected calls: both are resumed, each is sent the mix, and one mute
   * holds for both (if either was muted, both are). Throws `call/invalid-state` for calls that
   * cannot be merged; on any failure the mixes are undone before it rethrows.
   */
  static async merge(a: Call, b: Call): Promise<Conference> {
    if (!a || !b || a === b || !a.established || !b.established) {
      throw new CallError('call/invalid-state', 'Cannot merge: pick two different connected calls.');
    }
    const conference = new Conference(a, b);
    try {
      // Resumed legs must not put each other on hold (the controller's switching knows them merged).
      await Promise.all([a, b].map((c) => (c.held.local ? c.unhold() : undefined)));
      await conference.start();
      if (a.muted.audio !== b.muted.audio) (a.muted.audio ? b : a).mute('audio');
    } catch (error) {
      await conference.stop();
      throw error;
    }
    return conference;
  }

  /**
   * Splits the conference: each leg still up gets our microphone alone again, and, as one call
   * at a time is live, the second goes on hold (the first stays live).
   */
  async split(): Promise<void> {
    await this.stop();
    const [first, second] = this.calls;
    if (first.established && second.established && !second.held.local) await second.hold().catch(() => undefined);
  }

  /** Our microphone's mute is one for a conference: `call` was muted or unmuted, the other leg follows. */
  shareMute(call: Call, muted: boolean): void {
    const other = this.calls.find((c) => c !== call)!;
    if (other.ended || other.muted.audio === muted) return;
    if (muted) other.mute('audio');
    else other.unmute('audio');
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
