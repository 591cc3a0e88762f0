import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { CallController } from '../../src/core/call-controller.js';
import { connectedPair, disposeControllers, inboundAudio, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

/**
 * Simulated unplug (Chromium cannot unplug a fake device): the real enumerateDevices is
 * wrapped to leave out the devices `gone` matches, and the real `devicechange` is dispatched.
 * Returns the restore function.
 */
function unplug(gone: (d: MediaDeviceInfo) => boolean): () => void {
  const media = navigator.mediaDevices;
  const real = MediaDevices.prototype.enumerateDevices.bind(media);
  media.enumerateDevices = async () => (await real()).filter((d) => !gone(d));
  return () => delete (media as unknown as Record<string, unknown>).enumerateDevices;
}

/** The track in use also ends, as it does when its device goes away. */
function endTrack(track: MediaStreamTrack): void {
  track.stop();
  track.dispatchEvent(new Event('ended'));
}

async function flowing(call: Call, kind: 'audio' | 'video'): Promise<void> {
  const count = async () => {
    let n = 0;
    (await call.getStats())?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === kind) n += kind === 'video' ? (s.framesDecoded ?? 0) : (s.packetsReceived ?? 0);
    });
    return n;
  };
  const start = await count();
  await until(async () => (await count()) > start + 10, 15_000, `${kind} flowing at the far end`);
}

describe('unplugging the device in use, whichever it is', function () {
  this.timeout(90_000);
  let alice: CallController;
  let bob: CallController;
  let restore: (() => void) | undefined;
  beforeEach(async () => {
    localStorage.removeItem('call-elements:devices');
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await disposeControllers();
    localStorage.removeItem('call-elements:devices');
  });

  it('the default microphone: what remains takes over, call-device-change unplugged, audio keeps flowing, mute kept', async () => {
    const [out, inb] = await connectedPair(alice, bob);
    out.mute();
    const old = out.localStream!.getAudioTracks()[0];
    const { deviceId, groupId } = old.getSettings();
    const lostLabel = old.label;
    expect(alice.devices.remembered('audioinput'), 'no microphone chosen: the default is in use').to.equal('');
    // The default entry and the device it stands for go together.
    restore = unplug((d) => d.kind === 'audioinput' && (d.deviceId === deviceId || d.groupId === groupId));
    const lost = nextEvent(alice, 'call-device-change', (d) => d.reason === 'unplugged');
    endTrack(old);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    const detail = await lost;
    expect([detail.slot, detail.deviceId, detail.previous]).to.deep.equal(['audioinput', '', '']);
    expect(detail.lost?.deviceId).to.equal(deviceId);
    const fresh = out.localStream!.getAudioTracks()[0];
    expect(fresh.readyState).to.equal('live');
    expect(fresh.getSettings().deviceId, 'not the lost device').to.not.equal(deviceId);
    expect(fresh.label).to.not.equal(lostLabel === 'Fake Default Audio Input' ? '' : lostLabel);
    expect(fresh.enabled, 'still muted').to.equal(false);
    out.unmute();
    await flowing(inb, 'audio');
    expect(alice.media.liveTrackCount, 'the old track is not counted, the new one is').to.equal(1);
    expect(out.state).to.equal('connected');
  });

  it('the camera: another camera takes over, call-device-change unplugged, the far end keeps decoding frames', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const old = out.localStream!.getVideoTracks()[0];
    const { deviceId } = old.getSettings();
    expect(old.label).to.equal('fake_device_0');
    // fake_device_1 is a depth camera WebRTC encoders stall on: leave it out as if absent.
    restore = unplug((d) => d.kind === 'videoinput' && (d.deviceId === deviceId || d.label === 'fake_device_1'));
    const lost = nextEvent(alice, 'call-device-change', (d) => d.reason === 'unplugged');
    endTrack(old);
    const detail = await lost;
    expect([detail.slot, detail.previous, detail.lost?.label]).to.deep.equal(['videoinput', '', 'fake_device_0']);
    await until(() => out.localStream!.getVideoTracks()[0]?.label === 'fake_device_2', 5000, 'fake_device_2 in use');
    expect(out.cameraOn).to.equal(true);
    await flowing(inb, 'video');
  });

  it('the speaker mid-call: call audio moves to the default output and keeps playing', async () => {
    const [out] = await connectedPair(alice, bob);
    await alice.devices.refresh();
    const speaker = alice.devices.list('audiooutput').find((d) => d.label === 'Fake Audio Output 1')!;
    await alice.selectDevice('audiooutput', speaker.deviceId);
    const element = alice.audioOutput.element(out.id) as HTMLMediaElement & { sinkId: string };
    expect(element.sinkId).to.equal(speaker.deviceId);
    restore = unplug((d) => d.kind === 'audiooutput' && d.deviceId === speaker.deviceId);
    const lost = nextEvent(alice, 'call-device-change', (d) => d.reason === 'unplugged');
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    const detail = await lost;
    expect([detail.slot, detail.deviceId, detail.previous, detail.lost?.label]).to.deep.equal(['audiooutput', '', speaker.deviceId, 'Fake Audio Output 1']);
    await until(() => element.sinkId === '', 5000, 'default output');
    expect(alice.tones.sinks.speaker).to.equal('');
    expect(out.state).to.equal('connected');
    const packets = async () => (await inboundAudio(out))?.packets ?? 0;
    const before = await packets();
    await until(async () => (await packets()) > before + 10, 10_000, 'audio arriving');
    expect(element.paused, 'call audio still playing').to.equal(false);
    expect(element.srcObject).to.equal(out.remoteStream);
  });
});
