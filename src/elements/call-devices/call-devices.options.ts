import { DEVICE_SLOTS } from '../../media/device-slots.js';
import type { DeviceSlot, MediaDevice, PermissionStatus } from '../../media/device-manager.js';

/** The pickers shown when `kinds` is not set. */
export const DEFAULT_KINDS = 'audioinput videoinput audiooutput';

/**
 * Parses a `kinds` attribute ("audioinput audiooutput"): the known slots it names, in display
 * order. Unknown words are passed to `warn`; an empty or unknown-only value means the default.
 */
export function parseKinds(value: string | null | undefined, warn: (word: string) => void): DeviceSlot[] {
  const words = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const word of words) if (!DEVICE_SLOTS.includes(word as DeviceSlot)) warn(word);
  const chosen = DEVICE_SLOTS.filter((slot) => words.includes(slot));
  return chosen.length ? chosen : parseKinds(DEFAULT_KINDS, warn);
}

/** One `<option>`. */
export interface DeviceOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Browser pseudo-devices that stand for another entry of the list. */
const ALIASES = new Set(['default', 'communications']);

/**
 * The options of a picker: the system default ('' – labelled with the browser's "default"
 * entry when it has one) and each device by name. Before permission the browser hides names
 * (and often ids): those devices are numbered ("Microphone 1") instead.
 */
export function optionsFor(
  devices: readonly MediaDevice[],
  text: { default: string; none: string; numbered: (n: number) => string },
): DeviceOption[] {
  if (!devices.length) return [{ value: '', label: text.none }];
  if (!devices.some((d) => d.label)) {
    const visible = devices.filter((d) => d.deviceId !== 'communications');
    return visible.map((d, i) => {
      const value = i === 0 ? '' : d.deviceId && !ALIASES.has(d.deviceId) ? d.deviceId : `#${i}`;
      return { value, label: text.numbered(i + 1), disabled: value.startsWith('#') };
    });
  }
  const fallback = devices.find((d) => d.deviceId === 'default');
  const real = devices.filter((d) => d.deviceId && !ALIASES.has(d.deviceId));
  return [
    { value: '', label: fallback?.label || text.default },
    ...real.map((d, i) => ({ value: d.deviceId, label: d.label || text.numbered(i + 1) })),
  ];
}

/** The value a picker shows for a chosen id: the id when it is an option, else the default. */
export function shownValue(options: readonly DeviceOption[], chosen: string): string {
  return options.some((o) => o.value === chosen && !o.disabled) ? chosen : (options[0]?.value ?? '');
}

/** Which permissions the shown pickers need (speaker names need the microphone permission). */
export function needed(slots: readonly DeviceSlot[]): { audio: boolean; video: boolean } {
  return {
    audio: slots.some((s) => s !== 'videoinput'),
    video: slots.includes('videoinput'),
  };
}

/** One permission state for the shown pickers: denied if any is, granted if all are. */
export function permissionOf(
  status: { microphone: PermissionStatus; camera: PermissionStatus },
  slots: readonly DeviceSlot[],
): PermissionStatus {
  const need = needed(slots);
  const states = [need.audio ? status.microphone : undefined, need.video ? status.camera : undefined].filter(
    (s): s is PermissionStatus => s !== undefined,
  );
  if (states.includes('denied')) return 'denied';
  if (states.every((s) => s === 'granted')) return 'granted';
  if (states.includes('prompt')) return 'prompt';
  return 'unknown';
}
