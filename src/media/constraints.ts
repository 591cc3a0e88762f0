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
