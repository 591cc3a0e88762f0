import type { CallControllerOptions } from './config.js';
import type { CameraSettings } from './controller-media.js';
import type { QualityOptions } from '../quality/call-quality.js';

/** Options of one outgoing call. */
export interface DialOptions {
  /** Send video too (default: the controller's `video` option). */
  video?: boolean;
  /** Extra SIP headers for this INVITE, e.g. `['X-Data: 42']`. */
  extraHeaders?: string[];
}

/** Controller options plus the defaults that are not provider settings. */
export interface ControllerSettings extends CallControllerOptions {
  /** Dial with video by default. */
  video?: boolean;
  /** Answer incoming calls by themselves (when no other call is up). */
  autoAnswer?: boolean;
  /** Play ringtone, ringback and busy tones (default true). */
  tones?: boolean;
  /** Call-quality monitoring (stats interval, report interval, warning thresholds), or false. */
  quality?: QualityOptions | false;
  /** Ideal camera resolution and frame rate (default 1280×720 at 30 fps). */
  camera?: CameraSettings;
  /** Stop every track we captured when the page is hidden for good (pagehide). Default true. */
  releaseOnPageHide?: boolean;
}

/** Settings that only change behaviour, never the connection. */
export const LOCAL_SETTINGS = new Set<keyof ControllerSettings>(['video', 'autoAnswer', 'tones', 'quality', 'camera', 'releaseOnPageHide']);

