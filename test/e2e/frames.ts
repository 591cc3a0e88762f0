/**
 * Reading the picture a call receives: the far end's video drawn to a canvas, its pixels read.
 * @module
 */
import type { Call } from '../../src/core/call.js';
import { until } from './helpers.js';

/** A playing, muted `<video>` of a call's remote video (removed by `dispose`). */
export async function remoteVideo(call: Call): Promise<{ video: HTMLVideoElement; dispose(): void }> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream(call.remoteStream.getVideoTracks());
  document.body.append(video);
  await video.play();
  await until(() => video.videoWidth > 0, 15_000, 'remote video frames');
  return {
    video,
    dispose: () => {
      video.pause();
      video.srcObject = null;
      video.remove();
    },
  };
}

/** The mean RGB of the middle quarter of a video's current frame. */
export function meanColour(video: HTMLVideoElement): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const w = video.videoWidth;
  const h = video.videoHeight;
  ctx.drawImage(video, w / 4, h / 4, w / 2, h / 2, 0, 0, 64, 64);
  const data = ctx.getImageData(0, 0, 64, 64).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
  const n = data.length / 4;
  return [sum[0] / n, sum[1] / n, sum[2] / n] as [number, number, number];
}

/** Whether a colour is close to black (every channel below 16). */
export const isBlack = ([r, g, b]: [number, number, number]) => r < 16 && g < 16 && b < 16;
