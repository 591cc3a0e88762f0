import { snapshot, toSample } from './sample.js';
import type { QualitySample, StatsConnection, StatsSnapshot } from './sample.js';

/**
 * Polls getStats() of a call's peer connection at an interval and hands out a
 * {@link QualitySample} per poll. One collector per call, never per element.
 */
export class StatsCollector {
  private timer?: ReturnType<typeof setInterval>;
  private previous?: StatsSnapshot;
  private busy = false;

  constructor(
    private readonly connection: () => StatsConnection | undefined,
    private readonly onSample: (sample: QualitySample) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** Starts polling (idempotent). */
  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
  }

  /** Stops polling. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one measurement now. */
  async poll(): Promise<QualitySample | undefined> {
    const pc = this.connection();
    if (!pc || this.busy || pc.signalingState === 'closed') return undefined;
    this.busy = true;
    try {
      const current = snapshot(await pc.getStats());
      const state = pc.iceConnectionState;
      const sample = toSample(this.previous, current, state === 'connected' || state === 'completed' || state === 'checking');
      this.previous = current;
      const links = await pc.links?.();
      if (links?.qualityUp) sample.qualityUp = links.qualityUp;
      if (links?.qualityDown) sample.qualityDown = links.qualityDown;
      if (links?.participants) sample.participants = links.participants;
      this.onSample(sample);
      return sample;
    } catch {
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
