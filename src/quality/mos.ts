/**
 * Mean Opinion Score from network figures by the simplified ITU-T G.107 E-model, the form
 * widely used for VoIP monitoring:
 *
 *   effective latency Le = rtt + 2·jitter + 10 ms            (10 ms for codec delay)
 *   R = 93.2 − (Le < 160 ? Le / 40 : (Le − 120) / 10) − 2.5 · loss%
 *   MOS = 1 + 0.035·R + 7·10⁻⁶ · R · (R − 60) · (100 − R)      (1 for R ≤ 0, 4.5 for R ≥ 100)
 *
 * 93.2 is the default R of G.107 with no impairment, so the best score is ≈ 4.41.
 */
export interface MosInput {
  /** Round-trip time, ms. */
  rttMs: number;
  /** Interarrival jitter, ms. */
  jitterMs: number;
  /** Packet loss as a fraction 0–1. */
  loss: number;
}

/** The R factor (0–100) of the simplified E-model. */
export function rFactor({ rttMs, jitterMs, loss }: MosInput): number {
  const latency = Math.max(0, rttMs) + 2 * Math.max(0, jitterMs) + 10;
  const delayImpairment = latency < 160 ? latency / 40 : (latency - 120) / 10;
  const r = 93.2 - delayImpairment - 2.5 * Math.max(0, Math.min(1, loss)) * 100;
  return Math.max(0, Math.min(100, r));
}

/** MOS 1–4.5 from rtt, jitter and loss. */
export function mos(input: MosInput): number {
  const r = rFactor(input);
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
}
