/**
 * What a peer connection looks like as it crosses tabs: its state, copied after every change
 * and every request, so that the proxy in the leading tab answers property reads at once, the
 * way code written for a real `RTCPeerConnection` (JsSIP's) expects.
 * @module
 */

/** A transceiver as far as the signalling tab reads it (which kinds the call carries). */
export interface WireTransceiver {
  mid: string | null;
  direction: RTCRtpTransceiverDirection;
  stopped: boolean;
  kind: string;
  sending: boolean;
}

/** A peer connection's state, as of one moment. */
export interface PeerState {
  signalingState: RTCSignalingState;
  iceGatheringState: RTCIceGatheringState;
  iceConnectionState: RTCIceConnectionState;
  connectionState: RTCPeerConnectionState;
  localDescription: RTCSessionDescriptionInit | null;
  remoteDescription: RTCSessionDescriptionInit | null;
  transceivers: WireTransceiver[];
}

/** An ICE candidate as it crosses tabs (the fields our gathering policy reads, and the rest of its JSON). */
export interface WireCandidate extends RTCIceCandidateInit {
  type: string | null;
  address: string | null;
  protocol: string | null;
  url: string | null;
}

/** The state of `pc` now. */
export function peerState(pc: RTCPeerConnection): PeerState {
  const description = (d: RTCSessionDescription | null) => (d ? { type: d.type, sdp: d.sdp } : null);
  return {
    signalingState: pc.signalingState,
    iceGatheringState: pc.iceGatheringState,
    iceConnectionState: pc.iceConnectionState,
    connectionState: pc.connectionState,
    localDescription: description(pc.localDescription),
    remoteDescription: description(pc.remoteDescription),
    transceivers: pc.getTransceivers().map((t) => ({
      mid: t.mid,
      direction: t.direction,
      stopped: (t as { stopped?: boolean }).stopped === true || t.direction === 'stopped',
      kind: t.receiver.track.kind,
      sending: !!t.sender.track,
    })),
  };
}

/** `candidate` for the wire (null: gathering is done). */
export function wireCandidate(candidate: RTCIceCandidate | null, url?: string | null): WireCandidate | null {
  if (!candidate) return null;
  return {
    ...candidate.toJSON(),
    type: candidate.type ?? null,
    address: candidate.address ?? null,
    protocol: candidate.protocol ?? null,
    url: (candidate as RTCIceCandidate & { url?: string | null }).url ?? url ?? null,
  };
}
