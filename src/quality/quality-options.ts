/**
 * The `quality` setting's options and the warnings' thresholds, apart from the monitor that uses
 * them: the settings table reads them on every page, the monitor loads with the first call.
 * @module
 */
/** Thresholds and timing of the warnings; every one can be changed. */
export interface QualityThresholds {
  /** high-rtt above this, ms. */
  rttMs: number;
  /** high-jitter above this, ms (either direction). */
  jitterMs: number;
  /** high-packet-loss needs loss above this in the sample … */
  lossSample: number;
  /** … and above this averaged over the last `lossWindow` samples. */
  lossAverage: number;
  lossWindow: number;
  /** low-mos below this. */
  mos: number;
  /** low-bytes-* after this many samples in a row with no bytes. */
  silentSamples: number;
  /** constant-audio-input-level when the microphone level has not changed for this long, ms. */
  constantLevelMs: number;
  /** Nothing is raised this soon after the call connects, ms. */
  graceMs: number;
  /** A warning clears once its condition has been absent this long, ms. */
  clearAfterMs: number;
}

/** The documented defaults. */
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  rttMs: 400,
  jitterMs: 30,
  lossSample: 0.01,
  lossAverage: 0.03,
  lossWindow: 5,
  mos: 3.5,
  silentSamples: 3,
  constantLevelMs: 10_000,
  graceMs: 5000,
  clearAfterMs: 5000,
};

/** Options of call-quality monitoring. */
export interface QualityOptions {
  /** getStats() interval, ms (default 1000). */
  intervalMs?: number;
  /** `call-report` interval, ms (default 3000). */
  reportIntervalMs?: number;
  thresholds?: Partial<QualityThresholds>;
}

/** Shortest stats or report interval, ms: a shorter one would poll getStats() in a busy loop. */
const MIN_INTERVAL_MS = 100;
/** Longest interval `setInterval` honours (2³¹−1 ms); a longer one would fire every millisecond. */
const MAX_INTERVAL_MS = 2 ** 31 - 1;

/** An interval between {@link MIN_INTERVAL_MS} and {@link MAX_INTERVAL_MS}, or undefined (the default) when not a number. */
function interval(value: unknown): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  return Math.min(Math.max(value, MIN_INTERVAL_MS), MAX_INTERVAL_MS);
}

/**
 * Quality options from whatever a page gives: `false` for none; otherwise intervals clamped to
 * what a timer honours (100 ms to 2³¹−1 ms) and the thresholds that are non-negative finite
 * numbers; anything else takes its default.
 */
export function qualityOptions(value: unknown): QualityOptions | false {
  if (value === false) return false;
  if (!value || typeof value !== 'object') return {};
  const given = value as Record<string, unknown>;
  const options: QualityOptions = {};
  const intervalMs = interval(given.intervalMs);
  const reportIntervalMs = interval(given.reportIntervalMs);
  if (intervalMs !== undefined) options.intervalMs = intervalMs;
  if (reportIntervalMs !== undefined) options.reportIntervalMs = reportIntervalMs;
  const thresholds = given.thresholds;
  if (thresholds && typeof thresholds === 'object') {
    const picked: Partial<QualityThresholds> = {};
    for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof QualityThresholds)[]) {
      const figure = (thresholds as Record<string, unknown>)[key];
      if (typeof figure === 'number' && Number.isFinite(figure) && figure >= 0) picked[key] = figure;
    }
    options.thresholds = picked;
  }
  return options;
}
