/** Whether an SDP offers a video stream that is not disabled (port 0). */
export function sdpOffersVideo(sdp: string | undefined): boolean {
  return /^m=video [1-9]/m.test(sdp ?? '');
}

/**
 * Whether the author of an SDP sends video: a video section with a non-zero port whose
 * direction (its own, else the session's, else sendrecv) is sendrecv or sendonly.
 */
export function sdpSendsVideo(sdp: string | undefined): boolean {
  const text = (sdp ?? '').replace(/\r\n/g, '\n');
  const sections = text.split(/^(?=m=)/m);
  const sessionDirection = /^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(sections[0] ?? '')?.[1];
  return sections.slice(1).some((section) => {
    if (!/^m=video [1-9]/.test(section)) return false;
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)$/m.exec(section)?.[1] ?? sessionDirection ?? 'sendrecv';
    return direction === 'sendrecv' || direction === 'sendonly';
  });
}
