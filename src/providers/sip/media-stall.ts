/**
 * Tells when a call's media path has gone quiet although ICE says it is fine: polls the peer
 * connection's receive counters ({@link receivedCounters}) while media is expected and reports
 * a stall after a stretch with nothing received, and the flow once anything arrives again.
 * Firefox keeps ICE `connected` through a total loss of the path (it said `disconnected` only
 * once the path was back), so without this its calls would never start recovering.
 * @module
 */
import { receivedCounters, receivedSince } from '../../quality/received.js';
import type { ReceivedCounters } from '../../quality/received.js';

/** What {@link MediaStallWatch} reports to. */
export interface MediaStallHost {
  /** Whether media should be arriving now (the call is confirmed and not on hold). */
  expected(): boolean;
  /** Nothing was received for the stall time. */
  stalled(): void;
  /** Something was received again after {@link stalled}. */
  flowing(): void;
}

/** Timing of {@link MediaStallWatch}. */
export interface MediaStallOptions {
  /** How often the counters are read. */
  pollMs: number;
  /** How long nothing may arrive before it counts as a stall. */
  stallMs: number;
}

/** The default timing: read every second, a stall after 6 s with nothing received. */
export const MEDIA_STALL_DEFAULTS: MediaStallOptions = { pollMs: 1000, stallMs: 6000 };

/** One peer connection's watch (see the module comment). */
export class MediaStallWatch {
  readonly #pc: Pick<RTCPeerConnection, 'getStats' | 'signalingState'>;
  readonly #host: MediaStallHost;
  readonly #options: MediaStallOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  /** The last value of every counter seen since media was expected (kept when a report leaves one out). */
  #previous?: ReceivedCounters;
  /** When something last arrived; undefined until media has flowed once since it was expected. */
  #lastReceived?: number;
  #stalled = false;
  #busy = false;
  #disposed = false;

  constructor(pc: Pick<RTCPeerConnection, 'getStats' | 'signalingState'>, host: MediaStallHost, options: MediaStallOptions = MEDIA_STALL_DEFAULTS) {
    this.#pc = pc;
    this.#host = host;
    this.#options = options;
    this.#timer = setInterval(() => void this.#poll(), options.pollMs);
  }

  /** Stops polling; nothing is reported afterwards. */
  dispose(): void {
    clearInterval(this.#timer);
    this.#disposed = true;
  }

  async #poll(): Promise<void> {
    if (this.#busy || this.#disposed || this.#pc.signalingState === 'closed') return;
    if (!this.#host.expected()) {
      // On hold nothing arrives by design: start over once media is expected again.
      this.#previous = this.#lastReceived = undefined;
      return;
    }
    this.#busy = true;
    let current: ReceivedCounters;
    try {
      current = receivedCounters(await this.#pc.getStats());
    } catch {
      return;
    } finally {
      this.#busy = false;
    }
    if (this.#disposed) return;
    const now = Date.now();
    if (!this.#previous) {
      // The first reading: media has flowed if anything was ever received; the clock starts now.
      if ([...current.values()].some((value) => value > 0)) this.#lastReceived = now;
    } else if (receivedSince(this.#previous, current)) {
      this.#lastReceived = now;
      if (this.#stalled) {
        this.#stalled = false;
        this.#host.flowing();
      }
    } else if (!this.#stalled && this.#lastReceived !== undefined && now - this.#lastReceived >= this.#options.stallMs) {
      this.#stalled = true;
      this.#host.stalled();
    }
    this.#previous = new Map([...(this.#previous ?? []), ...current]);
  }
}
