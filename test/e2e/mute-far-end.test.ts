import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { CallController } from '../../src/core/call-controller.js';
import { sipStats } from '../harness/sip-commands.js';
import { isBlack, meanColour, remoteVideo } from './frames.js';
import { connectedPair, directions, disposeControllers, energyOver, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Video frames the far end decoded so far. */
async function framesDecoded(call: Call): Promise<number> {
  let frames = 0;
  (await call.getStats())?.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
  });
  return frames;
}

async function sipRequests(): Promise<number> {
  return Object.values((await sipStats()).requests).reduce((a, b) => a + b, 0);
}

describe('mute is per kind and seen at the far end', function () {
  this.timeout(90_000);
  let alice: CallController;
  let bob: CallController;
  beforeEach(async () => {
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(() => disposeControllers());

  it('muting video sends black frames while audio keeps its energy, and the reverse; call-mute per kind; SDP and remote tracks unchanged', async () => {
    const [out, inb] = await connectedPair(alice, bob, true);
    const mutes = record(alice, 'call-mute');
    const picture = await remoteVideo(inb);
    try {
      await until(() => !isBlack(meanColour(picture.video)), 15_000, 'camera picture at the far end');
      expect(await energyOver(inb, 1500), 'audio before any mute').to.be.above(0);
      const requests = await sipRequests();

      out.mute('video');
      expect(out.muted).to.deep.equal({ audio: false, video: true });
      await until(() => isBlack(meanColour(picture.video)), 10_000, 'black frames at the far end');
      const unmutedEnergy = await energyOver(inb, 2000);
      expect(unmutedEnergy, 'audio energy continues while video is muted').to.be.above(0);
      // What the far end is told: nothing in signalling; the tracks stay unmuted; only the media changes.
      expect(directions(inb), 'far-end SDP directions while video is muted').to.deep.equal({ audio: 'sendrecv', video: 'sendrecv' });
      expect(inb.remoteStream.getTracks().map((t) => [t.kind, t.muted])).to.have.deep.members([
        ['audio', false],
        ['video', false],
      ]);

      out.unmute('video');
      await until(() => !isBlack(meanColour(picture.video)), 10_000, 'picture back');
      out.mute('audio');
      expect(out.muted).to.deep.equal({ audio: true, video: false });
      await sleep(500); // packets in flight
      const mutedEnergy = await energyOver(inb, 2000);
      expect(mutedEnergy, 'silence while audio is muted').to.be.below(unmutedEnergy / 100);
      const frames = await framesDecoded(inb);
      await sleep(1500);
      expect((await framesDecoded(inb)) - frames, 'video frames continue while audio is muted').to.be.above(10);
      expect(isBlack(meanColour(picture.video)), 'picture not black while audio is muted').to.equal(false);
      expect(directions(inb)).to.deep.equal({ audio: 'sendrecv', video: 'sendrecv' });
      expect(inb.remoteStream.getAudioTracks()[0].muted, 'far-end audio track while muted').to.equal(false);

      const back = nextEvent(alice, 'call-mute', (d) => d.kind === 'audio' && !d.muted);
      out.unmute('audio');
      await back;
      await until(async () => (await energyOver(inb, 1000)) > unmutedEnergy / 20, 10_000, 'audio energy back');
      expect(mutes.map((m) => [m.kind, m.muted])).to.deep.equal([
        ['video', true],
        ['video', false],
        ['audio', true],
        ['audio', false],
      ]);
      expect(await sipRequests(), 'no SIP message for mute').to.equal(requests);
    } finally {
      picture.dispose();
    }
  });
});
