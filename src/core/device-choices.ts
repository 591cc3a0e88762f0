/**
 * A controller's device choices put to work: capture with the chosen microphone and camera,
 * live switching in every call, the speaker and ringtone outputs, and the fall-back to the
 * default when a chosen device is unplugged.
 * @module
 */
import type { Call } from './call.js';
import type { CaptureOptions } from './call-media.js';
import { CallError } from '../base/errors.js';
import { shownText } from './shown.js';
import type { EmitFn } from './events.js';
import type { AudioOutput } from '../media/audio-output.js';
import { cameraConstraints, microphoneConstraints } from '../media/constraints.js';
import type { CameraSettings } from '../media/constraints.js';
import { DEVICE_SLOTS, slotKind } from '../media/device-slots.js';
import type { DeviceKind, DeviceListChange, DeviceManager, DeviceSlot, MediaDevice } from '../media/device-manager.js';
import type { MediaKind } from './types.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';

const KIND_NAMES: Record<DeviceKind, string> = { audioinput: 'microphone', videoinput: 'camera', audiooutput: 'speaker' };

/** What {@link DeviceChoices} works with; all owned by the controller. */
export interface DeviceChoicesParts {
  devices: DeviceManager;
  media: LocalMedia;
  audioOutput: AudioOutput;
  tones: Tones;
  calls(): readonly Call[];
  camera(): CameraSettings;
  /** Whether the browser can choose an output device (`setSinkId`). */
  canChooseOutput(): boolean;
  emit: EmitFn;
  fail(error: CallError, call?: Call): CallError;
}

/**
 * Applies device choices for a controller: capture with the chosen devices (falling back to
 * the default when a chosen one is gone), live switching of every call, the speaker and
 * ringtone outputs, and the fallback when a chosen device is unplugged.
 */
export class DeviceChoices {
  readonly #parts: DeviceChoicesParts;
  readonly #onDevices = (event: Event) => this.#devicesListed((event as CustomEvent<DeviceListChange>).detail);
  /** Every device seen in a listing, by kind and id, so a lost one can still be named. */
  readonly #seen = new Map<string, MediaDevice>();
  /** Lost devices already handled (`slot|id`), so the track's `ended` and the listing report one loss once. */
  readonly #handled = new Set<string>();

  constructor(parts: DeviceChoicesParts) {
    this.#parts = parts;
    parts.devices.addEventListener('devices', this.#onDevices);
  }

  /** Stops following device-list changes. */
  dispose(): void {
    this.#parts.devices.removeEventListener('devices', this.#onDevices);
  }

  /** Captures with the chosen devices and the camera settings. */
  async capture(options: CaptureOptions): Promise<MediaStream> {
    const { devices, media } = this.#parts;
    const audioDevice = options.audioDevice || (options.audio ? devices.selected('audioinput') : '');
    const videoDevice = options.videoDevice || (options.video ? devices.selected('videoinput') : '');
    try {
      const stream = await media.capture({
        audio: options.audio ? microphoneConstraints(audioDevice) : false,
        video: options.video ? cameraConstraints(videoDevice, this.#parts.camera()) : false,
      });
      devices.notePermission(options, 'granted');
      return options.exclude ? this.#avoid(stream, options.exclude) : stream;
    } catch (error) {
      const code = (error as CallError).code;
      if (code === 'media/permission-denied') devices.notePermission(options, 'denied');
      // A remembered device that is gone: forget it and use the default (nothing lost).
      const gone = code === 'media/overconstrained' || code === 'media/not-found';
      if (gone && (audioDevice || videoDevice)) {
        if (audioDevice) this.#forget('audioinput', audioDevice);
        if (videoDevice) this.#forget('videoinput', videoDevice);
        return this.capture({ audio: options.audio, video: options.video, exclude: options.exclude });
      }
      throw error;
    }
  }

  /**
   * A capture that opened a lost device (the browser can still hand out a device the listing no
   * longer has, e.g. the default alias of an unplugged one) is replaced by a capture of the first
   * remaining device of its kind.
   */
  async #avoid(stream: MediaStream, lost: string): Promise<MediaStream> {
    const track = stream.getTracks()[0];
    if (!track || track.getSettings().deviceId !== lost) return stream;
    const kind: DeviceKind = track.kind === 'audio' ? 'audioinput' : 'videoinput';
    const other = this.#parts.devices.list(kind).find((d) => d.deviceId && d.deviceId !== lost);
    if (!other) return stream;
    this.#parts.media.release(stream);
    return this.capture(kind === 'audioinput' ? { audio: true, audioDevice: other.deviceId } : { video: true, videoDevice: other.deviceId });
  }

  /**
   * The microphone or camera a call used ended by itself (unplugged, or failed): the devices are
   * listed again, and the call takes the chosen device, else what remains, with
   * `call-device-change` `{ reason: 'unplugged' }`.
   */
  async deviceLost(call: Call, kind: MediaKind, deviceId: string): Promise<void> {
    const slot: DeviceSlot = kind === 'audio' ? 'audioinput' : 'videoinput';
    await this.#parts.devices.refresh();
    const listed = this.#parts.devices.list(slot).some((d) => d.deviceId === deviceId);
    // Still listed (a glitch, not an unplug): open it again rather than avoid it.
    await this.#recover(slot, deviceId, [call], !listed);
    if (listed) this.#handled.delete(`${slot}|${deviceId}`);
  }

  /**
   * Chooses a device for a slot ('' = system default), remembers it, and applies it now:
   * microphone and camera switch in every live call, the speaker moves call audio and tones.
   */
  async select(slot: DeviceSlot, deviceId: string): Promise<void> {
    await this.check(slot, deviceId);
    const previous = this.#parts.devices.choose(slot, deviceId);
    await this.#apply(slot, deviceId);
    this.#parts.emit('call-device-change', { slot, deviceId, previous, reason: 'selected' });
  }

  /**
   * Throws `media/not-found` for a slot that does not exist or an id the slot's listing does not
   * have ('' is the system default), `media/unsupported` for a speaker the browser cannot choose.
   */
  async check(slot: DeviceSlot, deviceId: string): Promise<void> {
    if (!DEVICE_SLOTS.includes(slot)) {
      throw new CallError('media/not-found', `${shownText(String(slot), 40)} is not a device slot: use one of ${DEVICE_SLOTS.join(', ')}.`);
    }
    if ((slot === 'audiooutput' || slot === 'ringtone') && !this.#parts.canChooseOutput()) {
      throw new CallError('media/unsupported', 'This browser cannot choose a speaker (no setSinkId): sound plays on the system default output.');
    }
    if (deviceId && !(await this.#listed(slot, deviceId))) {
      const kind = slotKind(slot);
      throw new CallError(
        'media/not-found',
        `No ${KIND_NAMES[kind]} has the id ${shownText(deviceId)}: pick one of devices.list('${kind}') (or '' for the system default); nothing was changed.`,
      );
    }
  }

  /**
   * Whether `deviceId` is one of the slot's devices. Before the page has permission the browser
   * lists no ids at all: a choice cannot be checked then, and is taken (it is checked again on
   * every listing).
   */
  async #listed(slot: DeviceSlot, deviceId: string): Promise<boolean> {
    const { devices } = this.#parts;
    const kind = slotKind(slot);
    const has = () => devices.list(kind).some((d) => d.deviceId === deviceId);
    if (has()) return true;
    await devices.refresh();
    return has() || !devices.list(kind).some((d) => d.deviceId);
  }

  /** Applies the remembered speaker and ringtone choices (at start-up). */
  applyOutputs(): void {
    const { devices, tones } = this.#parts;
    tones.sinks = { speaker: devices.selected('audiooutput'), ringtone: devices.selected('ringtone') };
    void this.#parts.audioOutput.setSinkId(devices.selected('audiooutput'));
  }

  async #apply(slot: DeviceSlot, deviceId: string): Promise<void> {
    const { audioOutput, tones } = this.#parts;
    if (slot === 'audiooutput') {
      tones.sinks = { ...tones.sinks, speaker: deviceId };
      await audioOutput.setSinkId(deviceId);
      return;
    }
    if (slot === 'ringtone') {
      tones.sinks = { ...tones.sinks, ringtone: deviceId };
      return;
    }
    const live = this.#parts.calls().filter((call) => call.established);
    const results = await Promise.allSettled(live.map((call) => call.switchDevice(slot, deviceId)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  #forget(slot: DeviceSlot, deviceId: string): void {
    const lost = this.#parts.devices.all.find((d) => d.deviceId === deviceId);
    this.#parts.devices.choose(slot, '');
    this.#parts.emit('call-device-change', { slot, deviceId: '', previous: deviceId, reason: 'unplugged', lost });
  }

  /**
   * A lost microphone or camera, handled once: a remembered choice of it is forgotten, every
   * given call that used it takes the chosen device (else what remains), and
   * `call-device-change` says what was lost.
   */
  async #recover(slot: DeviceSlot, lostId: string, calls: readonly Call[], gone: boolean): Promise<void> {
    const key = `${slot}|${lostId}`;
    if (this.#handled.has(key)) return;
    this.#handled.add(key);
    const kind: MediaKind = slot === 'audioinput' ? 'audio' : 'video';
    const previous = this.#parts.devices.remembered(slot) === lostId ? lostId : '';
    if (previous) this.#parts.devices.choose(slot, '');
    const lost = this.#seen.get(`${slot}|${lostId}`);
    const results = await Promise.allSettled(calls.filter((c) => c.established).map((c) => c.recoverDevice(kind, gone ? lostId : '')));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      const error = failed.reason as Error;
      this.#parts.fail(
        new CallError('media/device-lost', `${lost?.label || 'A device'} was unplugged and no other could take over: ${error?.message ?? error}`, { cause: error }),
      );
      return;
    }
    this.#parts.emit('call-device-change', { slot, deviceId: this.#parts.devices.selected(slot), previous, reason: 'unplugged', lost });
  }

  /**
   * After every enumeration: a remembered device that is no longer listed (unplugged now, or
   * gone since the last visit) is forgotten, and a microphone or camera that a call uses and is
   * no longer listed (the default one too) is replaced by what remains; `call-device-change`
   * says what was lost.
   */
  #devicesListed({ devices, removed }: DeviceListChange): void {
    this.#parts.emit('call-device-list-change', { devices });
    for (const d of [...removed, ...devices]) if (d.deviceId) this.#seen.set(`${d.kind}|${d.deviceId}`, d);
    for (const slot of DEVICE_SLOTS) {
      const kind = slotKind(slot);
      const listed = devices.filter((d) => d.kind === kind);
      // Before permission the browser hides device ids: nothing can be checked yet.
      if (!listed.some((d) => d.deviceId)) continue;
      const isListed = (id: string) => listed.some((d) => d.deviceId === id);
      for (const d of listed) this.#handled.delete(`${slot}|${d.deviceId}`);
      const chosen = this.#parts.devices.remembered(slot);
      if (slot === 'audioinput' || slot === 'videoinput') {
        const media: MediaKind = slot === 'audioinput' ? 'audio' : 'video';
        const lostIds = new Set<string>();
        if (chosen && !isListed(chosen)) lostIds.add(chosen);
        for (const call of this.#parts.calls()) {
          const inUse = call.established ? call.deviceInUse(media) : '';
          if (inUse && !isListed(inUse)) lostIds.add(inUse);
        }
        for (const id of lostIds) {
          const users = this.#parts.calls().filter((c) => c.established && c.deviceInUse(media) === id);
          void this.#recover(slot, id, users, true);
        }
        continue;
      }
      if (!chosen || isListed(chosen)) continue;
      const lost = removed.find((d) => d.kind === kind && d.deviceId === chosen);
      this.#parts.devices.choose(slot, '');
      this.#apply(slot, '').then(
        () => this.#parts.emit('call-device-change', { slot, deviceId: '', previous: chosen, reason: 'unplugged', lost }),
        (error: unknown) =>
          this.#parts.fail(
            new CallError('media/device-lost', `${lost?.label || 'A device'} was unplugged and the default could not take over: ${(error as Error)?.message ?? error}`, {
              cause: error,
            }),
          ),
      );
    }
  }
}
