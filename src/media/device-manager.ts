import { CallError } from '../base/errors.js';
import { mapMediaError } from './media-errors.js';

import { DEVICE_SLOTS, slotKind } from './device-slots.js';
import type { DeviceKind, DeviceSlot } from './device-slots.js';

export type { DeviceKind, DeviceSlot } from './device-slots.js';
/** One microphone, camera or speaker. `label` is empty until the page has permission. */
export interface MediaDevice {
  deviceId: string;
  groupId: string;
  kind: DeviceKind;
  label: string;
}
/** Whether the page may use the microphone or camera. */
export type PermissionStatus = 'unknown' | 'prompt' | 'granted' | 'denied';

/** Options of a {@link DeviceManager}. */
export interface DeviceManagerOptions {
  /** localStorage key of the remembered choices, or false to remember nothing. */
  storageKey?: string | false;
}

/** Detail of the manager's `devices` event. */
export interface DeviceListChange {
  devices: MediaDevice[];
  /** Devices present before and gone now. */
  removed: MediaDevice[];
}

const DEFAULT_KEY = 'call-elements:devices';

/**
 * Lists microphones, cameras and speakers, follows `devicechange`, and remembers the user's
 * choices per origin (localStorage). It never asks for permission by itself: only
 * {@link requestPermission} does, so call it from a user gesture.
 *
 * Fires `devices` (detail {@link DeviceListChange}) when the list changes and `permission`
 * when the permission state changes.
 */
export class DeviceManager extends EventTarget {
  private devices: MediaDevice[] = [];
  private readonly choices: Partial<Record<DeviceSlot, string>> = {};
  private readonly storageKey: string | false;
  private readonly status = { microphone: 'unknown' as PermissionStatus, camera: 'unknown' as PermissionStatus };
  private watching = false;
  private refreshing?: Promise<void>;
  private readonly onDeviceChange = () => void this.refresh();
  /** Removes the permission `change` listeners {@link watchPermissions} added. */
  private readonly permissionCleanups: (() => void)[] = [];
  /** Counts {@link watch} calls that started watching, so a permission query answered after an unwatch adds nothing. */
  private watchGeneration = 0;

  constructor(options: DeviceManagerOptions = {}) {
    super();
    this.storageKey = options.storageKey ?? DEFAULT_KEY;
    this.load();
  }

  /** Devices of a kind from the last enumeration (empty until {@link refresh} ran). */
  list(kind: DeviceKind): MediaDevice[] {
    return this.devices.filter((d) => d.kind === kind);
  }

  /** Every device from the last enumeration. */
  get all(): MediaDevice[] {
    return [...this.devices];
  }

  /** Permission of microphone and camera, as far as the browser tells. */
  get permission(): { microphone: PermissionStatus; camera: PermissionStatus } {
    return { ...this.status };
  }

  /**
   * The chosen device of a slot ('' = the system default). A remembered choice whose device
   * is not in the current list counts as '' (it is re-validated on every enumeration).
   */
  selected(slot: DeviceSlot): string {
    const id = this.choices[slot] ?? '';
    if (!id) return '';
    const known = this.list(slotKind(slot));
    if (!known.some((d) => d.deviceId)) return id; // not enumerated yet, or ids hidden
    return known.some((d) => d.deviceId === id) ? id : '';
  }

  /** The remembered choice of a slot, even when its device is absent now ('' = none). */
  remembered(slot: DeviceSlot): string {
    return this.choices[slot] ?? '';
  }

  /** Remembers a choice ('' = system default); returns the previous one. */
  choose(slot: DeviceSlot, deviceId: string): string {
    const previous = this.selected(slot);
    if (deviceId) this.choices[slot] = deviceId;
    else delete this.choices[slot];
    this.save();
    return previous;
  }

  /** Starts following `devicechange` and permission changes, and enumerates. Never prompts. */
  watch(): Promise<void> {
    if (!this.watching && typeof navigator !== 'undefined' && navigator.mediaDevices) {
      this.watching = true;
      navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
      void this.watchPermissions(++this.watchGeneration);
    }
    return this.refresh();
  }

  /** Stops following changes (device list and permissions). */
  unwatch(): void {
    if (!this.watching) return;
    this.watching = false;
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    for (const cleanup of this.permissionCleanups.splice(0)) cleanup();
  }

  /** Enumerates devices again (no prompt); fires `devices` when the list changed. */
  refresh(): Promise<void> {
    this.refreshing ??= this.enumerate().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Asks for microphone and/or camera permission (the browser may prompt): opens the devices,
   * then stops them at once. Rejects with a `media/*` {@link CallError}.
   */
  async requestPermission(kinds: { audio?: boolean; video?: boolean } = { audio: true }): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new CallError('media/unsupported', 'This browser cannot capture a microphone or camera (no getUserMedia).');
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: !!kinds.audio, video: !!kinds.video });
    } catch (error) {
      const mapped = mapMediaError(error);
      if (mapped.code === 'media/permission-denied') this.setPermission(kinds, 'denied');
      throw mapped;
    }
    for (const track of stream.getTracks()) track.stop();
    this.setPermission(kinds, 'granted');
    await this.refresh();
  }

  /** @internal Notes what a capture elsewhere revealed about permission. */
  notePermission(kinds: { audio?: boolean; video?: boolean }, status: PermissionStatus): void {
    this.setPermission(kinds, status);
  }

  private async enumerate(): Promise<void> {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) return;
    let found: MediaDeviceInfo[];
    try {
      found = await navigator.mediaDevices.enumerateDevices();
    } catch {
      return;
    }
    const next = found
      .filter((d) => d.kind === 'audioinput' || d.kind === 'videoinput' || d.kind === 'audiooutput')
      .map((d) => ({ deviceId: d.deviceId, groupId: d.groupId, kind: d.kind as DeviceKind, label: d.label }));
    const key = (d: MediaDevice) => `${d.kind}|${d.deviceId}|${d.label}`;
    const before = new Set(this.devices.map(key));
    const changed = next.length !== this.devices.length || next.some((d) => !before.has(key(d)));
    if (!changed) return;
    const nextIds = new Set(next.map((d) => `${d.kind}|${d.deviceId}`));
    const removed = this.devices.filter((d) => d.deviceId && !nextIds.has(`${d.kind}|${d.deviceId}`));
    this.devices = next;
    if (next.some((d) => d.kind === 'audioinput' && d.label)) this.setPermission({ audio: true }, 'granted');
    if (next.some((d) => d.kind === 'videoinput' && d.label)) this.setPermission({ video: true }, 'granted');
    this.dispatchEvent(new CustomEvent<DeviceListChange>('devices', { detail: { devices: this.all, removed } }));
  }

  private async watchPermissions(generation: number): Promise<void> {
    const query = navigator.permissions?.query?.bind(navigator.permissions);
    if (!query) return;
    for (const [name, kinds] of [
      ['microphone', { audio: true }],
      ['camera', { video: true }],
    ] as const) {
      try {
        const status = await query({ name: name as PermissionName });
        // Unwatched (and maybe watched again) while the browser answered: this round follows nothing.
        if (!this.watching || generation !== this.watchGeneration) return;
        const apply = () => this.setPermission(kinds, status.state as PermissionStatus);
        apply();
        const onChange = () => {
          apply();
          void this.refresh();
        };
        status.addEventListener('change', onChange);
        this.permissionCleanups.push(() => status.removeEventListener('change', onChange));
      } catch {
        /* this browser cannot query that permission: stays 'unknown' until a capture tells */
      }
    }
  }

  private setPermission(kinds: { audio?: boolean; video?: boolean }, status: PermissionStatus): void {
    let changed = false;
    if (kinds.audio && this.status.microphone !== status) {
      this.status.microphone = status;
      changed = true;
    }
    if (kinds.video && this.status.camera !== status) {
      this.status.camera = status;
      changed = true;
    }
    if (changed) this.dispatchEvent(new CustomEvent('permission', { detail: this.permission }));
  }

  private load(): void {
    if (!this.storageKey) return;
    try {
      const saved = JSON.parse(globalThis.localStorage?.getItem(this.storageKey) ?? '{}') as Record<string, unknown>;
      for (const slot of DEVICE_SLOTS) if (typeof saved[slot] === 'string' && saved[slot]) this.choices[slot] = saved[slot] as string;
    } catch {
      /* storage blocked or corrupt: start with defaults */
    }
  }

  private save(): void {
    if (!this.storageKey) return;
    try {
      globalThis.localStorage?.setItem(this.storageKey, JSON.stringify(this.choices));
    } catch {
      /* storage blocked (private mode, quota): the choice lasts for this page only */
    }
  }
}
