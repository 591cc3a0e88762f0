// Choosing the speaker in every engine (the same file runs in Chromium and Firefox): the call's
// audio element and the tones go to the chosen output. Chromium's AudioContext chooses its own
// output (setSinkId); Firefox's cannot, so tones reach the device through an <audio> element
// on it (src/media/sink-bridge.ts) — measured here, not assumed.
import { expect } from '@open-wc/testing';
import { sharedAudioContext } from '../../src/media/audio-context.js';
import { sinkBridges } from '../../src/media/sink-bridge.js';
import { Tones } from '../../src/media/tones.js';
import { connectedPair, disposeControllers, registeredController, sleep, uniqueUser, until } from './helpers.js';

const contextChoosesOutput = 'setSinkId' in AudioContext.prototype;

/** The peak level of what plays on `sinkId` through Web Audio, over `ms`. */
async function peakOn(sinkId: string, ms: number): Promise<number> {
  const ctx = sharedAudioContext()!;
  if (contextChoosesOutput) {
    // The context itself plays on the device (its setSinkId settles a moment later).
    await until(() => Tones.currentSink(ctx) === sinkId, 2000, 'the context on the chosen speaker');
    return 1;
  }
  const bridge = sinkBridges().find((b) => b.sinkId === sinkId);
  expect(bridge, `a bridge to ${sinkId}`).to.not.equal(undefined);
  await until(() => sinkBridges().find((b) => b.sinkId === sinkId)!.playingOn === sinkId, 3000, 'the bridge element on the chosen speaker');
  expect(sinkBridges().find((b) => b.sinkId === sinkId)!.paused, 'the bridge element plays').to.equal(false);
  const analyser = ctx.createAnalyser();
  const source = ctx.createMediaStreamSource(bridge!.stream);
  source.connect(analyser);
  const buffer = new Float32Array(analyser.fftSize);
  let peak = 0;
  for (const end = Date.now() + ms; Date.now() < end; ) {
    await sleep(50);
    analyser.getFloatTimeDomainData(buffer);
    for (const v of buffer) peak = Math.max(peak, Math.abs(v));
  }
  source.disconnect();
  return peak;
}

describe('the chosen speaker, in this engine', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('call audio, the test beep and the ringtone play on the outputs chosen for them', async () => {
    // Outputs are listed once the page may capture (Firefox lists none before).
    (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((t) => t.stop());
    const alice = await registeredController(uniqueUser('alice'), { tones: true });
    const bob = await registeredController(uniqueUser('bob'));
    expect(alice.capabilities.setSinkId, 'media elements choose outputs in this engine').to.equal(true);
    await alice.devices.refresh();
    const outputs = alice.devices.list('audiooutput').filter((d) => d.deviceId && d.deviceId !== 'default');
    // Chromium: "Fake Audio Output 1".."3"; Firefox's mock backend: "Fake Audio Output 1 (PREFERRED)", "… 2".
    const named = (n: number) => outputs.find((d) => d.label.startsWith(`Fake Audio Output ${n}`))?.deviceId;
    const speaker = named(2)!;
    const ringer = named(1)!;
    expect(speaker && ringer, `two fake outputs listed: ${outputs.map((d) => d.label).join(', ')}`).to.be.a('string');
    await alice.selectDevice('audiooutput', speaker);
    await alice.selectDevice('ringtone', ringer);

    const beep = alice.testSpeaker();
    await sleep(100);
    expect(await peakOn(speaker, 300), 'the test beep on the speaker').to.be.greaterThan(0.01);
    await beep;

    alice.tones.start('ringtone', 3000);
    expect(await peakOn(ringer, 1000), 'the ringtone on its own device').to.be.greaterThan(0.01);
    alice.tones.stop();

    const [out] = await connectedPair(alice, bob);
    const sinkOf = () => (alice.audioOutput.element(out.id) as (HTMLMediaElement & { sinkId?: string }) | undefined)?.sinkId;
    await until(() => sinkOf() === speaker, 3000, 'call audio on the chosen speaker');
  });
});
