/**
 * The quality monitoring of one connected call: a {@link CallQualityMonitor} on the call's
 * stats source, its samples, warnings and reports fired as the call's events.
 * @module
 */
import type { CallEventDetails } from './event-details.js';
import type { StatsSource } from './provider.js';
import { CallQualityMonitor } from '../quality/call-quality.js';
import type { QualitySummary } from '../quality/call-quality.js';
import type { QualityOptions } from '../quality/quality-options.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

/** The quality events of a call, without the `call` the call adds. */
type QualityEventName = 'call-quality' | 'call-quality-warning' | 'call-quality-warning-cleared' | 'call-report';
type QualityEmit = <K extends QualityEventName>(type: K, detail: Omit<CallEventDetails<unknown>[K], 'call'>) => void;

/** Starts monitoring a call (see the module comment); stop it when the call ends. */
export class CallQualityWatch {
  readonly #monitor: CallQualityMonitor;

  constructor(source: () => StatsSource | undefined, muted: () => boolean, emit: QualityEmit, options: QualityOptions) {
    this.#monitor = new CallQualityMonitor(
      source,
      muted,
      {
        sample: (sample) => emit('call-quality', { sample }),
        warning: (warning, raised) => emit(raised ? 'call-quality-warning' : 'call-quality-warning-cleared', { warning }),
        report: (report) => emit('call-report', { report }),
      },
      options,
    );
    this.#monitor.start();
  }

  /** The latest sample. */
  get sample(): QualitySample | undefined {
    return this.#monitor.sample;
  }

  /** Warnings raised now. */
  get warnings(): QualityWarning[] {
    return this.#monitor.activeWarnings;
  }

  /** Stops monitoring; returns the call's quality summary. */
  stop(): QualitySummary {
    return this.#monitor.stop();
  }
}
