import { retainAudioContext } from './audio-context.js';

/** Options of a {@link LevelMeter}. */
export interface LevelMeterOptions {
  /** Level (0–1) from which `speaking` is true. Default 0.25 (about −45 dBFS). */
  threshold?: number;
  /** Updates per second while subscribed. Default 15. */
  rate?: number;
}

/** Level below which a signal counts as silence: −60 dBFS maps to 0, 0 dBFS to 1. */
const FLOOR_DB = -60;
/** How much of the previous level remains per update, so the bar falls smoothly. */
const DECAY = 0.8;

/** Maps an RMS amplitude (0–1) to a display level 0–1 on a dB scale. */
export function levelOfRms(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

/**
 * The analyser window (a power of two, 1024–32768 samples) that covers the time between two
 * updates, so every sample is measured and a short sound between updates is not missed.
 */
export function analysisWindow(sampleRate: number, rate: number): number {
  const needed = sampleRate / rate;
  let size = 1024;
  while (size < needed && size < 32768) size *= 2;
  return size;
}

/**
 * Audio level 0–1 and `speaking` of a local or remote audio track, measured with an
 * AnalyserNode on the page's one shared AudioContext. Web Audio nodes exist only while
 * something is subscribed; with no subscriber the meter costs nothing and the shared context
 * may suspend.
 */
export class LevelMeter {
  private readonly listeners = new Set<(level: number, speaking: boolean) => void>();
  private readonly threshold: number;
  private readonly rate: number;
  private readonly stream: MediaStream;
  private nodes?: { source: MediaStreamAudioSourceNode; analyser: AnalyserNode; buffer: Float32Array<ArrayBuffer>; release: () => void };
  private timer?: ReturnType<typeof setInterval>;
  private _level = 0;
  private disposed = false;

  constructor(source: MediaStreamTrack | MediaStream, options: LevelMeterOptions = {}) {
    this.stream = source instanceof MediaStream ? source : new MediaStream([source]);
    this.threshold = options.threshold ?? 0.25;
    this.rate = options.rate ?? 15;
  }

  /** The latest level, 0 (silence) to 1 (full scale). */
  get level(): number {
    return this._level;
  }

  /** Whether the level is at or above the threshold. */
  get speaking(): boolean {
    return this._level >= this.threshold;
  }

  /** Calls `listener` on every update until the returned function is called. */
  subscribe(listener: (level: number, speaking: boolean) => void): () => void {
    if (this.disposed) return () => undefined;
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Stops measuring and frees the audio nodes (the track itself is not stopped). */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.close();
  }

  private open(): void {
    if (!this.stream.getAudioTracks().length) return;
    const retained = retainAudioContext();
    if (!retained) return;
    const { context, release } = retained;
    const source = context.createMediaStreamSource(this.stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = analysisWindow(context.sampleRate, this.rate);
    source.connect(analyser);
    this.nodes = { source, analyser, buffer: new Float32Array(analyser.fftSize), release };
    this.timer = setInterval(() => this.update(), 1000 / this.rate);
  }

  private close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.nodes) return;
    this.nodes.source.disconnect();
    this.nodes.analyser.disconnect();
    this.nodes.release();
    this.nodes = undefined;
    this._level = 0;
  }

  private update(): void {
    const nodes = this.nodes;
    if (!nodes) return;
    nodes.analyser.getFloatTimeDomainData(nodes.buffer);
    let sum = 0;
    for (const v of nodes.buffer) sum += v * v;
    const measured = levelOfRms(Math.sqrt(sum / nodes.buffer.length));
    this._level = Math.max(measured, this._level * DECAY < 0.01 ? 0 : this._level * DECAY);
    for (const listener of [...this.listeners]) listener(this._level, this.speaking);
  }
}
