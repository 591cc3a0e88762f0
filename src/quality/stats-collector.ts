import { snapshot, toSample } from './sample.js';
import type { QualitySample, StatsConnection, StatsSnapshot } from './sample.js';
import { SenderLevel } from './sender-level.js';
import type { SenderSource } from './sender-level.js';

/**
 * Polls getStats() of a call's peer connection at an interval and hands out a
 * {@link QualitySample} per poll. One collector per call, never per element.
 */
export class StatsCollector {
  private timer?: ReturnType<typeof setInterval>;
  private previous?: StatsSnapshot;
  private busy = false;
  /** Our sending level where the report has none (Firefox: no `media-source` `audioLevel`). */
  private readonly senderLevel: SenderLevel;

  constructor(
    private readonly connection: () => (StatsConnection & SenderSource) | undefined,
    private readonly onSample: (sample: QualitySample) => void,
    private readonly intervalMs = 1000,
  ) {
    this.senderLevel = new SenderLevel(connection);
  }

  /** Starts polling (idempotent). */
  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
  }

  /** Stops polling. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.senderLevel.close();
  }

  /** Takes one measurement now. */
  async poll(): Promise<QualitySample | undefined> {
    const pc = this.connection();
    if (!pc || this.busy || pc.signalingState === 'closed') return undefined;
    this.busy = true;
    try {
      const current = snapshot(await pc.getStats());
      // Only while polling, so a one-off poll() leaves no audio nodes behind.
      if (current.audioOutLevel === undefined && this.timer) current.audioOutLevel = this.senderLevel.read();
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
