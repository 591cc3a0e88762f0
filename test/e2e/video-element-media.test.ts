// <call-video> following the media changes of a call on the dev SIP server: camera off/on,
// screen share, camera switch, adding and removing video. (Moved from
// src/elements/call-video/call-video.media.test.ts: it needs the server throughout.)
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { MIRRORED, label, playing as videoPlaying, poster } from '../harness/video-view.js';
import '../../src/elements/call-video/define.js';
import type { CallVideo } from '../../src/elements/call-video/call-video.js';

/** Waits until the element shows live video (of a `width` if given) and no poster. */
async function playing(el: CallVideo, what: string, width?: (w: number) => boolean): Promise<void> {
  await videoPlaying(el, what, width);
  expect(poster(el), `${what}: no poster`).to.equal(null);
}

async function noVideo(el: CallVideo, what: string): Promise<void> {
  await until(() => !el.hasVideo && poster(el) !== null, 10_000, `${what}: poster`);
  expect(el.hasAttribute('has-video')).to.equal(false);
}

describe('<call-video> following media changes', function () {
  this.timeout(60_000);
  let alice: CallController;
  let bob: CallController;
  beforeEach(async () => {
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(disposeControllers);

  it('camera stopped: the local view shows the poster; started again: live video, mirrored', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const local = await fixture<CallVideo>(html`<call-video .controller=${alice} source="local"></call-video>`);
    await playing(local, 'camera');
    await out.stopCamera();
    await noVideo(local, 'camera stopped');
    expect(label(local)).to.equal('Your camera is off');
    await out.startCamera();
    await playing(local, 'camera back');
    expect(local.stream, 'the same stream object').to.equal(out.localStream);
    expect(getComputedStyle(local.videoElement).transform).to.equal(MIRRORED);
  });

  it('the far end releasing its camera shows the poster once its frames stop, and video again when it is back', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const remote = await fixture<CallVideo>(html`<call-video .controller=${bob}></call-video>`);
    await playing(remote, 'far camera');
    await out.stopCamera();
    await noVideo(remote, 'far camera released');
    await out.startCamera();
    await playing(remote, 'far camera back');
  });

  it('a screen share shows unmirrored in the local view, and the camera mirrored again after', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const local = await fixture<CallVideo>(html`<call-video .controller=${alice} source="local"></call-video>`);
    await playing(local, 'camera');
    const cameraWidth = local.videoElement.videoWidth;
    const video = local.videoElement;
    await out.shareScreen();
    await playing(local, 'screen', (w) => w !== cameraWidth);
    expect(local.videoElement, 'same <video>').to.equal(video);
    expect(local.mirrored).to.equal(false);
    expect(getComputedStyle(video).transform, 'a shared screen is never mirrored').to.equal('none');
    expect(label(local)).to.equal('Your screen share');
    await out.stopScreenShare();
    await playing(local, 'camera after share', (w) => w === cameraWidth);
    expect(getComputedStyle(video).transform).to.equal(MIRRORED);
    expect(label(local)).to.equal('Your camera');
  });

  it('keeps playing the new camera after a switch (tracks swapped in the same stream)', async () => {
    const [out] = await connectedPair(alice, bob, true);
    const local = await fixture<CallVideo>(html`<call-video .controller=${alice} source="local"></call-video>`);
    await playing(local, 'camera');
    const before = out.localStream!.getVideoTracks()[0];
    await alice.devices.refresh();
    const other = alice.devices.list('videoinput').find((d) => d.label !== before.label);
    expect(other, 'a second fake camera').to.not.equal(undefined);
    await out.switchDevice('videoinput', other!.deviceId);
    const after = out.localStream!.getVideoTracks()[0];
    expect(after).to.not.equal(before);
    expect(local.stream).to.equal(out.localStream);
    await playing(local, 'switched camera');
    const frames = local.videoElement.getVideoPlaybackQuality().totalVideoFrames;
    await until(() => local.videoElement.getVideoPlaybackQuality().totalVideoFrames > frames + 5, 5000, 'frames of the new camera');
  });

  it('an audio call upgraded to video shows the far end, and the poster again when video is removed', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    const remote = await fixture<CallVideo>(html`<call-video .controller=${bob}></call-video>`);
    await noVideo(remote, 'audio call');
    expect(label(remote)).to.equal(`${inb.remote.user}: no video`);
    const seen = nextEvent(bob, 'call-video-change', (d) => d.call === inb && d.remoteVideo);
    await out.upgradeToVideo();
    await seen;
    await playing(remote, 'upgraded');
    expect(remote.stream).to.equal(inb.remoteStream);
    const dropped = nextEvent(bob, 'call-video-change', (d) => d.call === inb && !d.remoteVideo);
    await out.downgradeToAudio();
    await dropped;
    await noVideo(remote, 'downgraded');
  });
});
