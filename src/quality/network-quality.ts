/**
 * The 0–6 network-quality scale used by TRTC and CRTC: 0 unknown, 1 excellent, 2 good,
 * 3 fair, 4 poor, 5 very poor, 6 disconnected.
 */
export type NetworkQuality = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Names of the scale's levels, for labels. */
export const NETWORK_QUALITY_NAMES = ['unknown', 'excellent', 'good', 'fair', 'poor', 'very-poor', 'disconnected'] as const;

/** Upper bounds of levels 1–4 for each figure; anything above the last is 5. */
export const QUALITY_BOUNDS = {
  /** Packet loss fraction. */
  loss: [0.01, 0.03, 0.06, 0.12],
  /** Round-trip time, ms. */
  rttMs: [150, 250, 400, 600],
  /** Jitter, ms. */
  jitterMs: [20, 40, 70, 120],
} as const;

/** MOS lower bounds of levels 1–4; anything below the last is 5. */
export const MOS_BOUNDS = [4.2, 4.0, 3.6, 3.1] as const;

function levelAbove(value: number, bounds: readonly number[]): number {
  const index = bounds.findIndex((bound) => value < bound);
  return index === -1 ? 5 : index + 1;
}

/**
 * Maps figures of one direction to the scale: the worst level of loss, rtt, jitter and MOS.
 * `connected: false` (ICE disconnected or failed) is 6; no figures yet is 0.
 */
export function networkQuality(figures: { loss?: number; rttMs?: number; jitterMs?: number; mos?: number; connected?: boolean }): NetworkQuality {
  if (figures.connected === false) return 6;
  const levels: number[] = [];
  if (figures.loss !== undefined) levels.push(levelAbove(figures.loss, QUALITY_BOUNDS.loss));
  if (figures.rttMs !== undefined) levels.push(levelAbove(figures.rttMs, QUALITY_BOUNDS.rttMs));
  if (figures.jitterMs !== undefined) levels.push(levelAbove(figures.jitterMs, QUALITY_BOUNDS.jitterMs));
  if (figures.mos !== undefined) {
    const index = MOS_BOUNDS.findIndex((bound) => figures.mos! >= bound);
    levels.push(index === -1 ? 5 : index + 1);
  }
  return (levels.length ? Math.max(...levels) : 0) as NetworkQuality;
}
