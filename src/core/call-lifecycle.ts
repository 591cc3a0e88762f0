import type { Call } from './call.js';
import type { EmitFn } from './events.js';
import type { SessionEnd } from './provider.js';
import type { CallSummary } from './types.js';
import { CallQualityMonitor } from '../quality/call-quality.js';
import type { QualityOptions, QualitySummary } from '../quality/call-quality.js';

/** The summary of a call that ends now. */
export function summarize(end: SessionEnd, startedAt: number, connectedAt: number | undefined, quality?: QualitySummary): CallSummary {
  const endedAt = Date.now();
  return {
    reason: end.reason,
    endedBy: end.endedBy,
    rawCause: end.rawCause,
    statusCode: end.statusCode,
    startedAt,
    connectedAt,
    endedAt,
    duration: connectedAt ? Math.max(0, Math.round((endedAt - connectedAt) / 1000)) : 0,
    quality,
  };
}

/** Starts quality monitoring of a connected call; its figures become the call's events. */
export function monitorQuality(call: Call, audioMuted: () => boolean, emit: EmitFn, options: QualityOptions): CallQualityMonitor {
  const monitor = new CallQualityMonitor(
    () => call.peerConnections()[0],
    audioMuted,
    {
      sample: (sample) => emit('call-quality', { call, sample }),
      warning: (warning, raised) => emit(raised ? 'call-quality-warning' : 'call-quality-warning-cleared', { call, warning }),
      report: (report) => emit('call-report', { call, report }),
    },
    options,
  );
  monitor.start();
  return monitor;
}
