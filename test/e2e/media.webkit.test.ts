// What WebKitGTK can do without WebRTC, through our API as a page uses it: capture from
// MiniBrowser's mock camera and microphone (<call-devices>: names, preview, level meter), tones
// that really sound (Web Audio), recording a call to MP4 (MediaRecorder), and the iOS quirks
// this engine shows (video inline, muted and autoplaying; a <call-video> moved by a re-render
// keeps playing). Calls run on the memory provider (test/fakes): the core and the elements are
// the real ones, only the network is a fake. Runs in the WebKit pass of npm test.
import { expect, fixture, html } from '@open-wc/testing';
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { retainAudioContext, sharedAudioContext } from '../../src/media/audio-context.js';
import '../../src/elements/call-devices/define.js';
import '../../src/elements/call-video/define.js';
import type { CallDevices } from '../../src/elements/call-devices/call-devices.js';
import type { CallVideo } from '../../src/elements/call-video/call-video.js';
import { labels, level, part, playing as previewPlaying } from '../harness/devices-view.js';
import { playing } from '../harness/video-view.js';
import { memoryProvider } from '../fakes/memory-provider.js';
import type { MemoryNetwork } from '../fakes/memory-provider.js';
import { disposeControllers, startedController } from '../fakes/memory-harness.js';
import { sleep, until } from './helpers.js';

/**
 * Plays a recording (an <audio> element on the file) and returns the peak absolute sample heard
 * over `ms`. WebKit's decodeAudioData fails now and then on MediaRecorder's MP4 while its player
 * reads it; the element is muted (the autoplay policy lets a page play muted media without a
 * gesture) and WebKit still feeds its sound to the graph.
 */
async function playbackPeak(blob: Blob, ms = 1000): Promise<number> {
  const audio = new Audio(URL.createObjectURL(blob));
  audio.muted = true;
  // The library's shared context: running (the recording's mix runs on it).
  const { context, release } = retainAudioContext()!;
  try {
    expect(context.state, 'the shared AudioContext runs').to.equal('running');
    const analyser = context.createAnalyser();
    context.createMediaElementSource(audio).connect(analyser);
    await audio.play();
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
      analyser.getFloatTimeDomainData(samples);
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  } finally {
    audio.pause();
    URL.revokeObjectURL(audio.src);
    release();
  }
}

/**
 * What reaches the shared AudioContext's speakers: every node connected to its destination is
 * also connected to an analyser (AudioNode.prototype.connect wrapped until `restore`).
 */
function tapSpeakers(context: AudioContext) {
  const analyser = context.createAnalyser();
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (this: AudioNode, target: AudioNode | AudioParam, ...rest: number[]) {
    if (target === context.destination) connect.call(this, analyser as unknown as AudioParam);
    return (connect as (t: AudioNode | AudioParam, ...r: number[]) => AudioNode | void).call(this, target, ...rest);
  } as typeof AudioNode.prototype.connect;
  const samples = new Float32Array(analyser.fftSize);
  return {
    /** Peak absolute sample now. */
    peak(): number {
      analyser.getFloatTimeDomainData(samples);
      return samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    },
    restore: () => void (AudioNode.prototype.connect = connect),
  };
}

/**
 * A far-end audio track: another capture of a mock microphone, which beeps. (Not a Web Audio
 * oscillator: an AudioContext the page starts without a gesture stays suspended in WebKit, and
 * its stream is silent.)
 */
async function farEndTrack(): Promise<MediaStreamTrack> {
  const [track] = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
  return track;
}

/** How long each recording runs (see the recording test). */
const RECORD_MS = 3000;

describe('WebKit: capture, Web Audio, recording and video through the library', function () {
  this.timeout(30_000);
  let network: MemoryNetwork;
  const made: CallController[] = [];
  beforeEach(() => {
    network = memoryProvider();
    localStorage.removeItem('call-elements:devices');
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((c) => c.dispose()));
    await disposeControllers();
  });

  /** A connected call of a started controller; the far end sends `remote` (if given). */
  async function call(video: boolean, remote?: MediaStreamTrack): Promise<[CallController, Call]> {
    const controller = await startedController(network);
    const out = await controller.dial('bob', { video });
    network.last.ring().connect(remote ?? null);
    await until(() => out.state === 'connected', 5000, 'connected');
    return [controller, out];
  }

  it('<call-devices>: the mock microphone and camera by name after the allow button, a live preview and a microphone level', async () => {
    const controller = new CallController();
    made.push(controller);
    const el = await fixture<CallDevices>(html`<call-devices .controller=${controller} kinds="audioinput videoinput"></call-devices>`);
    await until(() => !!part(el, 'allow-button') || controller.devices.permission.microphone === 'granted', 5000, 'the allow button');
    part(el, 'allow-button')?.click();
    await until(() => el.getAttribute('permission') === 'granted', 8000, 'permission granted');
    const names = (kind: string) => controller.devices.list(kind as 'audioinput').map((d) => d.label);
    await until(() => names('audioinput').some(Boolean) && names('videoinput').some(Boolean), 5000, 'device names');
    for (const kind of ['audioinput', 'videoinput']) {
      expect(labels(el, kind), `${kind} picker`).to.include.members(names(kind).filter(Boolean));
    }
    await previewPlaying(el, 'the mock camera');
    await until(() => level(el) > 0, 8000, 'a level above 0 from the mock microphone');
    await expect(el).to.be.accessible();
  });

  it('tones sound: ringback while the far end rings (440 + 480 Hz reach the speakers), silence once answered; "Test speaker" beeps', async () => {
    const controller = await startedController(network, { tones: true });
    await controller.testSpeaker();
    const context = sharedAudioContext()!;
    expect(context.state, 'the shared AudioContext runs').to.equal('running');
    const speakers = tapSpeakers(context);
    try {
      const out = await controller.dial('bob');
      network.last.ring();
      expect(out.state).to.equal('ringing');
      await until(() => speakers.peak() > 0.01, 3000, 'the ringback reaching the speakers');
      network.last.connect();
      await until(() => out.state === 'connected', 5000, 'connected');
      await sleep(300);
      expect(speakers.peak(), 'no ringback in the call').to.be.below(0.001);
      const beep = controller.testSpeaker();
      await until(() => speakers.peak() > 0.01, 2000, 'the test beep');
      await beep;
    } finally {
      speakers.restore();
    }
  });

  it('records a call to MP4 with MediaRecorder: the far end is in the file, a muted microphone and a silent far end give near silence', async () => {
    const far = await farEndTrack();
    try {
      const [, out] = await call(false, far);
      out.mute();
      out.startRecording();
      expect(out.recording).to.equal('recording');
      // WebKitGTK's player opens its MediaRecorder's MP4 only up to the last whole fragment of
      // about 1 s (a 2 s file plays as 1.00 s); a file with none is refused (media error 4:
      // play() rejects "The operation is not supported"), as a 1 s recording always was in a
      // probe, so a 2 s one could be under load. 3 s leaves a whole fragment with room to spare.
      await sleep(RECORD_MS);
      const withFarEnd = await out.stopRecording();
      expect(withFarEnd.type, 'MP4 (WebKit has no WebM recording)').to.match(/^audio\/mp4/);
      far.enabled = false;
      await sleep(300);
      out.startRecording();
      await sleep(RECORD_MS);
      const silent = await out.stopRecording();
      const [loud, quiet] = [await playbackPeak(withFarEnd), await playbackPeak(silent)];
      expect(loud, 'the far end recorded').to.be.greaterThan(0.05);
      expect(quiet, 'silence recorded as silence').to.be.below(loud / 10);
    } finally {
      far.stop();
    }
  });

  it('<call-video>: our mock camera plays inline, muted and autoplaying, and keeps playing after a re-render moves or briefly removes it', async () => {
    const [controller, out] = await call(true);
    await until(() => out.cameraOn, 5000, 'camera on');
    const host = await fixture<HTMLDivElement>(html`<div><section></section><section></section></div>`);
    const [a, b] = [...host.querySelectorAll('section')];
    const el = document.createElement('call-video') as CallVideo;
    el.controller = controller;
    el.source = 'local';
    a.append(el);
    await playing(el, 'first render');
    const video = el.videoElement;
    // iOS plays a video inline only with playsinline, and without a gesture only when muted.
    expect(video.hasAttribute('playsinline') || video.playsInline, 'playsinline').to.equal(true);
    expect(video.muted && video.autoplay, 'muted autoplay').to.equal(true);
    const stillPlaying = async (what: string) => {
      await el.updateComplete;
      expect(el.videoElement, `${what}: same <video>`).to.equal(video);
      expect(video.srcObject, `${what}: same stream`).to.equal(out.localStream);
      await until(() => !video.paused, 3000, `${what}: playing`);
      const t = video.currentTime;
      await until(() => video.currentTime > t + 0.2, 5000, `${what}: time advancing`);
      expect(video.videoWidth, `${what}: a picture`).to.be.greaterThan(0);
    };
    b.append(el);
    await stillPlaying('re-parented');
    // Out of the document long enough for the browser to pause it (it pauses a removed video).
    el.remove();
    await sleep(500);
    a.append(el);
    await stillPlaying('removed and put back');
  });
});
