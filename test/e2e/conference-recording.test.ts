// A 3-way conference mixed in the page, and call recording, between browser phones through
// the dev SIP server. The fake microphone beeps: muting a side silences its source.
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import { connectedPair, disposeControllers, energyOver, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Received audio energy over 1.5 s, after audio already in flight has drained. */
async function heard(call: Call): Promise<number> {
  await sleep(700);
  return energyOver(call, 1500);
}

/** Root mean square of a recording's decoded samples (all channels). */
async function rmsOf(blob: Blob): Promise<number> {
  const context = new OfflineAudioContext(1, 48_000, 48_000);
  const audio = await context.decodeAudioData(await blob.arrayBuffer());
  let sum = 0;
  let count = 0;
  for (let channel = 0; channel < audio.numberOfChannels; channel++) {
    for (const sample of audio.getChannelData(channel)) {
      sum += sample * sample;
      count++;
    }
  }
  return count ? Math.sqrt(sum / count) : 0;
}

/** Alice with a connected call to bob and then one to carol (bob's held by the second). */
async function threeWay() {
  const [alice, bob, carol] = await Promise.all([
    registeredController(uniqueUser('alice')),
    registeredController(uniqueUser('bob')),
    registeredController(uniqueUser('carol')),
  ]);
  const [toBob, bobLeg] = await connectedPair(alice, bob);
  const [toCarol, carolLeg] = await connectedPair(alice, carol);
  return { alice, toBob, bobLeg, toCarol, carolLeg };
}

describe('3-way conference (merge)', function () {
  this.timeout(60_000);
  afterEach(disposeControllers);

  it('alice merges bob and carol: bob hears carol through alice; unmerge and hanging up a leg split it', async () => {
    const { alice, toBob, bobLeg, toCarol, carolLeg } = await threeWay();
    await until(() => toBob.held.local, 8000, 'bob held by the second call');

    const merged = nextEvent(alice, 'call-conference', (d) => d.merged);
    await alice.merge(toBob, toCarol);
    expect((await merged).calls).to.deep.equal([toBob, toCarol]);
    expect(alice.conference).to.deep.equal([toBob, toCarol]);
    await until(() => !toBob.held.local && !toCarol.held.local, 8000, 'both legs resumed');

    // Alice says nothing: what bob hears can only be carol, through alice's mix.
    toBob.mute();
    toCarol.mute();
    const fromCarol = await heard(bobLeg);
    expect(fromCarol, 'bob hears carol').to.be.greaterThan(0);
    expect(await heard(carolLeg), 'and carol hears bob').to.be.greaterThan(0);
    carolLeg.mute();
    expect(await heard(bobLeg), 'carol muted: bob hears nothing').to.be.lessThan(fromCarol / 20);
    carolLeg.unmute();

    const split = nextEvent(alice, 'call-conference', (d) => !d.merged);
    await alice.unmerge();
    await split;
    // One call at a time is live again: the first stays, the second goes on hold.
    expect([toBob.state, toCarol.state, toCarol.held.local]).to.deep.equal(['connected', 'held', true]);
    expect(await heard(bobLeg), 'unmerged: carol no longer reaches bob').to.be.lessThan(fromCarol / 20);

    await alice.merge(toBob, toCarol);
    const splitByHangup = nextEvent(alice, 'call-conference', (d) => !d.merged);
    carolLeg.hangup();
    await splitByHangup;
    expect(toBob.state, 'the other leg stays').to.equal('connected');
    toBob.unmute();
    expect(await heard(bobLeg), 'bob hears alice again').to.be.greaterThan(0);
  });

  it('mute in a conference mutes us to both far ends, whichever leg it is asked on', async () => {
    const { alice, toBob, bobLeg, toCarol, carolLeg } = await threeWay();
    await alice.merge(toBob, toCarol);
    await until(() => !toBob.held.local && !toCarol.held.local, 8000, 'both legs resumed');
    // Bob and carol say nothing: what each hears is alice alone.
    bobLeg.mute();
    carolLeg.mute();
    const fromAlice = Math.min(await heard(bobLeg), await heard(carolLeg));
    expect(fromAlice, 'both hear alice').to.be.greaterThan(0);
    const mutes: string[] = [];
    alice.addEventListener('call-mute', ({ detail }) => mutes.push(`${detail.call === toBob ? 'bob' : 'carol'} ${detail.muted}`));

    toBob.mute(); // what the phone's Mute does: the current call
    expect([toBob.muted.audio, toCarol.muted.audio]).to.deep.equal([true, true]);
    expect(await heard(bobLeg), 'bob hears nothing').to.be.lessThan(fromAlice / 20);
    expect(await heard(carolLeg), 'nor does carol').to.be.lessThan(fromAlice / 20);

    toCarol.unmute();
    expect([toBob.muted.audio, toCarol.muted.audio]).to.deep.equal([false, false]);
    expect(await heard(bobLeg), 'bob hears alice again').to.be.greaterThan(fromAlice / 5);
    expect(await heard(carolLeg), 'carol too').to.be.greaterThan(fromAlice / 5);
    expect(mutes.sort()).to.deep.equal(['bob false', 'bob true', 'carol false', 'carol true']);

    // Merging a muted call with an unmuted one mutes both: nobody hears us by surprise.
    await alice.unmerge();
    toBob.mute();
    await alice.merge(toBob, toCarol);
    expect([toBob.muted.audio, toCarol.muted.audio]).to.deep.equal([true, true]);
  });

  it('refuses what cannot be merged', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [toBob] = await connectedPair(alice, bob);
    let refused: unknown;
    await alice.merge(toBob, toBob).catch((error) => (refused = error));
    expect((refused as { code?: string })?.code).to.equal('call/invalid-state');
  });
});

describe('recording a call', function () {
  this.timeout(40_000);
  afterEach(disposeControllers);

  it('records both sides into a playable file; pause; stops by itself at hang-up', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [out, inc] = await connectedPair(alice, bob);
    await until(async () => (await energyOver(out, 300)) > 0, 10_000, 'audio');

    const take = async () => {
      out.startRecording();
      expect(out.recording).to.equal('recording');
      await sleep(2500);
      return out.stopRecording();
    };
    out.mute();
    const farOnly = await take();
    out.unmute();
    inc.mute();
    const nearOnly = await take();
    out.mute();
    await sleep(700);
    const silence = await take();
    const [far, near, none] = [await rmsOf(farOnly), await rmsOf(nearOnly), await rmsOf(silence)];
    expect(farOnly.type).to.match(/^audio\//);
    expect(far, 'the far end is in the recording').to.be.greaterThan(none * 10);
    expect(near, 'and we are').to.be.greaterThan(none * 10);

    out.unmute();
    out.startRecording();
    out.pauseRecording();
    expect(out.recording).to.equal('paused');
    out.resumeRecording();
    const stopped = nextEvent(alice, 'call-recording', (d) => d.state === 'stopped');
    await sleep(1500);
    out.hangup();
    const { blob } = await stopped;
    expect(blob?.size, 'the recording made until hang-up').to.be.greaterThan(0);
    expect(out.recording).to.equal('stopped');
  });
});
