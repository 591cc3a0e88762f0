import type { QualitySample, StatsConnection } from './sample.js';
import { StatsCollector } from './stats-collector.js';
import { DEFAULT_THRESHOLDS, QualityWarnings } from './warnings.js';
import type { QualityThresholds, QualityWarning } from './warnings.js';

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

/** The periodic full report (`call-report`), like the PBX SDKs' callReport. */
export interface CallReport {
  /** The latest sample. */
  sample: QualitySample;
  /** Averages since the call connected. */
  averages: { rttMs?: number; jitterDownMs?: number; lossDown?: number; lossUp?: number; mos?: number };
  warnings: QualityWarning[];
  /** Seconds connected. */
  duration: number;
}

/** Quality over a whole call, attached to `call-ended` as `summary.quality`. */
export interface QualitySummary {
  samples: number;
  mosMin?: number;
  mosAvg?: number;
  mosMax?: number;
  /** Packet loss fraction averaged over the samples, received side. */
  lossDown?: number;
  lossUp?: number;
  rttAvgMs?: number;
}

/** What the monitor tells its owner. */
export interface QualityListener {
  sample(sample: QualitySample): void;
  warning(warning: QualityWarning, raised: boolean): void;
  report(report: CallReport): void;
}

const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined);

/**
 * Watches one call: samples, warnings, periodic reports, and a summary at the end.
 */
export class CallQualityMonitor {
  private readonly collector: StatsCollector;
  private readonly warnings: QualityWarnings;
  private readonly mosValues: number[] = [];
  private readonly lossDown: number[] = [];
  private readonly lossUp: number[] = [];
  private readonly rtt: number[] = [];
  private readonly jitter: number[] = [];
  private latest?: QualitySample;
  private reportTimer?: ReturnType<typeof setInterval>;
  private startedAt = 0;

  constructor(
    connection: () => StatsConnection | undefined,
    private readonly audioMuted: () => boolean,
    private readonly listener: QualityListener,
    private readonly options: QualityOptions = {},
  ) {
    this.warnings = new QualityWarnings(options.thresholds);
    this.collector = new StatsCollector(connection, (sample) => this.onSample(sample), options.intervalMs ?? 1000);
  }

  /** The latest sample, if any. */
  get sample(): QualitySample | undefined {
    return this.latest;
  }

  /** Warnings raised now. */
  get activeWarnings(): QualityWarning[] {
    return this.warnings.active;
  }

  /** Starts watching (when the call connects). */
  start(): void {
    this.startedAt = Date.now();
    this.collector.start();
    this.reportTimer ??= setInterval(() => {
      if (this.latest) this.listener.report(this.report(this.latest));
    }, this.options.reportIntervalMs ?? 3000);
  }

  /** Stops watching and sums the call up. */
  stop(): QualitySummary {
    this.collector.stop();
    clearInterval(this.reportTimer);
    this.reportTimer = undefined;
    return {
      samples: this.mosValues.length,
      mosMin: this.mosValues.length ? Math.min(...this.mosValues) : undefined,
      mosAvg: average(this.mosValues),
      mosMax: this.mosValues.length ? Math.max(...this.mosValues) : undefined,
      lossDown: average(this.lossDown),
      lossUp: average(this.lossUp),
      rttAvgMs: average(this.rtt),
    };
  }

  private onSample(sample: QualitySample): void {
    this.latest = sample;
    const mos = [sample.mosDown, sample.mosUp].filter((v): v is number => v !== undefined);
    if (mos.length) this.mosValues.push(Math.min(...mos));
    if (sample.lossDown !== undefined) this.lossDown.push(sample.lossDown);
    if (sample.lossUp !== undefined) this.lossUp.push(sample.lossUp);
    if (sample.rttMs !== undefined) this.rtt.push(sample.rttMs);
    if (sample.jitterDownMs !== undefined) this.jitter.push(sample.jitterDownMs);
    this.listener.sample(sample);
    const { raised, cleared } = this.warnings.update(sample, { now: Date.now(), startedAt: this.startedAt, audioMuted: this.audioMuted() });
    for (const warning of raised) this.listener.warning(warning, true);
    for (const warning of cleared) this.listener.warning(warning, false);
  }

  private report(sample: QualitySample): CallReport {
    return {
      sample,
      averages: {
        rttMs: average(this.rtt),
        jitterDownMs: average(this.jitter),
        lossDown: average(this.lossDown),
        lossUp: average(this.lossUp),
        mos: average(this.mosValues),
      },
      warnings: this.warnings.active,
      duration: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
