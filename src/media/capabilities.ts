/** What this browser can do for calls. */
export interface Capabilities {
  /** RTCPeerConnection exists. */
  webrtc: boolean;
  /** Microphone and camera capture. */
  getUserMedia: boolean;
  /** Screen, window or tab capture. */
  getDisplayMedia: boolean;
  /** Choosing the speaker (Audio Output Devices API). */
  setSinkId: boolean;
  /** Can encode H.264 video (some SIP endpoints need it). */
  h264: boolean;
  /** The page is a secure context (https or localhost): capture needs it. */
  secureContext: boolean;
}

/** Detects what this browser can do for calls. Cheap and synchronous; never prompts. */
export function detectCapabilities(): Capabilities {
  const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  const webrtc = typeof RTCPeerConnection !== 'undefined';
  let h264 = false;
  try {
    h264 = !!globalThis.RTCRtpSender?.getCapabilities?.('video')?.codecs.some((c) => c.mimeType.toLowerCase() === 'video/h264');
  } catch {
    h264 = false;
  }
  return {
    webrtc,
    getUserMedia: typeof media?.getUserMedia === 'function',
    getDisplayMedia: typeof media?.getDisplayMedia === 'function',
    setSinkId: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
    h264,
    secureContext: typeof window === 'undefined' ? true : window.isSecureContext !== false,
  };
}
