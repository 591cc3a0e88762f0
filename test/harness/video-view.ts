// Reading a <call-video> the way a viewer sees it: its frame label, poster, mirroring, and
// whether it plays. Shared by src/elements/call-video/call-video.test.ts (no server) and
// test/e2e/video-element*.test.ts (calls on the dev SIP server).
import type { CallVideo } from '../../src/elements/call-video/call-video.js';
import { until } from '../e2e/helpers.js';

/** The computed transform of a mirrored video. */
export const MIRRORED = 'matrix(-1, 0, 0, 1, 0, 0)';
/** The element of `<call-video>`'s shadow root with part `name`, or null. */
export const part = (el: CallVideo, name: string) => el.shadowRoot!.querySelector(`[part~=${name}]`);
/** The frame's aria-label. */
export const label = (el: CallVideo) => part(el, 'frame')!.getAttribute('aria-label');
/** The poster, or null while video shows. */
export const poster = (el: CallVideo) => part(el, 'poster');
/** The computed transform of the element's <video>. */
export const transform = (el: CallVideo) => getComputedStyle(el.videoElement).transform;

/** Waits until the element shows live video: has-video, frames decoded (of a `width` if given), time advancing. */
export async function playing(el: CallVideo, what: string, width?: (w: number) => boolean): Promise<void> {
  const video = el.videoElement;
  await until(() => el.hasVideo && video.videoWidth > 0 && !video.paused && (!width || width(video.videoWidth)), 15_000, `${what}: video`);
  const t = video.currentTime;
  await until(() => video.currentTime > t + 0.2, 5000, `${what}: currentTime advancing`);
}
