/**
 * TRTC's figures as a WebRTC stats report, so call quality (samples, MOS, warnings,
 * `call-report`) works the same for TRTC as for SIP: the SDK hides its peer connections, but
 * gives transport RTT, audio counters and `network-quality` (loss in %, rtt in ms) — trtc-js-sdk
 * 4 on request, trtc-sdk-v5 in its STATISTICS event (rtt, loss in %, byte counts).
 * @module
 */
import type { StatsSource } from '../../core/provider.js';
import { networkQuality } from '../../quality/network-quality.js';
import type { NetworkQuality } from '../../quality/network-quality.js';
import type { ParticipantLink, ProviderLinks } from '../../quality/sample.js';
import type { TrtcClient, TrtcNetworkQuality, TrtcV5Statistics } from './sdk-types.js';

type Stat = Record<string, unknown> & { id: string; type: string };

const sum = (values: number[]) => values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** TRTC's 0–6 level as ours (the same scale), undefined for 0 (unknown) or anything else. */
function level(value: unknown): NetworkQuality | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 6 ? (value as NetworkQuality) : undefined;
}

/**
 * A {@link StatsSource} reading `client`'s stats; `quality` is the latest `network-quality`.
 * Its `links()` give TRTC's own up/down levels and each remote user's downlink (rtt from
 * `downlinksRTT`, loss from that user's audio counters since the previous reading), from the
 * figures the same poll's `getStats()` read: the SDK is asked once per poll.
 */
export function trtcStatsSource(client: TrtcClient, quality: () => TrtcNetworkQuality | undefined, up: () => boolean): StatsSource {
  const previous = new Map<string, { received: number; lost: number }>();
  let read: { transport?: Awaited<ReturnType<TrtcClient['getTransportStats']>>; remote: Awaited<ReturnType<TrtcClient['getRemoteAudioStats']>> } = { remote: {} };
  return {
    async links(): Promise<ProviderLinks> {
      const { transport, remote } = read;
      const participants: Record<string, ParticipantLink> = {};
      for (const [user, counters] of Object.entries(remote ?? {})) {
        const before = previous.get(user);
        const received = Number(counters?.packetsReceived) || 0;
        const lost = Math.max(0, Number(counters?.packetsLost) || 0);
        previous.set(user, { received, lost });
        let lossDown: number | undefined;
        if (before && received + lost - before.received - before.lost > 0) {
          lossDown = Math.max(0, lost - before.lost) / (received - before.received + Math.max(0, lost - before.lost));
        }
        const rtt = Number(transport?.downlinksRTT?.[user]);
        const rttMs = Number.isFinite(rtt) ? rtt : undefined;
        participants[user] = { rttMs, lossDown, qualityDown: networkQuality({ connected: up(), rttMs, loss: lossDown }) };
      }
      const network = quality();
      return { qualityUp: level(network?.uplinkNetworkQuality), qualityDown: level(network?.downlinkNetworkQuality), participants };
    },
    get signalingState() {
      return up() ? 'stable' : 'closed';
    },
    get iceConnectionState() {
      return up() ? 'connected' : 'closed';
    },
    async getStats(): Promise<RTCStatsReport> {
      const [transport, local, remote] = await Promise.all([
        client.getTransportStats().catch(() => undefined),
        client.getLocalAudioStats().catch(() => ({})),
        client.getRemoteAudioStats().catch(() => ({})),
      ]);
      read = { transport, remote: remote ?? {} };
      const sent = Object.values(local ?? {});
      const received = Object.values(remote ?? {});
      const network = quality();
      const rttMs = Number(transport?.rtt ?? network?.uplinkRTT);
      const timestamp = performance.now();
      const stats: Stat[] = [
        { id: 'out-audio', type: 'outbound-rtp', kind: 'audio', timestamp, bytesSent: sum(sent.map((s) => s.bytesSent)), packetsSent: sum(sent.map((s) => s.packetsSent)) },
        {
          id: 'in-audio',
          type: 'inbound-rtp',
          kind: 'audio',
          timestamp,
          bytesReceived: sum(received.map((s) => s.bytesReceived)),
          packetsReceived: sum(received.map((s) => s.packetsReceived)),
          packetsLost: sum(received.map((s) => s.packetsLost)),
          codecId: 'codec-opus',
        },
        { id: 'codec-opus', type: 'codec', timestamp, mimeType: 'audio/opus' },
      ];
      if (Number.isFinite(rttMs) || network) {
        stats.push({
          id: 'remote-in-audio',
          type: 'remote-inbound-rtp',
          kind: 'audio',
          timestamp,
          roundTripTime: Number.isFinite(rttMs) ? rttMs / 1000 : undefined,
          fractionLost: network ? Math.min(1, Math.max(0, network.uplinkLoss / 100)) : undefined,
        });
      }
      return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
    },
  };
}

/**
 * A {@link StatsSource} for trtc-sdk-v5: `statistics` is the latest STATISTICS event (rtt,
 * up/down loss in %, byte counts, the remote users), `quality` the latest NETWORK_QUALITY. Each
 * remote user's link has the room's rtt and downlink loss (v5 gives no per-user counters).
 */
export function trtcV5StatsSource(statistics: () => TrtcV5Statistics | undefined, quality: () => TrtcNetworkQuality | undefined, up: () => boolean): StatsSource {
  const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  return {
    async links(): Promise<ProviderLinks> {
      const figures = statistics();
      const network = quality();
      const participants: Record<string, ParticipantLink> = {};
      const rttMs = finite(figures?.rtt);
      const down = finite(figures?.downLoss);
      const lossDown = down === undefined ? undefined : Math.min(1, Math.max(0, down / 100));
      for (const remote of figures?.remoteStatistics ?? []) {
        if (typeof remote?.userId !== 'string') continue;
        participants[remote.userId] = { rttMs, lossDown, qualityDown: networkQuality({ connected: up(), rttMs, loss: lossDown }) };
      }
      return { qualityUp: level(network?.uplinkNetworkQuality), qualityDown: level(network?.downlinkNetworkQuality), participants };
    },
    get signalingState() {
      return up() ? 'stable' : 'closed';
    },
    get iceConnectionState() {
      return up() ? 'connected' : 'closed';
    },
    async getStats(): Promise<RTCStatsReport> {
      const figures = statistics();
      const network = quality();
      const timestamp = performance.now();
      const rttMs = finite(figures?.rtt) ?? finite(network?.uplinkRTT);
      const upLoss = finite(figures?.upLoss) ?? finite(network?.uplinkLoss);
      const stats: Stat[] = [
        { id: 'out-audio', type: 'outbound-rtp', kind: 'audio', timestamp, bytesSent: finite(figures?.bytesSent) ?? 0 },
        { id: 'in-audio', type: 'inbound-rtp', kind: 'audio', timestamp, bytesReceived: finite(figures?.bytesReceived) ?? 0, codecId: 'codec-opus' },
        { id: 'codec-opus', type: 'codec', timestamp, mimeType: 'audio/opus' },
      ];
      if (rttMs !== undefined || upLoss !== undefined) {
        stats.push({
          id: 'remote-in-audio',
          type: 'remote-inbound-rtp',
          kind: 'audio',
          timestamp,
          roundTripTime: rttMs === undefined ? undefined : rttMs / 1000,
          fractionLost: upLoss === undefined ? undefined : Math.min(1, Math.max(0, upLoss / 100)),
        });
      }
      return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
    },
  };
}
