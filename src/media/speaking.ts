/**
 * Speaking detection with hysteresis over a stream of audio levels (0–1), so a word's pauses
 * or one loud click do not flip it: speaking starts after the level stays at or above `on` for
 * `attackMs`, and ends after it stays below `off` for `releaseMs`.
 * @module
 */

/** Thresholds and timings of a {@link SpeakingDetector}. */
export interface SpeakingOptions {
  /** Level (0–1) at or above which speech may start. Default 0.3 (about −42 dBFS). */
  on?: number;
  /** Level (0–1) below which speech may end; below `on`, so levels between keep the state. Default 0.15. */
  off?: number;
  /** How long the level must stay at or above `on` before speaking starts. Default 100 ms. */
  attackMs?: number;
  /** How long the level must stay below `off` before speaking ends. Default 800 ms. */
  releaseMs?: number;
}

/** Default thresholds of {@link SpeakingDetector}. */
export const SPEAKING_DEFAULTS: Required<SpeakingOptions> = { on: 0.3, off: 0.15, attackMs: 100, releaseMs: 800 };

/** Turns level readings into speaking / not speaking, with hysteresis; pure, fed by the caller. */
export class SpeakingDetector {
  readonly #options: Required<SpeakingOptions>;
  #speaking = false;
  /** When the level first crossed toward the other state, or undefined. */
  #since?: number;

  constructor(options: SpeakingOptions = {}) {
    this.#options = { ...SPEAKING_DEFAULTS, ...options };
  }

  /** Whether speech is detected now. */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Feeds one reading taken at `now` (ms); returns true when the speaking state changed. */
  update(level: number, now: number): boolean {
    const { on, off, attackMs, releaseMs } = this.#options;
    const toward = this.#speaking ? level < off : level >= on;
    if (!toward) {
      this.#since = undefined;
      return false;
    }
    this.#since ??= now;
    if (now - this.#since < (this.#speaking ? releaseMs : attackMs)) return false;
    this.#speaking = !this.#speaking;
    this.#since = undefined;
    return true;
  }

  /** Back to not speaking (e.g. the track went away). Returns true when that changed the state. */
  reset(): boolean {
    const was = this.#speaking;
    this.#speaking = false;
    this.#since = undefined;
    return was;
  }
}
