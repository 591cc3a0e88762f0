/**
 * TRTC's figures as a WebRTC stats report, so call quality (samples, MOS, warnings,
 * `call-report`) works the same for TRTC as for SIP: the SDK hides its peer connections, but
 * gives transport RTT, audio counters and `network-quality` (loss in %, rtt in ms).
 * @module
 */
import type { StatsSource } from '../../core/provider.js';
import type { TrtcClient, TrtcNetworkQuality } from './sdk-types.js';

type Stat = Record<string, unknown> & { id: string; type: string };

const sum = (values: number[]) => values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** A {@link StatsSource} reading `client`'s stats; `quality` is the latest `network-quality`. */
export function trtcStatsSource(client: TrtcClient, quality: () => TrtcNetworkQuality | undefined, up: () => boolean): StatsSource {
  return {
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
