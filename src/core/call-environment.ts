import type { Call } from './call.js';
import type { CaptureOptions } from './call-media.js';
import type { EmitFn } from './events.js';
import type { AudioOutput } from '../media/audio-output.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';
import type { QualityOptions } from '../quality/call-quality.js';

/** What a call borrows from its controller. */
export interface CallEnvironment {
  emit: EmitFn;
  media: LocalMedia;
  audio: AudioOutput;
  tones: Tones;
  /** Captures with the chosen devices (and falls back to the default when one is gone). */
  capture(options: CaptureOptions): Promise<MediaStream>;
  /** Called once when the call has ended, so the controller can forget it. */
  onEnded(call: Call): void;
  /** Called before a call becomes active, so the controller can hold the others. */
  onActivating(call: Call): Promise<void>;
  /** Quality monitoring settings, or false for none. */
  quality: QualityOptions | false;
}
