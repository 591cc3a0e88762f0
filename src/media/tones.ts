import { retainAudioContext } from './audio-context.js';
import { outputNode } from './sink-bridge.js';

/** Tones the phone plays. */
export type ToneName = 'ringtone' | 'ringback' | 'busy' | 'waiting';

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
  // Call waiting: two short beeps every few seconds, quiet, over the call's audio.
  waiting: { frequencies: [440], cadence: [200, 200, 200, 6000], gain: 0.04 },
};

/** The test beep lasts 0.6 s; a context that never ends it (suspended) releases it after this. */
const TEST_TONE_LIMIT_MS = 1500;

const DTMF_FREQUENCIES: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

/** AudioContext with the Audio Output Devices API (Chrome 110+). */
type SinkContext = AudioContext & { setSinkId?: (id: string) => Promise<void>; sinkId?: string | object };

/** Where tones play: the ringtone may go to its own device, the rest to the speaker. */
export interface ToneSinks {
  speaker: string;
  ringtone: string;
}

/**
 * Plays call-progress tones with Web Audio on the shared AudioContext, on the chosen device
 * (the ringtone on its own device when one is chosen): the context's own setSinkId where it has
 * one (Chromium), else through an `<audio>` element on that device (sink-bridge.ts: Firefox). One tone at a time; DTMF feedback
 * mixes over it. When the browser keeps audio suspended (autoplay policy), `onBlocked` runs
 * once; {@link resume} from a user gesture unblocks.
 */
export class Tones {
  private current?: { name: ToneName; stop: () => void };
  /** Set when the browser refused to start audio (autoplay policy). */
  blocked = false;
  /** Output devices ('' = default). */
  sinks: ToneSinks = { speaker: '', ringtone: '' };

  constructor(
    private readonly onBlocked: () => void = () => undefined,
    private readonly onUnblocked: () => void = () => undefined,
  ) {}

  /** The tone playing now, if any. */
  get playing(): ToneName | undefined {
    return this.current?.name;
  }

  /** Resumes audio the browser blocked; call it from a user gesture. */
  async resume(): Promise<void> {
    const retained = retainAudioContext();
    if (!retained) return;
    try {
      await retained.context.resume();
    } catch {
      /* still blocked */
    }
    if (retained.context.state === 'running') this.setBlocked(false);
    if (!this.current) retained.release();
    else this.current = { ...this.current, stop: chain(this.current.stop, retained.release) };
  }

  /** Starts a repeating tone (replacing any other). `maxMs` stops it by itself. */
  start(name: ToneName, maxMs = 60_000): void {
    if (this.current?.name === name) return;
    this.stop();
    const retained = retainAudioContext();
    if (!retained) return;
    const ctx = retained.context;
    const sink = name === 'ringtone' ? this.sinks.ringtone || this.sinks.speaker : this.sinks.speaker;
    this.route(ctx, sink);
    this.watchBlocked(ctx);
    const pattern = PATTERNS[name];
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(outputNode(ctx, sink));
    const oscillators = pattern.frequencies.map((frequency) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    // The cadence alternates on and off durations; it repeats until maxMs.
    const periodMs = pattern.cadence.reduce((sum, ms) => sum + ms, 0);
    const start = ctx.currentTime + 0.02;
    const cycles = Math.ceil(maxMs / periodMs);
    for (let i = 0; i < cycles; i++) {
      let t = start + (i * periodMs) / 1000;
      pattern.cadence.forEach((ms, step) => {
        gain.gain.setValueAtTime(step % 2 === 0 ? pattern.gain : 0, t);
        t += ms / 1000;
      });
      gain.gain.setValueAtTime(0, t);
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
        retained.release();
      },
    };
  }

  /** Plays a short test beep on the speaker; resolves when it has played. */
  async test(): Promise<void> {
    const retained = retainAudioContext();
    if (!retained) return;
    const ctx = retained.context;
    await this.route(ctx, this.sinks.speaker);
    this.watchBlocked(ctx);
    const gain = ctx.createGain();
    const osc = ctx.createOscillator();
    osc.frequency.value = 660;
    gain.gain.value = 0.1;
    osc.connect(gain).connect(outputNode(ctx, this.sinks.speaker));
    const t = ctx.currentTime + 0.02;
    osc.start(t);
    osc.stop(t + 0.6);
    await new Promise<void>((resolve) => {
      osc.onended = () => resolve();
      setTimeout(resolve, TEST_TONE_LIMIT_MS);
    });
    osc.disconnect();
    gain.disconnect();
    retained.release();
  }

  /** The device the shared context plays to now ('' = default). */
  static currentSink(ctx: AudioContext): string {
    const sink = (ctx as SinkContext).sinkId;
    return typeof sink === 'string' ? sink : '';
  }

  private route(ctx: SinkContext, sinkId: string): Promise<void> {
    if (!ctx.setSinkId || Tones.currentSink(ctx) === sinkId) return Promise.resolve();
    return ctx.setSinkId(sinkId).catch(() => undefined);
  }

  private watchBlocked(ctx: AudioContext): void {
    if (ctx.state === 'running') {
      this.setBlocked(false);
      return;
    }
    void ctx.resume().then(
      () => this.setBlocked(false),
      () => undefined,
    );
    // Chrome leaves a context created without a user gesture suspended and its resume pending.
    setTimeout(() => {
      if (ctx.state !== 'running') this.setBlocked(true);
    }, 100);
  }

  private setBlocked(blocked: boolean): void {
    if (this.blocked === blocked) return;
    this.blocked = blocked;
    if (blocked) this.onBlocked();
    else this.onUnblocked();
  }

  /** Stops the repeating tone. */
  stop(): void {
    this.current?.stop();
    this.current = undefined;
  }

  /** Plays short feedback for DTMF digits (`,` is a pause). */
  dtmf(tones: string): void {
    const retained = retainAudioContext();
    if (!retained) return;
    const ctx = retained.context;
    let t = ctx.currentTime + 0.01;
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(outputNode(ctx, this.sinks.speaker));
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
    oscillators[0].onended = () => {
      gain.disconnect();
      retained.release();
    };
  }
}

function chain(a: () => void, b: () => void): () => void {
  return () => {
    a();
    b();
  };
}

/** Tones that play nothing (the `tones: false` setting). */
export const silentTones: Tones = Object.assign(Object.create(Tones.prototype) as Tones, {
  start() {},
  stop() {},
  dtmf() {},
});
