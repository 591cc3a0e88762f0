// On trtc-sdk-v5 the SDK plays every remote user's audio itself (enterRoom's autoReceiveAudio),
// while our phone plays it through its own element (speaker choice, volume, the speaker mute):
// the far end must be heard once, from ours.
import { expect } from '@open-wc/testing';
import { until } from './helpers.js';
import { GENERATIONS, cloud, disposeTrtc, energyAt, trtcController, trtcPair, trtcUser, useGeneration } from './trtc-helpers.js';

/** The SDK's own players of `from` at `at` that sound (playing, not muted, volume above 0). */
const audibleSdkPlayers = (at: string, from: string) =>
  [...document.querySelectorAll<HTMLAudioElement>('audio[data-fake-trtc-v5-player]')].filter((a) => a.dataset.fakeTrtcV5Player === `${at} ${from}` && !a.paused && !a.muted && a.volume > 0);

describe('TRTC on trtc-sdk-v5: remote audio plays once', function () {
  this.timeout(20_000);
  before(() => useGeneration(GENERATIONS[1]!));
  after(async () => {
    useGeneration(GENERATIONS[0]!);
    await disposeTrtc();
    cloud.reset();
  });

  it("a call's far end is heard from our element only: the SDK's own player of it stays silent", async () => {
    const [alice, bob] = await Promise.all([trtcController(trtcUser('alice')), trtcController(trtcUser('bob'))]);
    const [call] = await trtcPair(alice, bob);
    await until(async () => (await energyAt(bob.user, alice.user)) > 0, 10_000, "bob's audio reaches alice");
    expect(call.participantStream(bob.user).getAudioTracks(), "bob's audio on alice's call").to.have.length(1);
    expect(audibleSdkPlayers(alice.user, bob.user), "the SDK's own playback of bob at alice").to.have.length(0);
    expect(audibleSdkPlayers(bob.user, alice.user), "the SDK's own playback of alice at bob").to.have.length(0);
  });
});
