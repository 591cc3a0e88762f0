/**
 * A controller's device choices put to work: capture with the chosen microphone and camera,
 * live switching in every call, the speaker and ringtone outputs, and the fall-back to the
 * default when a chosen device is unplugged.
 * @module
 */
import type { Call } from './call.js';
import type { CaptureOptions } from './call-media.js';
import { CallError } from './errors.js';
import type { EmitFn } from './events.js';
import type { AudioOutput } from '../media/audio-output.js';
import { cameraConstraints, microphoneConstraints } from '../media/constraints.js';
import type { CameraSettings } from '../media/constraints.js';
import type { DeviceListChange, DeviceManager, DeviceSlot } from '../media/device-manager.js';
import type { LocalMedia } from '../media/local-media.js';
import type { Tones } from '../media/tones.js';

/** What {@link DeviceChoices} works with; all owned by the controller. */
export interface DeviceChoicesParts {
  devices: DeviceManager;
  media: LocalMedia;
  audioOutput: AudioOutput;
  tones: Tones;
  calls(): readonly Call[];
  camera(): CameraSettings;
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
      return stream;
    } catch (error) {
      const code = (error as CallError).code;
      if (code === 'media/permission-denied') devices.notePermission(options, 'denied');
      // A remembered device that is gone: forget it and use the default (nothing lost).
      const gone = code === 'media/overconstrained' || code === 'media/not-found';
      if (gone && (audioDevice || videoDevice)) {
        if (audioDevice) this.#forget('audioinput', audioDevice);
        if (videoDevice) this.#forget('videoinput', videoDevice);
        return this.capture({ audio: options.audio, video: options.video });
      }
      throw error;
    }
  }

  /**
   * Chooses a device for a slot ('' = system default), remembers it, and applies it now:
   * microphone and camera switch in every live call, the speaker moves call audio and tones.
   */
  async select(slot: DeviceSlot, deviceId: string): Promise<void> {
    const previous = this.#parts.devices.choose(slot, deviceId);
    await this.#apply(slot, deviceId);
    this.#parts.emit('call-device-change', { slot, deviceId, previous, reason: 'selected' });
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
   * After every enumeration: a remembered device that is no longer listed (unplugged now, or
   * gone since the last visit) is forgotten, the default takes over, and `call-device-change`
   * says what was lost.
   */
  #devicesListed({ devices, removed }: DeviceListChange): void {
    this.#parts.emit('call-device-list-change', { devices });
    const slots: DeviceSlot[] = ['audioinput', 'videoinput', 'audiooutput', 'ringtone'];
    for (const slot of slots) {
      const kind = slot === 'ringtone' ? 'audiooutput' : slot;
      const chosen = this.#parts.devices.remembered(slot);
      const listed = devices.filter((d) => d.kind === kind);
      // Before permission the browser hides device ids: nothing can be checked yet.
      if (!chosen || !listed.some((d) => d.deviceId) || listed.some((d) => d.deviceId === chosen)) continue;
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
