/**
 * The device slots a controller remembers a choice for, on their own so that an element can
 * name them without loading the device manager.
 * @module
 */

/** The three kinds of media device a page can choose. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';
/** A device choice: the three kinds plus a separate output for the ringtone. */
export type DeviceSlot = DeviceKind | 'ringtone';

/** Every device slot, in display order. */
export const DEVICE_SLOTS: readonly DeviceSlot[] = ['audioinput', 'videoinput', 'audiooutput', 'ringtone'];

/** The kind of device a slot holds (the ringtone plays on a speaker). */
export const slotKind = (slot: DeviceSlot): DeviceKind => (slot === 'ringtone' ? 'audiooutput' : slot);
