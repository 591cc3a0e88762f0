/** Call quality: stats, MOS, the 0–6 scale, warnings and reports. No Lit, no DOM. */
export { mos, rFactor } from './mos.js';
export type { MosInput } from './mos.js';
export { networkQuality, NETWORK_QUALITY_NAMES, QUALITY_BOUNDS, MOS_BOUNDS } from './network-quality.js';
export type { NetworkQuality } from './network-quality.js';
export { snapshot, toSample } from './sample.js';
export type { QualitySample, StatsSnapshot, CandidatePairInfo, VideoFigures } from './sample.js';
export { StatsCollector } from './stats-collector.js';
export { QualityWarnings } from './warnings.js';
export type { QualityWarning, QualityWarningName } from './warnings.js';
export { DEFAULT_THRESHOLDS } from './quality-options.js';
export type { QualityOptions, QualityThresholds } from './quality-options.js';
export { CallQualityMonitor } from './call-quality.js';
export type { CallReport, QualitySummary } from './call-quality.js';
