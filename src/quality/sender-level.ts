import { retainAudioContext } from '../media/audio-context.js';

/** A peer connection's audio senders, where the stats source has them. */
export interface SenderSource {
  getSenders?(): RTCRtpSender[];
}

/**
 * The level of what we send, measured on the sent audio track with Web Audio, for engines whose
 * stats report has no `media-source` `audioLevel` (Firefox up to at least 153). Same scale as
 * that field: the peak absolute sample, linear, 0 (silence) to 1 (full scale); 0 while the track
 * is disabled (muted). Opened on first {@link read}, so Chromium (which reports the field) never
 * builds the nodes; follows a replaced track (device switch); {@link close} frees everything.
 */
export class SenderLevel {
  #nodes?: { track: MediaStreamTrack; source: MediaStreamAudioSourceNode; analyser: AnalyserNode; buffer: Float32Array<ArrayBuffer>; release: () => void };

  constructor(private readonly connection: () => SenderSource | undefined) {}

  /** The current level, or undefined when nothing is sent or Web Audio is missing. */
  read(): number | undefined {
    const track = this.connection()
      ?.getSenders?.()
      .find((s) => s.track?.kind === 'audio' && s.track.readyState === 'live')?.track;
    if (!track) {
      this.close();
      return undefined;
    }
    if (this.#nodes?.track !== track) this.#open(track);
    const nodes = this.#nodes;
    if (!nodes) return undefined;
    if (!track.enabled) return 0;
    nodes.analyser.getFloatTimeDomainData(nodes.buffer);
    let peak = 0;
    for (const v of nodes.buffer) peak = Math.max(peak, Math.abs(v));
    return Math.min(1, peak);
  }

  /** Frees the audio nodes (the track is not stopped). */
  close(): void {
    if (!this.#nodes) return;
    this.#nodes.source.disconnect();
    this.#nodes.release();
    this.#nodes = undefined;
  }

  #open(track: MediaStreamTrack): void {
    this.close();
    const retained = retainAudioContext();
    if (!retained) return;
    const { context, release } = retained;
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    this.#nodes = { track, source, analyser, buffer: new Float32Array(analyser.fftSize), release };
  }
}
