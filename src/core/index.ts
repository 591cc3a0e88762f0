/**
 * The headless core of call-elements: no Lit, no elements, no provider (the package entries
 * register those; see `src/headless.ts`). Use it to build your own UI.
 * @module
 */
export { version } from './version.js';
export { CallController } from './call-controller.js';
export type { ControllerSettings, DialOptions } from './call-controller.js';
export { Call } from './call.js';
export { CallError, isCallError, toCallError } from '../base/errors.js';
export type { CallErrorCode, CallErrorOptions } from '../base/errors.js';
export type { EndReason, EndedBy } from './end-reason.js';
export { CALL_EVENT_NAMES } from './events.js';
export type { CallEvent, CallEventDetailMap, CallEventName } from './events.js';
export { SETTINGS, SETTING_NAMES, normalizeSettings, restartNeeded } from './settings.js';
export type { NormalizedSettings, SettingEffect, SettingKind, SettingName, SettingSpec } from './settings.js';
export { parseIceServers } from './ice-servers.js';
export { canStart, registerProvider, providerNames } from './provider-registry.js';
export type { ProviderLoader, ProviderOptions } from './provider-registry.js';
export type * from './provider.js';
export type * from './types.js';
export { DebugLog, redact, REDACTED } from './debug-log.js';
export { backoffDelay, MAX_TIMER_MS, timerMs } from './backoff.js';
export { normalizeDtmf } from './dtmf.js';
export type { CameraSettings } from '../media/constraints.js';
export type { CaptureOptions } from './call-media.js';
export { AudioOutput } from '../media/audio-output.js';
export { DeviceManager } from '../media/device-manager.js';
export type { DeviceKind, DeviceSlot, DeviceListChange, MediaDevice, PermissionStatus } from '../media/device-manager.js';
export { LevelMeter, levelOfRms } from '../media/level-meter.js';
export type { LevelMeterOptions } from '../media/level-meter.js';
export { detectCapabilities } from '../media/capabilities.js';
export type { Capabilities } from '../media/capabilities.js';
export { sharedAudioContext } from '../media/audio-context.js';
export { LocalMedia, mapMediaError } from '../media/local-media.js';
export { Tones } from '../media/tones.js';
export type { ToneName, ToneSinks } from '../media/tones.js';
export * from '../quality/index.js';
