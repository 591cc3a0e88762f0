// <call-devices> in a call on the dev SIP server: choosing a camera, microphone and speaker
// switches the live call. Without a server (pickers, permission, preview, speaker test, for=,
// hiding, removal): src/elements/call-devices/call-devices.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { labels, level, pick, playing, select, video } from '../harness/devices-view.js';
import '../../src/elements/call-devices/define.js';
import type { CallDevices } from '../../src/elements/call-devices/call-devices.js';

describe('<call-devices> in a call', function () {
  this.timeout(60_000);
  beforeEach(() => localStorage.removeItem('call-elements:devices'));
  afterEach(async () => {
    await disposeControllers();
    localStorage.removeItem('call-elements:devices');
  });

  it('in a call: choosing another camera and microphone switches the live call, which stays connected', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [call] = await connectedPair(alice, bob, true);
    const el = await fixture<CallDevices>(html`<call-devices .controller=${alice}></call-devices>`);
    await until(() => labels(el, 'videoinput').includes('fake_device_2'), 5000, 'the cameras (needs device-count=3)');
    const camera = () => call.localStream!.getVideoTracks()[0];
    // Never fake_device_1: a Y16 depth camera that WebRTC encoders stall on.
    const other = camera().label === 'fake_device_2' ? 'fake_device_0' : 'fake_device_2';
    const cameraId = pick(el, 'videoinput', other);
    await until(() => camera().label === other, 8000, `the call's camera to become ${other}`);
    expect(camera().getSettings().deviceId).to.equal(cameraId);
    await until(() => (video(el).srcObject as MediaStream | null)?.getVideoTracks()[0] === camera(), 5000, 'preview of the call camera');
    await playing(el, 'in a call');

    pick(el, 'audioinput', 'Fake Audio Input 2');
    await until(() => call.localStream!.getAudioTracks()[0].label === 'Fake Audio Input 2', 8000, "the call's microphone");
    expect(call.state).to.equal('connected');
    expect(alice.media.liveTrackCount, 'in a call the element captures nothing of its own').to.equal(2);
    await until(() => level(el) > 0, 8000, "the call microphone's level");
  });

  it('speaker: choosing "Fake Audio Output 1" fires call-device-change and moves the call audio there', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [call] = await connectedPair(alice, bob);
    const el = await fixture<CallDevices>(html`<call-devices .controller=${alice} kinds="audiooutput"></call-devices>`);
    await until(() => labels(el, 'audiooutput').includes('Fake Audio Output 1'), 5000, 'speaker names');
    expect(select(el, 'audioinput')).to.equal(null);
    const changed = nextEvent(el, 'call-device-change');
    const id = pick(el, 'audiooutput', 'Fake Audio Output 1');
    const detail = await changed;
    expect(detail).to.include({ slot: 'audiooutput', deviceId: id, reason: 'selected' });
    type Sink = HTMLMediaElement & { sinkId: string };
    await until(() => (alice.audioOutput.element(call.id) as Sink | undefined)?.sinkId === id, 5000, 'sinkId of the call audio');
    expect(call.state).to.equal('connected');
  });
});
