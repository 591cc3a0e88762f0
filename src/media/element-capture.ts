/**
 * Capture of one element of the page for sharing: a `<canvas>` or `<video>` by its own
 * `captureStream()`, any other element by capturing the current tab (`getDisplayMedia` with
 * `preferCurrentTab`) narrowed to that element with Element Capture (`restrictTo`) or Region
 * Capture (`cropTo`), where the browser has them.
 * @module
 */
import { CallError } from '../base/errors.js';
import { mapDisplayError } from './media-errors.js';

/** A tab-capture target made from an element (Element Capture's `RestrictionTarget`, Region Capture's `CropTarget`). */
interface TargetFactory {
  fromElement(element: Element): Promise<unknown>;
}

/** A video track with Element Capture / Region Capture methods. */
type NarrowableTrack = MediaStreamTrack & {
  restrictTo?: (target: unknown) => Promise<void>;
  cropTo?: (target: unknown) => Promise<void>;
};

/** The frame rate asked of a canvas or video capture. */
const FRAME_RATE = 30;

function factory(name: 'RestrictionTarget' | 'CropTarget'): TargetFactory | undefined {
  const value = (globalThis as Record<string, unknown>)[name] as TargetFactory | undefined;
  return typeof value?.fromElement === 'function' ? value : undefined;
}

/** Whether this browser can share any DOM element (tab capture plus Element or Region Capture). */
export function canCaptureAnyElement(): boolean {
  const display = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  return display && !!(factory('RestrictionTarget') ?? factory('CropTarget'));
}

/** Whether this browser can share a `<canvas>` by its own stream. */
export function canCaptureCanvas(): boolean {
  return typeof HTMLCanvasElement !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function';
}

function unsupported(what: string): CallError {
  return new CallError('media/unsupported', `This browser cannot share ${what}: share a <canvas> or <video>, or the whole screen, instead.`);
}

/** Keeps only the video track of a stream (the others are stopped). */
function videoOnly(stream: MediaStream, what: string): MediaStream {
  for (const track of stream.getAudioTracks()) track.stop();
  const video = stream.getVideoTracks()[0];
  if (!video) throw new CallError('media/failed', `The ${what} gives no picture yet: start playing it, then share it.`);
  return new MediaStream([video]);
}

/**
 * A stream of one element's picture. Rejects with `media/unsupported` where the browser cannot
 * capture that element, `media/share-cancelled` when the user closes the tab picker.
 */
export async function captureElement(element: Element): Promise<MediaStream> {
  if (typeof HTMLCanvasElement !== 'undefined' && element instanceof HTMLCanvasElement) {
    if (!canCaptureCanvas()) throw unsupported('a canvas (no captureStream)');
    return element.captureStream(FRAME_RATE);
  }
  if (typeof HTMLVideoElement !== 'undefined' && element instanceof HTMLVideoElement) {
    const video = element as HTMLVideoElement & { captureStream?: (fps?: number) => MediaStream; mozCaptureStream?: () => MediaStream };
    const capture = video.captureStream?.bind(video) ?? video.mozCaptureStream?.bind(video);
    if (!capture) throw unsupported('a video (no captureStream)');
    return videoOnly(capture(FRAME_RATE), 'video');
  }
  return captureRegion(element);
}

/** Captures the current tab and narrows it to `element` (Element Capture, else Region Capture). */
async function captureRegion(element: Element): Promise<MediaStream> {
  const restrict = factory('RestrictionTarget');
  const crop = factory('CropTarget');
  if (!canCaptureAnyElement() || (!restrict && !crop)) throw unsupported('a part of the page (no Element or Region Capture)');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({
      video: true,
      audio: false,
      preferCurrentTab: true,
      selfBrowserSurface: 'include',
    } as DisplayMediaStreamOptions);
  } catch (error) {
    throw mapDisplayError(error);
  }
  const track = stream.getVideoTracks()[0] as NarrowableTrack | undefined;
  try {
    if (!track) throw new Error('no video track');
    if (restrict && track.restrictTo) await track.restrictTo(await restrict.fromElement(element));
    else if (crop && track.cropTo) await track.cropTo(await crop.fromElement(element));
    else throw new Error('the captured track cannot be narrowed to an element');
  } catch (error) {
    for (const t of stream.getTracks()) t.stop();
    throw new CallError(
      'media/unsupported',
      `This element cannot be shared alone (${(error as Error)?.message ?? error}): pick "This tab" in the picker, or share a <canvas> or <video>.`,
      { cause: error },
    );
  }
  return stream;
}
