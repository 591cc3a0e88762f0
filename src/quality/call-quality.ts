import type { QualitySample, StatsConnection } from './sample.js';
import { StatsCollector } from './stats-collector.js';
import { QualityWarnings } from './warnings.js';
import type { QualityWarning } from './warnings.js';
import type { QualityOptions } from './quality-options.js';

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
