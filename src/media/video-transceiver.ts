/**
 * Adding video to a call's peer connection or taking it out, before the renegotiation that
 * tells the far end: the same steps wherever the real peer connection is (a SIP session's own,
 * or the one in the tab that holds a call's media when a phone is shared across tabs).
 * @module
 */

/** The live transceiver of `pc` carrying `kind` (found by its receiver, which never changes kind). */
export function liveTransceiver(pc: RTCPeerConnection | undefined, kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
  return pc?.getTransceivers().find((t) => t.receiver.track.kind === kind && !(t as { stopped?: boolean }).stopped && t.direction !== 'stopped');
}

/**
 * Sends `track` as the call's video (reusing a video transceiver, or adding one in `stream`),
 * or with `null` stops sending and receiving video. Returns the function that undoes it (for a
 * renegotiation the far end refuses), or undefined when there was nothing to change.
 */
export async function changeVideo(pc: RTCPeerConnection, track: MediaStreamTrack | null, stream: MediaStream): Promise<(() => void) | undefined> {
  const existing = liveTransceiver(pc, 'video');
  if (track && existing) {
    const previous = existing.sender.track;
    const direction = existing.direction;
    await existing.sender.replaceTrack(track);
    existing.direction = 'sendrecv';
    return () => {
      existing.direction = direction;
      void existing.sender.replaceTrack(previous).catch(() => undefined);
    };
  }
  if (track) {
    const added = pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
    return () => added.stop();
  }
  if (!existing) return undefined;
  await existing.sender.replaceTrack(null);
  existing.stop();
  return () => undefined;
}
