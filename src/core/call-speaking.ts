/**
 * Audio level and speaking of one call's participants: our microphone (`local`) and each remote
 * audio track, measured by {@link LevelMeter} and debounced by {@link SpeakingDetector}.
 * @module
 */
import { LevelMeter } from '../media/level-meter.js';
import { SpeakingDetector } from '../media/speaking.js';
import type { SpeakingOptions } from '../media/speaking.js';

/** Who is measured: `local` for us, else the remote participant's id. */
export type ParticipantId = string;

interface Watched {
  track: MediaStreamTrack;
  meter: LevelMeter;
  detector: SpeakingDetector;
  unsubscribe: () => void;
}

/** Measures level and speaking per participant of one call and reports speaking changes. */
export class CallSpeaking {
  readonly #watched = new Map<ParticipantId, Watched>();
  readonly #onChange: (participant: ParticipantId, speaking: boolean) => void;
  readonly #options: SpeakingOptions;

  constructor(onChange: (participant: ParticipantId, speaking: boolean) => void, options: SpeakingOptions = {}) {
    this.#onChange = onChange;
    this.#options = options;
  }

  /** Measures `track` for `participant` (replacing what was measured for it); undefined stops. */
  watch(participant: ParticipantId, track: MediaStreamTrack | undefined): void {
    const current = this.#watched.get(participant);
    if (current?.track === track) return;
    if (current) this.#unwatch(participant, current);
    if (!track || track.readyState === 'ended') return;
    const meter = new LevelMeter(track);
    const detector = new SpeakingDetector(this.#options);
    const watched: Watched = { track, meter, detector, unsubscribe: () => undefined };
    watched.unsubscribe = meter.subscribe((level) => {
      if (detector.update(level, performance.now())) this.#onChange(participant, detector.speaking);
    });
    this.#watched.set(participant, watched);
  }

  /** The latest level (0–1) of a participant, 0 when not measured. */
  level(participant: ParticipantId): number {
    return this.#watched.get(participant)?.meter.level ?? 0;
  }

  /** Whether a participant speaks now. */
  speaking(participant: ParticipantId): boolean {
    return this.#watched.get(participant)?.detector.speaking ?? false;
  }

  /** Stops every measurement (a participant still speaking is reported as stopped). */
  stop(): void {
    for (const [participant, watched] of [...this.#watched]) this.#unwatch(participant, watched);
  }

  #unwatch(participant: ParticipantId, watched: Watched): void {
    watched.unsubscribe();
    watched.meter.dispose();
    this.#watched.delete(participant);
    if (watched.detector.reset()) this.#onChange(participant, false);
  }
}
