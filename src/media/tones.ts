import { sharedAudioContext } from './audio-context.js';

/** Tones the phone plays. */
export type ToneName = 'ringtone' | 'ringback' | 'busy';

interface TonePattern {
  frequencies: number[];
  /** Alternating on/off durations in ms. */
  cadence: number[];
  gain: number;
}

/** Cadences after common telephony practice (ITU-T E.180 style), synthesised, no assets. */
const PATTERNS: Record<ToneName, TonePattern> = {
  ringtone: { frequencies: [440, 480], cadence: [1000, 2000], gain: 0.12 },
  ringback: { frequencies: [440, 480], cadence: [1000, 3000], gain: 0.06 },
  busy: { frequencies: [480, 620], cadence: [500, 500], gain: 0.06 },
};

const DTMF_FREQUENCIES: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

/**
 * Plays call-progress tones with Web Audio on the shared AudioContext. One tone at a time;
 * DTMF feedback mixes over it.
 */
export class Tones {
  private current?: { name: ToneName; stop: () => void };
  /** Set when the browser refused to start audio (autoplay policy). */
  blocked = false;

  /** The tone playing now, if any. */
  get playing(): ToneName | undefined {
    return this.current?.name;
  }

  /** Starts a repeating tone (replacing any other). `maxMs` stops it by itself. */
  start(name: ToneName, maxMs = 60_000): void {
    if (this.current?.name === name) return;
    this.stop();
    const ctx = sharedAudioContext();
    if (!ctx) return;
    void ctx.resume().catch(() => undefined);
    this.blocked = ctx.state !== 'running';
    const pattern = PATTERNS[name];
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = pattern.frequencies.map((frequency) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    const [on, off] = pattern.cadence;
    const period = (on + off) / 1000;
    const start = ctx.currentTime + 0.02;
    const cycles = Math.ceil(maxMs / (on + off));
    for (let i = 0; i < cycles; i++) {
      const t = start + i * period;
      gain.gain.setValueAtTime(pattern.gain, t);
      gain.gain.setValueAtTime(0, t + on / 1000);
    }
    const timer = setTimeout(() => this.stop(), maxMs);
    this.current = {
      name,
      stop: () => {
        clearTimeout(timer);
        for (const osc of oscillators) {
          osc.stop();
          osc.disconnect();
        }
        gain.disconnect();
      },
    };
  }

  /** Stops the repeating tone. */
  stop(): void {
    this.current?.stop();
    this.current = undefined;
  }

  /** Plays short feedback for DTMF digits (`,` is a pause). */
  dtmf(tones: string): void {
    const ctx = sharedAudioContext();
    if (!ctx) return;
    let t = ctx.currentTime + 0.01;
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = [ctx.createOscillator(), ctx.createOscillator()];
    for (const osc of oscillators) {
      osc.connect(gain);
      osc.start(t);
    }
    for (const tone of tones) {
      const pair = DTMF_FREQUENCIES[tone];
      if (pair) {
        oscillators.forEach((osc, i) => osc.frequency.setValueAtTime(pair[i], t));
        gain.gain.setValueAtTime(0.05, t);
        gain.gain.setValueAtTime(0, t + 0.1);
      }
      t += tone === ',' ? 2 : 0.17;
    }
    for (const osc of oscillators) osc.stop(t);
    oscillators[0].onended = () => gain.disconnect();
  }
}
