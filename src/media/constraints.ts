/**
 * The `getUserMedia` constraints for a chosen microphone or camera: the exact device when one
 * is chosen ('' = the system default), and for the camera the ideal resolution and frame rate.
 * @module
 */

/** Camera settings: ideal resolution and frame rate (the browser picks the nearest). */
export interface CameraSettings {
  width?: number;
  height?: number;
  frameRate?: number;
}

/** Camera settings from whatever a page gives: the fields that are positive finite numbers (the others take their default). */
export function cameraSettings(value: unknown): CameraSettings {
  const given = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const settings: CameraSettings = {};
  for (const key of ['width', 'height', 'frameRate'] as const) {
    const figure = given[key];
    if (typeof figure === 'number' && Number.isFinite(figure) && figure > 0) settings[key] = figure;
  }
  return settings;
}

/** Default camera: 720p at 30 fps where the camera can. */
const DEFAULT_CAMERA: Required<CameraSettings> = { width: 1280, height: 720, frameRate: 30 };

/** Constraints for a microphone: the chosen one exactly, or any. */
export function microphoneConstraints(deviceId: string): boolean | MediaTrackConstraints {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

/** Constraints for a camera: the chosen one exactly (or any), at the ideal size and rate. */
export function cameraConstraints(deviceId: string, settings: CameraSettings): MediaTrackConstraints {
  const camera = { ...DEFAULT_CAMERA, ...settings };
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: camera.width },
    height: { ideal: camera.height },
    frameRate: { ideal: camera.frameRate },
  };
}
