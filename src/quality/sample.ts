import { mos } from './mos.js';
import { networkQuality } from './network-quality.js';
import type { NetworkQuality } from './network-quality.js';

/** Frame size and rate of a video stream. */
export interface VideoFigures {
  width?: number;
  height?: number;
  fps?: number;
}

/** The selected ICE candidate pair: how media travels. */
export interface CandidatePairInfo {
  localType?: string;
  remoteType?: string;
  protocol?: string;
  /** Media goes through a TURN server. */
  relay: boolean;
  family?: 'ipv4' | 'ipv6';
}

/** One normalised measurement of a call, per direction where it applies. */
export interface QualitySample {
  timestamp: number;
  /** Round-trip time, ms (remote-inbound-rtp, else the candidate pair). */
  rttMs?: number;
  jitterDownMs?: number;
  jitterUpMs?: number;
  /** Packet loss fraction 0–1 in this interval, received / sent side. */
  lossDown?: number;
  lossUp?: number;
  /** Bits per second over the interval. */
  bitrateSend: number;
  bitrateRecv: number;
  bytesSent: number;
  bytesReceived: number;
  audioLevelIn?: number;
  audioLevelOut?: number;
  videoIn?: VideoFigures;
  videoOut?: VideoFigures;
  /** Audio codec received, e.g. `opus` (the mime type without `audio/`). */
  codec?: string;
  /** Video codec received (video calls), e.g. `VP8`; else the one sent. */
  videoCodec?: string;
  candidatePair?: CandidatePairInfo;
  availableOutgoingBitrate?: number;
  mosDown?: number;
  mosUp?: number;
  /** 0–6 scale, see network-quality.ts. */
  qualityDown: NetworkQuality;
  qualityUp: NetworkQuality;
  /** ICE is connected. */
  connected: boolean;
  /**
   * Each remote participant's own link, by id, where the provider measures it (TRTC: per-user
   * downlink rtt and loss); absent for SIP, whose one link is the sample itself.
   */
  participants?: Record<string, ParticipantLink>;
}

/** One remote participant's link as the provider measures it. */
export interface ParticipantLink {
  rttMs?: number;
  /** Loss fraction 0–1 of its media reaching us, in this interval. */
  lossDown?: number;
  qualityDown: NetworkQuality;
}

/** What a provider adds to a sample beyond a stats report: its own 0–6 levels and per-participant links. */
export interface ProviderLinks {
  qualityUp?: NetworkQuality;
  qualityDown?: NetworkQuality;
  participants?: Record<string, ParticipantLink>;
}

/** What a sample is read from: a peer connection, or a provider's equivalent shaped like one (optionally with {@link ProviderLinks}). */
export type StatsConnection = Pick<RTCPeerConnection, 'getStats' | 'signalingState' | 'iceConnectionState'> & {
  links?(): Promise<ProviderLinks | undefined>;
};

/** Cumulative counters read from one getStats() report. */
export interface StatsSnapshot {
  timestamp: number;
  audioIn?: { packetsReceived: number; packetsLost: number; jitter?: number; audioLevel?: number; codecId?: string };
  audioOutLevel?: number;
  remoteIn?: { roundTripTime?: number; fractionLost?: number; jitter?: number };
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  videoIn?: VideoFigures;
  videoOut?: VideoFigures;
  codec?: string;
  videoCodec?: string;
  pair?: CandidatePairInfo & { rtt?: number; available?: number };
}

type Stat = Record<string, unknown> & { id: string; type: string; kind?: string };

/** The codec an RTP stream uses, by its mime type without the kind (`audio/opus` → `opus`). */
function codecName(stats: Map<string, Stat>, codecId: unknown): string | undefined {
  const mime = stats.get(String(codecId))?.mimeType;
  return typeof mime === 'string' ? mime.replace(/^(audio|video)\//, '') : undefined;
}

/** Reads the counters call quality needs from a stats report. */
export function snapshot(report: RTCStatsReport, now = Date.now()): StatsSnapshot {
  const stats = new Map<string, Stat>();
  report.forEach((s: Stat) => stats.set(s.id, s));
  const all = [...stats.values()];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const out: StatsSnapshot = { timestamp: now, bytesSent: 0, bytesReceived: 0, packetsSent: 0 };
  for (const s of all) {
    if (s.type === 'inbound-rtp') out.bytesReceived += num(s.bytesReceived) ?? 0;
    if (s.type === 'outbound-rtp') {
      out.bytesSent += num(s.bytesSent) ?? 0;
      out.packetsSent += num(s.packetsSent) ?? 0;
    }
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      out.audioIn = {
        packetsReceived: num(s.packetsReceived) ?? 0,
        packetsLost: Math.max(0, num(s.packetsLost) ?? 0),
        jitter: num(s.jitter),
        audioLevel: num(s.audioLevel),
        codecId: s.codecId as string | undefined,
      };
      out.codec = codecName(stats, s.codecId);
    }
    if (s.type === 'media-source' && s.kind === 'audio') out.audioOutLevel = num(s.audioLevel);
    if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') {
      out.remoteIn = { roundTripTime: num(s.roundTripTime), fractionLost: num(s.fractionLost), jitter: num(s.jitter) };
    }
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      out.videoIn = { width: num(s.frameWidth), height: num(s.frameHeight), fps: num(s.framesPerSecond) };
      out.videoCodec = codecName(stats, s.codecId) ?? out.videoCodec;
    }
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      out.videoOut = { width: num(s.frameWidth), height: num(s.frameHeight), fps: num(s.framesPerSecond) };
      out.videoCodec ??= codecName(stats, s.codecId);
    }
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      const pair = stats.get(String(s.selectedCandidatePairId));
      const local = pair && stats.get(String(pair.localCandidateId));
      const remote = pair && stats.get(String(pair.remoteCandidateId));
      if (pair) {
        const address = String(local?.address ?? local?.ip ?? '');
        out.pair = {
          localType: local?.candidateType as string | undefined,
          remoteType: remote?.candidateType as string | undefined,
          protocol: local?.protocol as string | undefined,
          relay: local?.candidateType === 'relay' || remote?.candidateType === 'relay',
          family: address ? (address.includes(':') ? 'ipv6' : 'ipv4') : undefined,
          rtt: num(pair.currentRoundTripTime),
          available: num(pair.availableOutgoingBitrate),
        };
      }
    }
  }
  return out;
}

function pairInfo(pair: StatsSnapshot['pair']): CandidatePairInfo | undefined {
  if (!pair) return undefined;
  const { localType, remoteType, protocol, relay, family } = pair;
  return { localType, remoteType, protocol, relay, family };
}

/**
 * Turns two consecutive snapshots into a sample. The first one alone gives rates of 0, and its
 * loss counts from the start of the call (the counters start at 0), so it has a quality level.
 */
export function toSample(previous: StatsSnapshot | undefined, current: StatsSnapshot, connected: boolean): QualitySample {
  const seconds = previous ? Math.max(0.001, (current.timestamp - previous.timestamp) / 1000) : 1;
  const bytesSent = previous ? Math.max(0, current.bytesSent - previous.bytesSent) : 0;
  const bytesReceived = previous ? Math.max(0, current.bytesReceived - previous.bytesReceived) : 0;
  let lossDown: number | undefined;
  if (current.audioIn && (previous?.audioIn || !previous)) {
    const base = previous?.audioIn ?? { packetsReceived: 0, packetsLost: 0 };
    const received = current.audioIn.packetsReceived - base.packetsReceived;
    const lost = current.audioIn.packetsLost - base.packetsLost;
    if (received + lost > 0) lossDown = Math.max(0, lost) / (received + Math.max(0, lost));
  }
  const rttSeconds = current.remoteIn?.roundTripTime ?? current.pair?.rtt;
  const rttMs = rttSeconds === undefined ? undefined : rttSeconds * 1000;
  const jitterDownMs = current.audioIn?.jitter === undefined ? undefined : current.audioIn.jitter * 1000;
  const jitterUpMs = current.remoteIn?.jitter === undefined ? undefined : current.remoteIn.jitter * 1000;
  const lossUp = current.remoteIn?.fractionLost;
  const mosDown = rttMs !== undefined && lossDown !== undefined ? mos({ rttMs, jitterMs: jitterDownMs ?? 0, loss: lossDown }) : undefined;
  const mosUp = rttMs !== undefined && lossUp !== undefined ? mos({ rttMs, jitterMs: jitterUpMs ?? 0, loss: lossUp }) : undefined;
  return {
    timestamp: current.timestamp,
    rttMs,
    jitterDownMs,
    jitterUpMs,
    lossDown,
    lossUp,
    bitrateSend: (bytesSent * 8) / seconds,
    bitrateRecv: (bytesReceived * 8) / seconds,
    bytesSent,
    bytesReceived,
    audioLevelIn: current.audioIn?.audioLevel,
    audioLevelOut: current.audioOutLevel,
    videoIn: current.videoIn,
    videoOut: current.videoOut,
    codec: current.codec,
    videoCodec: current.videoCodec,
    candidatePair: pairInfo(current.pair),
    availableOutgoingBitrate: current.pair?.available,
    mosDown,
    mosUp,
    qualityDown: networkQuality({ connected, loss: lossDown, rttMs, jitterMs: jitterDownMs, mos: mosDown }),
    qualityUp: networkQuality({ connected, loss: lossUp, rttMs, jitterMs: jitterUpMs, mos: mosUp }),
    connected,
  };
}
