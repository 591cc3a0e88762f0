import type { QualitySample } from './sample.js';
import { DEFAULT_THRESHOLDS } from './quality-options.js';
import type { QualityThresholds } from './quality-options.js';

/** Named quality problems, after Twilio Voice's call-quality warnings. */
export type QualityWarningName =
  | 'high-rtt'
  | 'high-jitter'
  | 'high-packet-loss'
  | 'low-mos'
  | 'low-bytes-received'
  | 'low-bytes-sent'
  | 'constant-audio-input-level'
  | 'ice-connectivity-lost';

/** A raised warning and the figure that raised it. */
export interface QualityWarning {
  name: QualityWarningName;
  value: number;
  threshold: number;
}

/** What a sample is judged with besides its figures. */
export interface WarningContext {
  now: number;
  /** When the call connected. */
  startedAt: number;
  /** The local microphone is muted (a flat level is then expected). */
  audioMuted: boolean;
}

const max = (...values: (number | undefined)[]) => Math.max(...values.filter((v): v is number => v !== undefined), -Infinity);
const min = (...values: (number | undefined)[]) => Math.min(...values.filter((v): v is number => v !== undefined), Infinity);

/**
 * Raises and clears warnings from successive samples. Pure apart from its own memory: time is
 * passed in, so it is tested without waiting.
 */
export class QualityWarnings {
  readonly thresholds: QualityThresholds;
  private readonly raised = new Map<QualityWarningName, QualityWarning>();
  private readonly absentSince = new Map<QualityWarningName, number>();
  private readonly losses: number[] = [];
  private noBytesIn = 0;
  private noBytesOut = 0;
  private lastLevel?: number;
  private levelSince = 0;

  constructor(thresholds: Partial<QualityThresholds> = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  /** Warnings raised now. */
  get active(): QualityWarning[] {
    return [...this.raised.values()];
  }

  /** Judges one sample; returns what was raised and what cleared. */
  update(sample: QualitySample, context: WarningContext): { raised: QualityWarning[]; cleared: QualityWarning[] } {
    const t = this.thresholds;
    const loss = max(sample.lossDown, sample.lossUp);
    if (loss >= 0) {
      this.losses.push(loss);
      if (this.losses.length > t.lossWindow) this.losses.shift();
    }
    const averageLoss = this.losses.length ? this.losses.reduce((a, b) => a + b, 0) / this.losses.length : 0;
    this.noBytesIn = sample.bytesReceived > 0 ? 0 : this.noBytesIn + 1;
    this.noBytesOut = sample.bytesSent > 0 ? 0 : this.noBytesOut + 1;
    const level = sample.audioLevelOut;
    if (level === undefined || context.audioMuted || this.lastLevel === undefined || Math.abs(level - this.lastLevel) > 1e-6) {
      this.levelSince = context.now;
    }
    this.lastLevel = level;

    const rtt = sample.rttMs ?? -Infinity;
    const jitter = max(sample.jitterDownMs, sample.jitterUpMs);
    const mos = min(sample.mosDown, sample.mosUp);
    const conditions: [QualityWarningName, boolean, number, number][] = [
      ['high-rtt', rtt > t.rttMs, rtt, t.rttMs],
      ['high-jitter', jitter > t.jitterMs, jitter, t.jitterMs],
      ['high-packet-loss', loss > t.lossSample && averageLoss > t.lossAverage, averageLoss, t.lossAverage],
      ['low-mos', mos < t.mos, mos, t.mos],
      ['low-bytes-received', this.noBytesIn >= t.silentSamples, 0, t.silentSamples],
      ['low-bytes-sent', this.noBytesOut >= t.silentSamples, 0, t.silentSamples],
      ['constant-audio-input-level', level !== undefined && context.now - this.levelSince >= t.constantLevelMs, level ?? 0, t.constantLevelMs],
      ['ice-connectivity-lost', !sample.connected, 0, 0],
    ];
    const raised: QualityWarning[] = [];
    const cleared: QualityWarning[] = [];
    const inGrace = context.now - context.startedAt < t.graceMs;
    for (const [name, holds, value, threshold] of conditions) {
      const current = this.raised.get(name);
      if (holds) {
        this.absentSince.delete(name);
        if (!current && !inGrace) {
          const warning = { name, value, threshold };
          this.raised.set(name, warning);
          raised.push(warning);
        }
      } else if (current) {
        const since = this.absentSince.get(name) ?? context.now;
        this.absentSince.set(name, since);
        if (context.now - since >= t.clearAfterMs) {
          this.raised.delete(name);
          this.absentSince.delete(name);
          cleared.push({ ...current, value });
        }
      }
    }
    return { raised, cleared };
  }
}
