import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-devices/define.js';
import type { CallController } from '../../src/core/call-controller.js';
import { CallError } from '../../src/base/errors.js';
import { canCaptureAnyElement } from '../../src/media/element-capture.js';
import { meanColour, remoteVideo } from './frames.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, uniqueUser, until } from './helpers.js';

/** A canvas on the page repainted in one colour 20 times a second (captureStream sends only painted frames). */
function paintedCanvas(colour: string): { canvas: HTMLCanvasElement; dispose(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const paint = () => {
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  paint();
  const timer = setInterval(paint, 50);
  return {
    canvas,
    dispose: () => {
      clearInterval(timer);
      canvas.remove();
    },
  };
}

const close = (actual: number[], expected: number[], tolerance = 40) => actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);

async function rejection(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return error as CallError;
  }
  throw new Error('expected a rejection');
}

describe('sharing an element of the page', function () {
  this.timeout(90_000);
  let alice: CallController;
  let bob: CallController;
  beforeEach(async () => {
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(() => disposeControllers());

  it('shares a <canvas> in a video call: the far end receives its colour, the camera comes back after', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const red = paintedCanvas('#ff0000');
    const picture = await remoteVideo(inb);
    try {
      const camera = meanColour(picture.video);
      expect(close(camera, [255, 0, 0]), `the camera is not red: ${camera}`).to.equal(false);
      const shares = record(alice, 'call-screen-share');
      // Alice's device preview shows what her call sends: her camera mirrored, a shared element as it reads.
      const devices = await fixture(html`<call-devices .controller=${alice} kinds="videoinput" style="position: fixed; inset: 0 auto auto 0; width: 20rem"></call-devices>`);
      const preview = () => devices.shadowRoot!.querySelector<HTMLVideoElement>('[part~=preview]')!;
      await until(() => !preview().hidden && getComputedStyle(preview()).transform !== 'none', 5000, 'a mirrored camera preview');
      await out.shareElement(red.canvas);
      expect(out.screenSharing).to.equal(true);
      await until(() => !preview().hidden && getComputedStyle(preview()).transform === 'none', 5000, 'the shared canvas previewed unmirrored');
      expect(out.cameraOn, 'camera released while sharing').to.equal(false);
      await until(() => close(meanColour(picture.video), [255, 0, 0]), 15_000, 'red frames at the far end');
      await out.stopScreenShare();
      await until(() => !close(meanColour(picture.video), [255, 0, 0]), 15_000, 'the camera at the far end again');
      await until(() => !preview().hidden && getComputedStyle(preview()).transform !== 'none', 5000, 'the camera preview mirrored again');
      expect(out.cameraOn).to.equal(true);
      expect(shares.map((s) => s.sharing)).to.deep.equal([true, false]);
      expect(alice.media.liveTrackCount, 'microphone and camera only').to.equal(2);
    } finally {
      picture.dispose();
      red.dispose();
    }
  });

  it('switching the share: a second canvas shared while the first is takes its place, and stopping ends the share', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const red = paintedCanvas('#ff0000');
    const blue = paintedCanvas('#0000ff');
    const picture = await remoteVideo(inb);
    try {
      await out.shareElement(red.canvas);
      await until(() => close(meanColour(picture.video), [255, 0, 0]), 15_000, 'red frames at the far end');
      await out.shareElement(blue.canvas);
      await until(() => close(meanColour(picture.video), [0, 0, 255]), 15_000, 'blue frames at the far end');
      expect(out.screenSharing).to.equal(true);
      expect(alice.media.liveTrackCount, 'microphone and the second share: the first is released').to.equal(2);
      await out.stopScreenShare();
      expect(out.cameraOn).to.equal(true);
      expect(alice.media.liveTrackCount, 'microphone and camera only').to.equal(2);
    } finally {
      picture.dispose();
      red.dispose();
      blue.dispose();
    }
  });

  it('shares a playing <video> in an audio call by adding video', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    const blue = paintedCanvas('#0000ff');
    const source = document.createElement('video');
    source.muted = true;
    source.srcObject = blue.canvas.captureStream(30);
    document.body.append(source);
    await source.play();
    try {
      const videoOn = nextEvent(bob, 'call-video-change', (d) => d.remoteVideo);
      await out.shareElement(source);
      await videoOn;
      const picture = await remoteVideo(inb);
      try {
        await until(() => close(meanColour(picture.video), [0, 0, 255]), 15_000, 'blue frames at the far end');
      } finally {
        picture.dispose();
      }
      await out.stopScreenShare();
      expect(out.video).to.equal(false);
    } finally {
      source.pause();
      source.remove();
      blue.dispose();
    }
  });

  it('shares a DOM element by tab capture narrowed to it where the browser has Element/Region Capture, else media/unsupported', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const div = document.createElement('div');
    div.textContent = 'shared';
    document.body.append(div);
    try {
      if (!canCaptureAnyElement()) {
        expect((await rejection(out.shareElement(div))).code).to.equal('media/unsupported');
        return;
      }
      // Headless Chromium's fake picker hands out a screen, not this tab: narrowing it fails,
      // and the tab-capture track is stopped (nothing leaks).
      const outcome = await out.shareElement(div).then(
        () => 'shared',
        (error: CallError) => error.code,
      );
      if (outcome === 'shared') {
        expect(out.screenSharing).to.equal(true);
        await out.stopScreenShare();
      } else expect(outcome).to.equal('media/unsupported');
      expect(alice.media.liveTrackCount, 'no capture left running').to.equal(2);
    } finally {
      div.remove();
    }
  });

  it('a cancelled picker gives media/share-cancelled; no Element/Region Capture or captureStream gives media/unsupported; the call goes on', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const errors = record(alice, 'call-error');
    const media = navigator.mediaDevices as unknown as Record<string, unknown>;
    const saved = {
      RestrictionTarget: (globalThis as Record<string, unknown>).RestrictionTarget,
      CropTarget: (globalThis as Record<string, unknown>).CropTarget,
      captureStream: Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'captureStream')!,
    };
    const div = document.createElement('div');
    document.body.append(div);
    try {
      media.getDisplayMedia = () => Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError'));
      expect((await rejection(out.shareScreen())).code).to.equal('media/share-cancelled');
      if (saved.RestrictionTarget || saved.CropTarget) {
        expect((await rejection(out.shareElement(div))).code).to.equal('media/share-cancelled');
      }
      delete media.getDisplayMedia;
      delete (globalThis as Record<string, unknown>).RestrictionTarget;
      delete (globalThis as Record<string, unknown>).CropTarget;
      const unsupported = await rejection(out.shareElement(div));
      expect(unsupported.code).to.equal('media/unsupported');
      expect(unsupported.message).to.match(/share a <canvas> or <video>/);
      delete (HTMLCanvasElement.prototype as unknown as Record<string, unknown>).captureStream;
      expect((await rejection(out.shareElement(document.createElement('canvas')))).code).to.equal('media/unsupported');
    } finally {
      delete media.getDisplayMedia;
      Object.assign(globalThis, { RestrictionTarget: saved.RestrictionTarget, CropTarget: saved.CropTarget });
      for (const name of ['RestrictionTarget', 'CropTarget'] as const) if (!saved[name]) delete (globalThis as Record<string, unknown>)[name];
      Object.defineProperty(HTMLCanvasElement.prototype, 'captureStream', saved.captureStream);
      div.remove();
    }
    expect(out.state).to.equal('connected');
    expect(out.screenSharing).to.equal(false);
    expect(out.cameraOn).to.equal(true);
    expect(alice.media.liveTrackCount).to.equal(2);
    expect(errors, 'call methods reject; they do not fire call-error').to.deep.equal([]);
  });
});
