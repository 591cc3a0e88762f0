// One TRTC phone across tabs (src/core/tabs, src/providers/trtc/tab-room.ts): same-origin
// frames stand for tabs; the far end is a TRTC controller of another user in the test page (or
// Tencent's TRTCCalling, for a call that must not move between tabs). The
// frames drive the test page's fake Tencent SDKs (passed in the `sdk` setting), so every tab
// and the far end meet in one fake cloud, which counts TIM logins and carries the rooms' media.
import { expect } from '@open-wc/testing';
import TRTCCalling from 'trtc-calling-js';
import { nextEvent, record, until } from './helpers.js';
import { closeTab, closeTabs, openTab } from './tab-frames.js';
import type { Tab } from './tab-frames.js';
import { FAKE_SDKS, GENERATIONS, SDK_APP_ID, cloud, disposeTrtc, energyAt, trtcController, trtcUser, useGeneration } from './trtc-helpers.js';

/** Opens a tab of TRTC user `user` and waits until it shows the phone logged in. */
async function trtcTab(user: string): Promise<Tab> {
  const tab = await openTab(user, { provider: 'trtc', sdkAppId: SDK_APP_ID, userSig: `sig-${user}`, sdk: { ...FAKE_SDKS } }, '');
  await tab.waitRegistered();
  return tab;
}

/** Two tabs of `user`: the first leads (holds the TIM login), the second follows. */
async function twoTabs(user: string): Promise<[Tab, Tab]> {
  const leader = await trtcTab(user);
  return [leader, await trtcTab(user)];
}

for (const generation of GENERATIONS) {
  describe(`one TRTC phone across tabs, ${generation.name}`, function () {
    this.timeout(60_000);
    before(() => useGeneration(generation));
    after(() => useGeneration(GENERATIONS[0]));
    afterEach(async () => {
      closeTabs();
      await disposeTrtc();
    });

    it('two tabs log in to TIM once and none is kicked out; both ring, the call answered in the second has its media there, both ways, and its hang-up reaches the far end', async () => {
      const user = trtcUser('tabs');
      const [leader, follower] = await twoTabs(user);
      expect(cloud.loginsOf(user), 'TIM logins of the shared user').to.equal(1);
      const far = await trtcController(trtcUser('far'));
      const out = await far.dial(user);
      expect(await leader.waitIncoming(), 'the leading tab rings').to.equal(far.user);
      expect(await follower.waitIncoming(), 'the following tab rings').to.equal(far.user);
      const connected = nextEvent(far, 'call-connected', (d) => d.call === out, 10_000);
      await follower.answer();
      await connected;
      expect(await energyAt(user, far.user), 'the far end hears the answering tab').to.be.greaterThan(0);
      expect(await energyAt(far.user, user), 'the answering tab gets the far end').to.be.greaterThan(0);
      expect(await follower.remotePeak(), 'the answering tab gets the far end\'s sound').to.be.greaterThan(0);
      expect(follower.captures(), 'the answering tab captured').to.be.greaterThan(0);
      expect(leader.captures(), 'the leading tab captured nothing').to.equal(0);
      await until(() => leader.callState() === 'ended', 5000, 'the leading tab\'s ringing call gone');
      expect(leader.endReason()).to.equal('answered-elsewhere');
      await until(() => leader.elsewhere().includes(`${far.user}:connected`), 5000, 'the leading tab lists the call');
      const ended = nextEvent(far, 'call-ended', (d) => d.call === out, 10_000);
      follower.hangup();
      expect((await ended).summary.reason, 'the far end\'s call').to.equal('remote-hangup');
      expect(cloud.loginsOf(user), 'still one TIM login').to.equal(1);
      expect(leader.registered() && follower.registered(), 'both tabs still logged in').to.equal(true);
    });

    it('a call moves to the tab that asks (moveHere) and back, leaving the room from one tab and entering it from the other: its sound follows both ways, and the far end (a call-elements phone) keeps the call', async () => {
      const user = trtcUser('tabs');
      const [leader, follower] = await twoTabs(user);
      const far = await trtcController(trtcUser('far'));
      const farEnded = record(far, 'call-ended');
      const out = await far.dial(user);
      await follower.waitIncoming();
      const connected = nextEvent(far, 'call-connected', (d) => d.call === out, 10_000);
      await follower.answer();
      await connected;

      await leader.moveHere();
      await until(() => follower.callState() === 'ended', 5000, 'the answering tab\'s copy ended');
      expect(follower.endReason(), 'the answering tab\'s copy').to.equal('moved');
      await until(() => follower.liveTracks() === 0, 5000, 'the answering tab released its microphone');
      expect(await leader.remotePeak(), 'the leading tab gets the far end\'s sound').to.be.greaterThan(0);
      expect(await energyAt(user, far.user), 'the far end hears the phone from the leading tab').to.be.greaterThan(0);
      expect(leader.captures(), 'the leading tab captured').to.be.greaterThan(0);

      await follower.moveHere();
      await until(() => leader.callState() === 'ended', 5000, 'the leading tab\'s copy ended');
      expect(leader.endReason(), 'the leading tab\'s copy').to.equal('moved');
      await until(() => leader.liveTracks() === 0, 5000, 'the leading tab released its microphone');
      expect(await follower.remotePeak(), 'the tab gets the far end\'s sound again').to.be.greaterThan(0);
      expect(await energyAt(user, far.user), 'the far end hears the phone from that tab').to.be.greaterThan(0);
      expect(out.state, 'the far end\'s call').to.equal('connected');
      expect(farEnded, 'call-ended at the far end').to.have.length(0);
      expect(cloud.loginsOf(user), 'still one TIM login').to.equal(1);

      const ended = nextEvent(far, 'call-ended', (d) => d.call === out, 10_000);
      follower.hangup();
      expect((await ended).summary.reason, 'the far end\'s call').to.equal('remote-hangup');
    });
  });
}

describe('one TRTC phone across tabs, a call with Tencent\'s TRTCCalling (trtc-calling-js 1.0.6)', function () {
  this.timeout(60_000);
  let calling: TRTCCalling | undefined;
  afterEach(async () => {
    await calling?.hangup().catch(() => undefined);
    await calling?.logout().catch(() => undefined);
    calling = undefined;
    closeTabs();
    await disposeTrtc();
  });

  it('does not move between tabs (TRTCCalling ends a one-to-one call when the peer leaves the room): the call placed to move it ends failed saying why, and the call goes on where it was, with its sound', async () => {
    const user = trtcUser('tabs');
    const [leader, follower] = await twoTabs(user);
    const tencent = trtcUser('tencent');
    calling = new TRTCCalling({ SDKAppID: SDK_APP_ID });
    calling.setLogLevel(4);
    const ends: unknown[] = [];
    calling.on(TRTCCalling.EVENT.CALL_END, (event: unknown) => ends.push(event));
    let ready = false;
    calling.on(TRTCCalling.EVENT.SDK_READY, () => (ready = true));
    await calling.login({ userID: tencent, userSig: `sig-${tencent}` });
    await until(() => ready, 5000, 'TRTCCalling SDK_READY');
    await calling.call({ userID: user, type: 1 });
    await follower.waitIncoming();
    await follower.answer();

    const outcome = await leader.tryMoveHere();
    expect(outcome, 'the call placed to move it').to.match(/^ended:failed:Cannot move this TRTC call to another tab: .*TRTCCalling/);
    expect(follower.callState(), 'the call in the answering tab').to.equal('connected');
    expect(await follower.remotePeak(), 'the answering tab still gets TRTCCalling\'s sound').to.be.greaterThan(0);
    expect(await energyAt(user, tencent), 'TRTCCalling still hears the phone').to.be.greaterThan(0);
    expect(ends, 'CALL_END at TRTCCalling').to.have.length(0);
    expect(leader.liveTracks(), 'the leading tab released what it captured to move the call').to.equal(0);
  });
});

describe('one TRTC phone across tabs: calls placed in a following tab', function () {
  this.timeout(60_000);
  afterEach(async () => {
    closeTabs();
    await disposeTrtc();
  });

  it('a call dialled in the following tab: its media there, video switched on there reaches the far end, and closing that tab ends the call at the far end', async () => {
    const user = trtcUser('tabs');
    const [leader, follower] = await twoTabs(user);
    const far = await trtcController(trtcUser('far'));
    const incoming = nextEvent(far, 'call-incoming', () => true, 10_000);
    const dialled = follower.dial(far.user);
    const { call: inbound } = await incoming;
    await inbound.answer();
    await dialled;
    expect(await energyAt(user, far.user), 'the far end hears the dialling tab').to.be.greaterThan(0);
    expect(await follower.remotePeak(), 'the dialling tab gets the far end\'s sound').to.be.greaterThan(0);
    expect(leader.captures(), 'the leading tab captured nothing').to.equal(0);

    const switched = nextEvent(far, 'call-participant-change', (d) => d.call === inbound && d.participant.video === true, 10_000);
    await follower.upgradeToVideo();
    await switched;
    expect(follower.sendsVideo(), 'the dialling tab sends its camera').to.equal(true);

    const ended = nextEvent(far, 'call-ended', (d) => d.call === inbound, 10_000);
    closeTab(follower);
    expect((await ended).summary.reason, 'the far end\'s call once the media tab closed').to.equal('remote-hangup');
    expect(leader.registered(), 'the leading tab still logged in').to.equal(true);
  });

  it('the leading tab closes mid-call: the call in the other tab goes on, sound both ways; that tab logs in, and the far end hanging up ends the call there', async () => {
    const user = trtcUser('tabs');
    const [leader, follower] = await twoTabs(user);
    const far = await trtcController(trtcUser('far'));
    const out = await far.dial(user);
    await follower.waitIncoming();
    const connected = nextEvent(far, 'call-connected', (d) => d.call === out, 10_000);
    await follower.answer();
    await connected;
    closeTab(leader);
    await until(() => cloud.loginsOf(user) === 2, 10_000, 'the remaining tab logged in to TIM');
    await follower.waitRegistered();
    expect(follower.callState(), 'the call in the remaining tab').to.equal('connected');
    expect(await energyAt(user, far.user), 'the far end still hears the tab').to.be.greaterThan(0);
    expect(await follower.remotePeak(), 'the tab still gets the far end\'s sound').to.be.greaterThan(0);
    out.hangup();
    await until(() => follower.callState() === 'ended', 10_000, 'the far end\'s hang-up reached the tab\'s call');
    expect(follower.endReason()).to.equal('remote-hangup');
  });
});
