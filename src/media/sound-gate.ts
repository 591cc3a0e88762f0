import { AudioOutput } from './audio-output.js';
import { Tones } from './tones.js';

/**
 * Owns the two things that make sound — call audio players and tones — and tells when the
 * browser's autoplay policy holds them back (`call-sound-blocked`) and when they play again
 * (`call-sound-unblocked`, after {@link resume} ran in a user gesture).
 */
export class SoundGate {
  readonly audioOutput = new AudioOutput(() => this.wasBlocked('audio'));
  readonly tones = new Tones(
    () => this.wasBlocked('tones'),
    () => this.wasUnblocked(),
  );

  /** `report` hears what became blocked (`call-sound-blocked`) and when sound plays again (`undefined`: `call-sound-unblocked`). */
  constructor(private readonly report: (blocked: { what: 'tones' | 'audio' } | undefined) => void) {}

  /** Whether tones or call audio are held back. */
  get blocked(): boolean {
    return this.tones.blocked || this.audioOutput.blocked;
  }

  /** Retries what was held back; call it from a user gesture. */
  resume(): void {
    const was = this.blocked;
    this.audioOutput.resume();
    void this.tones.resume().then(() => {
      if (was && !this.blocked) this.wasUnblocked();
    });
  }

  private wasBlocked(what: 'tones' | 'audio'): void {
    console.warn('[call-elements] The browser blocked sound until the user interacts with the page: call controller.resumeAudio() from a click.');
    this.report({ what });
  }

  private wasUnblocked(): void {
    if (!this.blocked) this.report(undefined);
  }
}
