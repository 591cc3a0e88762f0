import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import { CallController } from '../../src/core/call-controller.js';
import { sipStats } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Outbound RTP figures of one kind, and the track our sender sends now. */
async function outbound(call: Call, kind: 'audio' | 'video'): Promise<{ packets: number; track?: MediaStreamTrack }> {
  const pc = call.peerConnections()[0];
  const report = await pc.getStats();
  let packets = 0;
  report.forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === kind) packets += s.packetsSent ?? 0;
  });
  const sender = pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.direction !== 'stopped')?.sender;
  return { packets, track: sender?.track ?? undefined };
}

/** Inbound RTP figures of one kind at the far end. */
async function inbound(call: Call, kind: 'audio' | 'video'): Promise<{ packets: number; frames: number }> {
  const report = await call.peerConnections()[0].getStats();
  let packets = 0;
  let frames = 0;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === kind) {
      packets += s.packetsReceived ?? 0;
      frames += s.framesDecoded ?? 0;
    }
  });
  return { packets, frames };
}

/** Total SIP requests the open dev server has seen. */
async function sipRequests(): Promise<number> {
  const stats = await sipStats();
  return Object.values(stats.requests).reduce((a, b) => a + b, 0);
}

/** Waits until the far end receives more of `kind` than `before` (packets, or frames for video). */
async function flowing(call: Call, kind: 'audio' | 'video', ms = 10_000): Promise<void> {
  const start = await inbound(call, kind);
  await until(async () => {
    const now = await inbound(call, kind);
    return kind === 'video' ? now.frames > start.frames + 5 : now.packets > start.packets + 10;
  }, ms, `${kind} flowing`);
}

async function deviceId(controller: CallController, kind: MediaDeviceKind, label: string): Promise<string> {
  await controller.devices.refresh();
  const found = controller.devices.list(kind as 'audioinput').find((d) => d.label === label);
  if (!found) throw new Error(`No ${kind} labelled ${label}: ${controller.devices.all.map((d) => d.label).join(', ')}`);
  return found.deviceId;
}

describe('media and devices in real calls', function () {
  this.timeout(60_000);
  let alice: CallController;
  let bob: CallController;

  beforeEach(async () => {
    localStorage.removeItem('call-elements:devices');
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(async () => {
    await disposeControllers();
    localStorage.removeItem('call-elements:devices');
  });

  it('switches the microphone mid-call by replaceTrack: new track, media keeps flowing, mute kept, no SIP message', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    await flowing(inb, 'audio');
    out.mute();
    const before = await outbound(out, 'audio');
    const requests = await sipRequests();
    const changes = record(alice, 'call-device-change');
    const local = record(alice, 'call-local-media');
    await alice.selectDevice('audioinput', await deviceId(alice, 'audioinput', 'Fake Audio Input 1'));
    const after = await outbound(out, 'audio');
    expect(after.track!.id).to.not.equal(before.track!.id);
    expect(after.track!.label).to.equal('Fake Audio Input 1');
    expect(after.track!.enabled, 'still muted').to.equal(false);
    expect(before.track!.readyState, 'old track stopped').to.equal('ended');
    expect(out.localStream!.getAudioTracks()).to.deep.equal([after.track]);
    out.unmute();
    await flowing(inb, 'audio');
    expect(changes.map((c) => [c.slot, c.reason])).to.deep.equal([['audioinput', 'selected']]);
    expect(local.length).to.be.at.least(1);
    expect(await sipRequests(), 'SIP requests during the switch').to.equal(requests);
    expect(out.state).to.equal('connected');
  });

  it('switches the camera mid-call; the far end keeps decoding frames; no SIP message', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    await flowing(inb, 'video', 15_000);
    const before = await outbound(out, 'video');
    const requests = await sipRequests();
    await alice.selectDevice('videoinput', await deviceId(alice, 'videoinput', 'fake_device_2'));
    const after = await outbound(out, 'video');
    expect(after.track!.label).to.equal('fake_device_2');
    expect(after.track!.id).to.not.equal(before.track!.id);
    await flowing(inb, 'video', 15_000);
    expect(await sipRequests()).to.equal(requests);
    expect(alice.devices.selected('videoinput')).to.equal(after.track!.getSettings().deviceId);
  });

  it('applies the chosen speaker to the call audio element (sinkId read back) and remembers it', async () => {
    const [out] = await connectedPair(alice, bob);
    const speaker = await deviceId(alice, 'audiooutput', 'Fake Audio Output 1');
    const change = nextEvent(alice, 'call-device-change');
    await alice.selectDevice('audiooutput', speaker);
    expect((await change).slot).to.equal('audiooutput');
    const element = alice.audioOutput.element(out.id) as HTMLMediaElement & { sinkId: string };
    expect(element.sinkId).to.equal(speaker);
    const again = await registeredController(uniqueUser('carol'));
    await again.devices.refresh();
    expect(again.devices.selected('audiooutput'), 'remembered for the next page load').to.equal(speaker);
  });

  it('refuses a device that is not listed and a slot that does not exist: typed error, nothing switched or remembered', async () => {
    const [out] = await connectedPair(alice, bob);
    const before = (await outbound(out, 'audio')).track!;
    const changes = record(alice, 'call-device-change');
    const errors = record(alice, 'call-error');
    const refused = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return 'resolved';
      } catch (error) {
        return `${(error as { code?: string }).code}: ${(error as Error).message}`;
      }
    };
    expect(await refused(alice.selectDevice('audioinput', 'no-such-device'))).to.match(/^media\/not-found: No microphone has the id "no-such-device": pick one of devices\.list\('audioinput'\)/);
    expect(await refused(alice.selectDevice('audiooutput', 'no-such-speaker'))).to.match(/^media\/not-found: No speaker has the id/);
    expect(await refused(alice.selectDevice('ringtone', 'no-such-speaker'))).to.match(/^media\/not-found: No speaker/);
    expect(await refused(alice.selectDevice('frobnicate' as 'audioinput', 'abc'))).to.match(/^media\/not-found: "frobnicate" is not a device slot/);
    // The call's own switch refuses the same way (a Call method: it throws, no call-error).
    expect(await refused(out.switchDevice('audioinput', 'no-such-device'))).to.match(/^media\/not-found: No microphone has the id "no-such-device"/);
    expect(errors.map((e) => e.error.code)).to.deep.equal(['media/not-found', 'media/not-found', 'media/not-found', 'media/not-found']);
    expect(changes, 'no call-device-change').to.deep.equal([]);
    expect(localStorage.getItem('call-elements:devices') ?? '{}', 'nothing remembered').to.not.match(/no-such|frobnicate/);
    const after = (await outbound(out, 'audio')).track!;
    expect([after.id, after.readyState], 'the microphone in use is untouched').to.deep.equal([before.id, 'live']);
    // A listed device and '' (the system default) are still taken.
    await alice.selectDevice('audioinput', await deviceId(alice, 'audioinput', 'Fake Audio Input 1'));
    await alice.selectDevice('audioinput', '');
    expect(changes.map((c) => c.reason)).to.deep.equal(['selected', 'selected']);
  });

  it('upgrades an audio call to video and back, seen on both sides, by re-INVITE', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    expect([out.video, inb.remoteVideo]).to.deep.equal([false, false]);
    const seenByBob = nextEvent(bob, 'call-video-change', (d) => d.call === inb);
    const invites = (await sipStats()).requests.INVITE ?? 0;
    await out.upgradeToVideo();
    expect(out.video).to.equal(true);
    expect(out.cameraOn).to.equal(true);
    const bobSees = await seenByBob;
    expect([bobSees.originator, bobSees.remoteVideo]).to.deep.equal(['remote', true]);
    expect((await sipStats()).requests.INVITE).to.equal(invites + 1);
    await flowing(inb, 'video', 15_000);
    // Bob turns his camera on too.
    const seenByAlice = nextEvent(alice, 'call-video-change', (d) => d.call === out);
    await inb.upgradeToVideo();
    expect((await seenByAlice).remoteVideo).to.equal(true);
    await flowing(out, 'video', 15_000);
    // Alice drops video: her camera is released, Bob sees no more video from her, and the call
    // has no video any more, so Bob's camera is released too (its m-line was rejected).
    const camera = out.localStream!.getVideoTracks()[0];
    const bobCamera = inb.localStream!.getVideoTracks()[0];
    const dropped = nextEvent(bob, 'call-video-change', (d) => d.call === inb && !d.remoteVideo && !d.video);
    await out.downgradeToAudio();
    expect(camera.readyState).to.equal('ended');
    expect(out.video).to.equal(false);
    expect((await dropped).originator).to.equal('remote');
    expect([inb.video, inb.cameraOn, bobCamera.readyState], "Bob's camera").to.deep.equal([false, false, 'ended']);
    expect(inb.localStream!.getVideoTracks()).to.deep.equal([]);
    await flowing(inb, 'audio');
    expect(out.state).to.equal('connected');
    // Alice adds video again: Bob receives it, and shows no camera of his own until he adds his.
    const again = nextEvent(bob, 'call-video-change', (d) => d.call === inb && d.remoteVideo);
    await out.upgradeToVideo();
    expect((await again).video).to.equal(false);
    await flowing(inb, 'video', 15_000);
    const aliceSees = nextEvent(alice, 'call-video-change', (d) => d.call === out && d.remoteVideo);
    await inb.upgradeToVideo();
    await aliceSees;
    await flowing(out, 'video', 15_000);
  });

  it('shares the screen in place of the camera and returns to the camera; the browser stop button also ends it', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const requests = await sipRequests();
    const shares = record(alice, 'call-screen-share');
    await out.shareScreen();
    let sent = await outbound(out, 'video');
    expect(sent.track!.label).to.match(/^screen:/);
    expect(out.screenSharing).to.equal(true);
    expect(out.cameraOn, 'camera released while sharing').to.equal(false);
    await flowing(inb, 'video', 15_000);
    await out.stopScreenShare();
    sent = await outbound(out, 'video');
    expect(sent.track!.label).to.match(/^fake_device_/);
    expect(await sipRequests(), 'no renegotiation in a video call').to.equal(requests);
    // The browser's own "Stop sharing" button ends the track: Chromium fires `ended` only from
    // its UI, so the test dispatches that event on the real track.
    await out.shareScreen();
    const screen = (await outbound(out, 'video')).track!;
    const stopped = nextEvent(alice, 'call-screen-share', (d) => !d.sharing);
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    await stopped;
    await until(async () => /^fake_device_/.test((await outbound(out, 'video')).track?.label ?? ''), 5000, 'camera back');
    expect(shares.map((s) => s.sharing)).to.deep.equal([true, false, true, false]);
  });

  it('shares the screen in an audio call by adding video, and removes it after', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    const videoOn = nextEvent(bob, 'call-video-change', (d) => d.remoteVideo);
    await out.shareScreen();
    await videoOn;
    await flowing(inb, 'video', 15_000);
    const videoOff = nextEvent(bob, 'call-video-change', (d) => !d.remoteVideo);
    await out.stopScreenShare();
    await videoOff;
    expect(out.video).to.equal(false);
    expect(alice.media.liveTrackCount, 'only the microphone is live').to.equal(1);
  });

  it('releases the camera (light off) and brings it back without renegotiation', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const requests = await sipRequests();
    const camera = out.localStream!.getVideoTracks()[0];
    await out.stopCamera();
    expect(camera.readyState).to.equal('ended');
    expect(out.cameraOn).to.equal(false);
    expect((await outbound(out, 'video')).track).to.equal(undefined);
    await out.startCamera();
    expect(out.cameraOn).to.equal(true);
    expect((await outbound(out, 'video')).track?.readyState).to.equal('live');
    await flowing(inb, 'video', 15_000);
    expect(await sipRequests()).to.equal(requests);
  });

  it('falls back to the default microphone when the chosen one is unplugged mid-call, with an event', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    const chosen = await deviceId(alice, 'audioinput', 'Fake Audio Input 2');
    await alice.selectDevice('audioinput', chosen);
    expect(out.localStream!.getAudioTracks()[0].label).to.equal('Fake Audio Input 2');
    // Simulated unplug: the real enumerateDevices is wrapped to leave that device out, and
    // the real `devicechange` event is dispatched (Chromium cannot unplug a fake device).
    const media = navigator.mediaDevices;
    const real = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await real()).filter((d) => d.deviceId !== chosen);
    try {
      const lost = nextEvent(alice, 'call-device-change', (d) => d.reason === 'unplugged');
      media.dispatchEvent(new Event('devicechange'));
      const detail = await lost;
      expect(detail.slot).to.equal('audioinput');
      expect(detail.lost?.label).to.equal('Fake Audio Input 2');
      expect(detail.deviceId).to.equal('');
      await until(() => out.localStream!.getAudioTracks()[0].label !== 'Fake Audio Input 2', 5000, 'fallback track');
      expect(alice.devices.selected('audioinput')).to.equal('');
      await flowing(inb, 'audio');
    } finally {
      media.enumerateDevices = real;
    }
  });

  it('captures with the configured camera resolution and falls back when a remembered device is gone', async () => {
    localStorage.setItem('call-elements:devices', JSON.stringify({ videoinput: 'no-such-camera', audioinput: 'no-such-mic' }));
    // Not started, devices not listed yet: the exact device id fails and the default takes over.
    const carol = new CallController({ camera: { width: 320, height: 240, frameRate: 15 } });
    const changes = record(carol, 'call-device-change');
    const stream = await carol.preview({ video: true });
    const settings = stream.getVideoTracks()[0].getSettings();
    expect([settings.width, settings.height]).to.deep.equal([320, 240]);
    expect(changes.map((c) => [c.slot, c.reason, c.previous])).to.deep.equal([['videoinput', 'unplugged', 'no-such-camera']]);
    carol.media.release(stream);
    expect(carol.media.liveTrackCount).to.equal(0);
    // Listing the devices re-validates the other remembered choice.
    await carol.devices.watch();
    await until(() => changes.length === 2, 3000, 'stale microphone dropped');
    expect([changes[1].slot, changes[1].previous]).to.deep.equal(['audioinput', 'no-such-mic']);
    expect(carol.devices.selected('audioinput')).to.equal('');
    await carol.dispose();
  });

  it('releases every track when the page is hidden for good', async () => {
    await connectedPair(alice, bob, true);
    expect(alice.media.liveTrackCount).to.equal(2);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await until(() => alice.media.liveTrackCount === 0 && bob.media.liveTrackCount === 0, 5000, 'tracks released');
    expect(alice.calls).to.deep.equal([]);
  });

  it('detects capabilities without prompting', () => {
    const caps = alice.capabilities;
    const h264 = (RTCRtpSender.getCapabilities('video')?.codecs ?? []).some((c) => c.mimeType.toLowerCase() === 'video/h264');
    expect(caps).to.deep.equal({
      webrtc: typeof RTCPeerConnection === 'function',
      getUserMedia: typeof navigator.mediaDevices.getUserMedia === 'function',
      getDisplayMedia: typeof navigator.mediaDevices.getDisplayMedia === 'function',
      setSinkId: 'setSinkId' in HTMLMediaElement.prototype,
      h264,
      secureContext: window.isSecureContext,
    });
    // This Chromium can do all of it (H.264 depends on the build, so it is not pinned).
    expect(caps).to.include({ webrtc: true, getUserMedia: true, getDisplayMedia: true, setSinkId: true, secureContext: true });
  });

  it('plays the ringtone on its own device and other tones on the speaker', async () => {
    const carol = await registeredController(uniqueUser('carol'), { tones: true });
    const ring = await deviceId(carol, 'audiooutput', 'Fake Audio Output 2');
    const speaker = await deviceId(carol, 'audiooutput', 'Fake Audio Output 1');
    await carol.selectDevice('ringtone', ring);
    await carol.selectDevice('audiooutput', speaker);
    const { sharedAudioContext } = await import('../../src/media/audio-context.js');
    const sink = () => (sharedAudioContext() as AudioContext & { sinkId: string }).sinkId;
    carol.tones.start('ringtone');
    await until(() => sink() === ring, 3000, 'ringtone sink');
    carol.tones.start('ringback');
    await until(() => sink() === speaker, 3000, 'speaker sink');
    carol.tones.stop();
    await sleep(10);
  });
});
