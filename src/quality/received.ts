/**
 * What has reached a peer connection so far, read from its stats report, so that a stalled
 * media path can be told apart from one that carries anything at all.
 * @module
 */

/** Counters by stats id: RTP packets per inbound stream, bytes per candidate pair and transport. */
export type ReceivedCounters = Map<string, number>;

/**
 * The receive counters of a report: `packetsReceived` of every `inbound-rtp` stream and
 * `bytesReceived` of every `candidate-pair` and `transport` (these carry RTCP too, so a far end
 * that sends no RTP for a while — silence suppression, no camera — still shows up).
 */
export function receivedCounters(report: RTCStatsReport): ReceivedCounters {
  const counters: ReceivedCounters = new Map();
  report.forEach((s: Record<string, unknown> & { id: string; type: string }) => {
    const value = s.type === 'inbound-rtp' ? s.packetsReceived : s.type === 'candidate-pair' || s.type === 'transport' ? s.bytesReceived : undefined;
    if (typeof value === 'number') counters.set(s.id, value);
  });
  return counters;
}

/**
 * Whether anything arrived between two readings: a counter in both grew. A counter in one
 * reading only says nothing: Firefox leaves a stream's stats out of a report now and then
 * (around an ICE restart) and brings them back with their whole count, and a candidate pair
 * that appears is compared from the next reading on.
 */
export function receivedSince(previous: ReceivedCounters, current: ReceivedCounters): boolean {
  for (const [id, value] of current) {
    const before = previous.get(id);
    if (before !== undefined && value > before) return true;
  }
  return false;
}
