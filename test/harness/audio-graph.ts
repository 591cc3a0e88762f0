/** One oscillator of the page's Web Audio graph, as the watcher saw it. */
export interface WatchedOscillator {
  node: OscillatorNode;
  /** Frequencies it was given (the initial value and every `setValueAtTime`). */
  frequencies: number[];
  startedAt: number;
  /** When its `ended` event fired (it really stopped sounding). */
  endedAt?: number;
}

/** What {@link watchOscillators} gives. */
export interface OscillatorWatch {
  all: WatchedOscillator[];
  /** Oscillators started and not yet ended. */
  live(): WatchedOscillator[];
  /** The sorted distinct frequencies of the live oscillators, e.g. `[440, 480]`. */
  liveFrequencies(): number[];
  restore(): void;
}

/**
 * Watches every OscillatorNode the page starts (the tones are oscillators on the shared
 * AudioContext): which are sounding now and at which frequencies. Wraps `start` and
 * `AudioParam.setValueAtTime` on the prototypes until {@link OscillatorWatch.restore}.
 */
export function watchOscillators(): OscillatorWatch {
  const all: WatchedOscillator[] = [];
  const byParam = new WeakMap<AudioParam, WatchedOscillator>();
  const start = OscillatorNode.prototype.start;
  const setValueAtTime = AudioParam.prototype.setValueAtTime;
  OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
    const watched: WatchedOscillator = { node: this, frequencies: [this.frequency.value], startedAt: Date.now() };
    all.push(watched);
    byParam.set(this.frequency, watched);
    this.addEventListener('ended', () => (watched.endedAt = Date.now()));
    return start.call(this, when);
  };
  AudioParam.prototype.setValueAtTime = function (this: AudioParam, value: number, time: number) {
    byParam.get(this)?.frequencies.push(value);
    return setValueAtTime.call(this, value, time);
  };
  const live = () => all.filter((o) => o.endedAt === undefined);
  return {
    all,
    live,
    liveFrequencies: () => [...new Set(live().map((o) => o.node.frequency.value))].sort((a, b) => a - b),
    restore() {
      OscillatorNode.prototype.start = start;
      AudioParam.prototype.setValueAtTime = setValueAtTime;
    },
  };
}
