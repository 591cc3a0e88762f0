// One phone across tabs (src/core/tabs): same-origin frames stand for tabs (they share Web Locks
// and BroadcastChannel as tabs of one profile do; removing a frame closes its "tab"). The far
// end is a controller of another user in the test page. Against the dev SIP server, whose
// counters show what each user sent.
import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { testEnv } from '../harness/env.js';
import { openPeer } from '../harness/peer-commands.js';
import { clusterContacts, resetSipStats, sipStats, startCluster } from '../harness/sip-commands.js';
import { disposeControllers, energyOver, nextEvent, record, registeredController, uniqueUser, until } from './helpers.js';
import { closeTab, closeTabs, frames, openTab as openFrameTab } from './tab-frames.js';
import type { Tab } from './tab-frames.js';

/** Opens a "tab" of `user` (see `tab-frames.ts`), on the dev SIP server unless `server` says. */
function openTab(user: string, settings: Record<string, unknown> = {}, server = testEnv.sipUrl): Promise<Tab> {
  return openFrameTab(user, settings, server);
}

/**
 * Opens two registered tabs of `user`, one after the other: the first leads (holds the
 * registration), the second follows it.
 */
async function leaderAndFollower(user: string, settings: Record<string, unknown> = {}, server = testEnv.sipUrl): Promise<[Tab, Tab]> {
  const leader = await openTab(user, settings, server);
  await leader.waitRegistered();
  const follower = await openTab(user, settings, server);
  await follower.waitRegistered();
  return [leader, follower];
}

/** `bob` calls `user`, and `tab` answers: bob's call, connected. */
async function answeredIn(bob: CallController, user: string, tab: Tab): Promise<Call> {
  const out = await bob.dial(user);
  await tab.waitIncoming();
  const connected = nextEvent(bob, 'call-connected', (d) => d.call === out, 10_000);
  await tab.answer();
  await connected;
  return out;
}

/** Video frames `call` decoded so far. */
async function decodedVideo(call: Call): Promise<number> {
  let frames = 0;
  (await call.getStats())?.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
  });
  return frames;
}

/** REGISTER requests the dev server got from `user`. */
async function registersOf(user: string): Promise<number> {
  return (await sipStats()).byUser[user]?.REGISTER ?? 0;
}

describe('one phone across tabs (share-tabs, on by default)', function () {
  this.timeout(60_000);
  beforeEach(() => resetSipStats());
  afterEach(async () => {
    closeTabs();
    await disposeControllers();
  });

  it('three tabs of one user register once, and each shows the phone registered', async () => {
    const user = uniqueUser('tabs');
    const tabs = [await openTab(user)];
    await tabs[0].waitRegistered();
    tabs.push(await openTab(user), await openTab(user));
    for (const tab of tabs) await tab.waitRegistered();
    await new Promise((r) => setTimeout(r, 500));
    expect(await registersOf(user), 'REGISTERs from three tabs').to.equal(1);
  });

  it('a call rings in every tab; answered in the second, its audio flows there both ways, the others end answered-elsewhere and captured nothing', async () => {
    const user = uniqueUser('tabs');
    const first = await openTab(user);
    await first.waitRegistered();
    const second = await openTab(user);
    const third = await openTab(user);
    await second.waitRegistered();
    await third.waitRegistered();
    const bob = await registeredController(uniqueUser('bob'));
    const out = await bob.dial(user);
    for (const tab of [first, second, third]) expect(await tab.waitIncoming()).to.equal(bob.user);
    const connected = nextEvent(bob, 'call-connected', (d) => d.call === out, 10_000);
    await second.answer();
    await connected;
    await until(async () => (await second.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways with the second tab');
    expect(second.hasMedia(), 'the second tab has the call\'s peer connection').to.equal(true);
    expect(second.captures(), 'the microphone opened in the second tab').to.equal(1);
    for (const tab of [first, third]) {
      await until(() => tab.callState() === 'ended', 5000, 'the other tabs\' copies ended');
      expect(tab.endReason()).to.equal('answered-elsewhere');
      expect(tab.captures(), 'nothing captured in a tab that did not answer').to.equal(0);
    }
    const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 10_000);
    second.hangup();
    expect((await ended).summary.reason).to.equal('remote-hangup');
  });

  it('a call rung in every tab sounds in one: the tab focused last', async () => {
    const user = uniqueUser('tabs');
    const tabs = [await openTab(user, { tones: true })];
    await tabs[0].waitRegistered();
    tabs.push(await openTab(user, { tones: true }), await openTab(user, { tones: true }));
    for (const tab of tabs) await tab.waitRegistered();
    frames[1].contentWindow!.focus();
    await new Promise((r) => setTimeout(r, 100));
    const bob = await registeredController(uniqueUser('bob'));
    const out = await bob.dial(user);
    for (const tab of tabs) await tab.waitIncoming();
    expect(tabs.map((tab) => tab.tone()), 'the tones of the three tabs').to.deep.equal([undefined, 'ringtone', undefined]);
    out.hangup();
    for (const tab of tabs) await until(() => tab.callState() === 'ended', 5000, 'the call ended in every tab');
    expect(tabs.map((tab) => tab.endReason()), 'every tab saw the missed call').to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
    expect(tabs.map((tab) => tab.tone())).to.deep.equal([undefined, undefined, undefined]);
  });

  it('a call dialled in a tab that does not hold the registration has its media there, and hold and hang-up work from it', async () => {
    const user = uniqueUser('tabs');
    const [leader, follower] = await leaderAndFollower(user, { dtmfTransport: 'info' });
    const bob = await registeredController(uniqueUser('bob'));
    const tones = record(bob, 'call-dtmf');
    const incoming = nextEvent(bob, 'call-incoming', () => true, 10_000);
    const dialled = follower.dial(bob.user);
    const { call: inbound } = await incoming;
    await inbound.answer();
    await dialled;
    await until(async () => (await follower.energy(300)) > 0 && (await energyOver(inbound, 300)) > 0, 10_000, 'audio both ways with the dialling tab');
    expect(leader.captures(), 'nothing captured in the leading tab').to.equal(0);
    expect(await registersOf(user), 'one registration: the call went out through the leading tab').to.equal(1);
    follower.sendDtmf('12#');
    await until(() => tones.length >= 3, 5000, 'bob got the tones sent from the dialling tab');
    expect(tones.map((t) => t.tones).join('')).to.equal('12#');
    await follower.hold();
    await until(() => inbound.held.remote, 5000, 'bob sees the call held by the far end');
    expect(follower.callState()).to.equal('held');
    await follower.unhold();
    expect(follower.callState()).to.equal('connected');
    await until(() => !inbound.held.remote, 5000, 'bob sees the call resumed');
    const ended = nextEvent(bob, 'call-ended', (d) => d.call === inbound, 10_000);
    follower.hangup();
    expect((await ended).summary.reason).to.equal('remote-hangup');
  });

  it('a video call dialled in a tab that does not hold the registration: video flows both ways with that tab', async () => {
    const user = uniqueUser('tabs');
    const [, follower] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming', () => true, 10_000);
    const dialled = follower.dial(bob.user, true);
    const { call: inbound } = await incoming;
    expect(inbound.remoteVideo, 'bob is offered video').to.equal(true);
    await inbound.answer({ video: true });
    await dialled;
    await until(async () => (await decodedVideo(inbound)) > 5 && (await follower.videoIn()).frames > 5, 15_000, 'video frames decoded at both ends');
    follower.hangup();
  });

  it('video added to an audio call from a tab that does not hold the registration flows both ways, and removing it ends it at both ends', async () => {
    const user = uniqueUser('tabs');
    const [leader, follower] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming', () => true, 10_000);
    const dialled = follower.dial(bob.user);
    const { call: inbound } = await incoming;
    await inbound.answer();
    await dialled;
    const bobVideoChange = nextEvent(bob, 'call-video-change', (d) => d.call === inbound && d.remoteVideo, 10_000);
    await follower.upgradeToVideo();
    await bobVideoChange;
    await until(async () => (await decodedVideo(inbound)) > 5, 15_000, 'bob decodes the tab\'s video');
    // Bob adds his camera too: his re-INVITE reaches the tab's peer connection through the leading tab.
    await inbound.upgradeToVideo();
    await until(async () => (await follower.videoIn()).frames > 5, 15_000, 'the tab decodes bob\'s video');
    expect(follower.sendsVideo()).to.equal(true);
    expect(leader.captures(), 'nothing captured in the leading tab').to.equal(0);
    await follower.downgradeToAudio();
    expect(follower.sendsVideo()).to.equal(false);
    await until(() => !inbound.video && !inbound.remoteVideo, 10_000, 'bob\'s call is audio only again');
    await until(async () => (await follower.energy(300)) > 0 && (await energyOver(inbound, 300)) > 0, 10_000, 'audio both ways after');
    follower.hangup();
  });

  it('every tab lists the calls the others hold; a call moves to the tab that asks (moveHere) and back, its audio following, and its end reaches every tab', async () => {
    const user = uniqueUser('tabs');
    const [leader, other] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const out = await answeredIn(bob, user, leader);
    const connectedAt = leader.connectedAt()!;
    await until(() => other.elsewhere().join() === `${bob.user}:connected`, 5000, 'the other tab lists the leader\'s call');
    expect(leader.elsewhere(), 'a tab does not list its own call').to.deep.equal([]);
    await leader.hold();
    await until(() => other.elsewhere().join() === `${bob.user}:held`, 5000, 'the list shows it held');
    await leader.unhold();
    await until(() => other.elsewhere().join() === `${bob.user}:connected`, 5000, 'and resumed');
    // To the tab that does not hold the registration.
    await other.moveHere();
    expect(other.callState()).to.equal('connected');
    await until(() => leader.callState() === 'ended', 5000, 'the leader\'s copy ended');
    expect(leader.endReason()).to.equal('moved');
    expect(other.connectedAt(), 'the moved call\'s duration counts from when it first connected').to.be.closeTo(connectedAt, 20);
    await until(async () => (await other.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways with the tab it moved to');
    await until(() => leader.liveTracks() === 0, 5000, 'the leader released its microphone');
    await until(() => leader.elsewhere().join() === `${bob.user}:connected`, 5000, 'the leader lists the call now in the other tab');
    expect(other.elsewhere()).to.deep.equal([]);
    // And back to the tab that holds the registration.
    await leader.moveHere();
    await until(() => other.callState() === 'ended', 5000, 'the other tab\'s copy ended');
    expect(other.endReason()).to.equal('moved');
    expect(leader.connectedAt(), 'moved back: still from when it first connected').to.be.closeTo(connectedAt, 20);
    await until(async () => (await leader.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways with the leader again');
    await until(() => other.liveTracks() === 0, 5000, 'the other tab released its microphone');
    expect(out.state, 'bob\'s call went on throughout').to.equal('connected');
    out.hangup();
    await until(() => leader.callState() === 'ended', 5000, 'bob\'s BYE reached the leader');
    await until(() => other.endedElsewhere().includes(`${bob.user}:remote-hangup`), 5000, 'the other tab heard how the call ended');
    expect(other.elsewhere()).to.deep.equal([]);
  });

  it('<call-phone> lists a call another tab holds with Move here; pressing it moves the call into this tab', async () => {
    const user = uniqueUser('tabs');
    const [leader, other] = await leaderAndFollower(user);
    other.showPhone();
    const bob = await registeredController(uniqueUser('bob'), { displayName: 'Bob Example' });
    const out = await answeredIn(bob, user, leader);
    await until(async () => (await other.phoneElsewhere()) === 'Bob Example In another tab Move here', 5000, 'the phone lists the leader\'s call');
    await leader.hold();
    await until(async () => (await other.phoneElsewhere()) === 'Bob Example On hold in another tab Move here', 5000, 'held there');
    await leader.unhold();
    await other.pressMoveHere();
    await until(() => leader.endReason() === 'moved', 5000, 'the leader\'s call ended moved');
    await until(async () => (await other.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways in the tab with the phone');
    expect(await other.phoneElsewhere(), 'nothing listed: the call is here').to.equal('');
    out.hangup();
  });

  it('a transfer the far end asks for (REFER) is followed from the tab that holds the call, the new call\'s media there', async () => {
    const user = uniqueUser('tabs');
    const [leader, follower] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const carol = await registeredController(uniqueUser('carol'));
    const out = await answeredIn(bob, user, follower);
    const bobEnded = nextEvent(bob, 'call-ended', (d) => d.call === out, 20_000);
    const carolRings = nextEvent(carol, 'call-incoming', () => true, 10_000);
    await out.transfer(carol.user);
    const { call: carolCall } = await carolRings;
    await carolCall.answer();
    expect((await bobEnded).summary.reason, 'bob\'s call').to.equal('transferred');
    await until(() => follower.remoteUser() === carol.user && follower.callState() === 'connected', 10_000, 'the tab\'s new call to carol connected');
    await until(async () => (await follower.energy(300)) > 0 && (await energyOver(carolCall, 300)) > 0, 10_000, 'audio both ways between the tab and carol');
    expect(leader.captures(), 'nothing captured in the leading tab').to.equal(0);
    await until(() => leader.elsewhere().join() === `${carol.user}:connected`, 5000, 'the leading tab lists the new call');
    follower.hangup();
  });

  it('a transfer followed in the leading tab places a call the other tabs list, and it moves to another tab with its audio', async () => {
    const user = uniqueUser('tabs');
    const [leader, other] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const carol = await registeredController(uniqueUser('carol'));
    const out = await answeredIn(bob, user, leader);
    const carolRings = nextEvent(carol, 'call-incoming', () => true, 10_000);
    await out.transfer(carol.user);
    const { call: carolCall } = await carolRings;
    await carolCall.answer();
    await until(() => leader.remoteUser() === carol.user && leader.callState() === 'connected', 10_000, 'the leader\'s new call to carol connected');
    await until(() => other.elsewhere().join() === `${carol.user}:connected`, 5000, 'the other tab lists it');
    await other.moveHere();
    await until(() => leader.endReason() === 'moved', 5000, 'the leader\'s copy ended moved');
    await until(async () => (await other.energy(300)) > 0 && (await energyOver(carolCall, 300)) > 0, 10_000, 'audio both ways between the other tab and carol');
    const carolEnded = nextEvent(carol, 'call-ended', (d) => d.call === carolCall, 10_000);
    other.hangup();
    expect((await carolEnded).summary.reason).to.equal('remote-hangup');
  });

  it('declining in one tab declines the call: the caller hears it rejected, the other tab stops ringing', async () => {
    const user = uniqueUser('tabs');
    const [leader, follower] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const out = await bob.dial(user);
    await leader.waitIncoming();
    await follower.waitIncoming();
    const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 10_000);
    follower.reject();
    expect((await ended).summary.reason).to.equal('rejected');
    await until(() => leader.callState() === 'ended', 5000, 'the leading tab stopped ringing');
  });

  it('closing the tab that holds a call\'s media ends the call at once (BYE), not by a timeout', async () => {
    const user = uniqueUser('tabs');
    const [leader, media] = await leaderAndFollower(user);
    const bob = await registeredController(uniqueUser('bob'));
    const out = await answeredIn(bob, user, media);
    const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 3000);
    const closedAt = performance.now();
    closeTab(media);
    const { summary } = await ended;
    expect(summary.reason).to.equal('remote-hangup');
    expect(performance.now() - closedAt, 'ms from closing the tab to the BYE').to.be.below(3000);
    expect(leader.callState(), 'the leading tab\'s copy ended when the media tab answered').to.equal('ended');
  });

  it('when the leading tab closes, another takes over the registration within a second, with the same +sip.instance', async () => {
    const user = uniqueUser('tabs');
    const [leader, next] = await leaderAndFollower(user);
    expect(await registersOf(user)).to.equal(1);
    const closedAt = performance.now();
    closeTab(leader);
    await until(async () => (await registersOf(user)) >= 2, 5000, 'a REGISTER from the tab that took over');
    expect(performance.now() - closedAt, 'ms until the new leader registered (no expiry waited out; bench/tabs.bench.ts measures it)').to.be.below(5000);
    await next.waitRegistered();
    // It rings: calls reach the new leader.
    const bob = await registeredController(uniqueUser('bob'));
    void bob.dial(user);
    expect(await next.waitIncoming()).to.equal(bob.user);
  });

  for (const nextLeader of ['the media tab', 'a third tab'] as const) {
    it(`when the leading tab closes mid-call, the call whose media is in another tab goes on (${nextLeader} takes over its signalling): audio both ways, hold, and the far end's BYE`, async () => {
      const user = uniqueUser('tabs');
      const leader = await openTab(user);
      await leader.waitRegistered();
      // The lock goes next to the tab that asked for it first.
      const third = nextLeader === 'a third tab' ? await openTab(user) : undefined;
      const media = await openTab(user);
      await third?.waitRegistered();
      await media.waitRegistered();
      const bob = await registeredController(uniqueUser('bob'));
      const out = await answeredIn(bob, user, media);
      const bobEnded = record(bob, 'call-ended');
      closeTab(leader);
      await until(async () => (await registersOf(user)) >= 2, 5000, 'a REGISTER from the tab that took over');
      if (nextLeader === 'the media tab') {
        // A request from the media tab goes out through the new leader (refused meanwhile: no signalling).
        await until(
          () => media.hold().then(() => true, () => false),
          10_000,
          'the call held from its tab through the new leader',
        );
        await until(() => out.held.remote, 5000, 'bob sees the call held');
        await media.unhold();
        await until(() => !out.held.remote, 5000, 'bob sees the call resumed');
      } else {
        // Unasked, the new leader refreshes the dialog: a re-INVITE with its Contact (the call was bob's INVITE).
        await until(async () => ((await sipStats()).byUser[user]?.INVITE ?? 0) >= 1, 10_000, 'the new leader\'s re-INVITE');
      }
      await until(async () => (await media.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways after the takeover');
      expect(media.callState()).to.equal('connected');
      expect(bobEnded, 'bob\'s call went on').to.have.length(0);
      // The new leader's Contact reached bob (re-INVITE): his BYE finds the call.
      out.hangup();
      await until(() => media.callState() === 'ended', 5000, 'bob\'s BYE reached the call\'s tab');
      expect(media.endReason()).to.equal('remote-hangup');
    });
  }

  it('no-tab-sharing: each tab registers itself', async () => {
    const user = uniqueUser('tabs');
    const one = await openTab(user, { shareTabs: false });
    const two = await openTab(user, { shareTabs: false });
    await one.waitRegistered();
    await two.waitRegistered();
    await until(async () => (await registersOf(user)) >= 2, 5000, 'two REGISTERs');
  });

  it('through Kamailio: after the leading tab closes, the registrar holds one contact, the new leader\'s, with the same +sip.instance', async function () {
    if (!testEnv.clusterUrls) this.skip();
    await startCluster(['a']);
    const server = testEnv.clusterUrls!.a;
    const user = uniqueUser('tabs');
    const frameOf = (tab: Tab) => frames.find((f) => f.contentWindow?.tab === tab)!;
    const [leader] = await leaderAndFollower(user, {}, server);
    const contacts = async (count: number) => {
      let found: Awaited<ReturnType<typeof clusterContacts>> = [];
      await until(async () => (found = await clusterContacts('a', user)).length === count, 5000, `${count} contact(s) of ${user}`);
      return found;
    };
    const [before] = await contacts(1);
    expect(frameOf(leader)).to.exist;
    closeTab(leader);
    // The new leader's REGISTER replaces the binding (same instance, reg-id): still one contact, a new one.
    await until(async () => {
      const now = await clusterContacts('a', user);
      return now.length === 1 && now[0].contact !== before.contact;
    }, 5000, 'the contact of the tab that took over');
    const [after] = await contacts(1);
    expect(after.instance, '+sip.instance').to.equal(before.instance);
    await new Promise((r) => setTimeout(r, 300));
    expect(await clusterContacts('a', user)).to.have.length(1);
  });

  it('through Kamailio: when the leading tab closes mid-call, the call goes on with its media tab, which now holds the one contact; hold and the far end\'s BYE reach it', async function () {
    if (!testEnv.clusterUrls) this.skip();
    await startCluster(['a']);
    const server = testEnv.clusterUrls!.a;
    const user = uniqueUser('tabs');
    const [leader, media] = await leaderAndFollower(user, {}, server);
    const bob = await registeredController(uniqueUser('bob'), { server });
    const out = await answeredIn(bob, user, media);
    const [before] = await clusterContacts('a', user);
    closeTab(leader);
    await until(async () => {
      const now = await clusterContacts('a', user);
      return now.length === 1 && now[0].contact !== before.contact;
    }, 5000, 'the contact of the tab that took over');
    await until(() => media.hold().then(() => true, () => false), 10_000, 'the call held from its tab through the new leader');
    await until(() => out.held.remote, 5000, 'bob sees the call held');
    await media.unhold();
    await until(async () => !out.held.remote && (await media.energy(300)) > 0 && (await energyOver(out, 300)) > 0, 10_000, 'audio both ways after the takeover');
    out.hangup();
    await until(() => media.callState() === 'ended', 5000, 'bob\'s BYE reached the call\'s tab');
    expect(media.endReason()).to.equal('remote-hangup');
    expect(await clusterContacts('a', user)).to.have.length(1);
  });

  it('real tabs (two pages of one browser): one REGISTER, the call rings in both, is answered in the second with audio both ways, and ends with a BYE when that tab closes', async () => {
    const user = uniqueUser('tabs');
    const first = await openPeer('chromium', user, testEnv.sipUrl);
    const second = await openPeer('chromium', user, testEnv.sipUrl);
    try {
      expect(await registersOf(user), 'REGISTERs from two tabs').to.equal(1);
      const bob = await registeredController(uniqueUser('bob'));
      const out = await bob.dial(user);
      await second.call('answerNext', false);
      await second.call('waitAudio');
      await until(async () => (await energyOver(out, 300)) > 0, 10_000, 'bob hears the second tab');
      expect(await second.call<number>('energy', 500), 'the second tab hears bob').to.be.above(0);
      await until(async () => (await first.call<string[]>('endReasons')).length === 1, 5000, 'the first tab\'s copy ended');
      expect(await first.call<string[]>('endReasons')).to.deep.equal(['answered-elsewhere']);
      const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 5000);
      await second.close();
      expect((await ended).summary.reason).to.equal('remote-hangup');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('real tabs: when the leading tab closes, a visible tab takes over before a hidden one that waited longer', async () => {
    const user = uniqueUser('tabs');
    const first = await openPeer('chromium', user, testEnv.sipUrl);
    const hidden = await openPeer('chromium', user, testEnv.sipUrl);
    const visible = await openPeer('chromium', user, testEnv.sipUrl);
    try {
      // The page opened last is the browser's front tab; the others are hidden.
      expect(await hidden.call('visibility')).to.equal('hidden');
      expect(await visible.call('visibility')).to.equal('visible');
      expect(await first.call('leads')).to.equal(true);
      await first.close();
      await until(async () => (await registersOf(user)) >= 2, 5000, 'a REGISTER from the tab that took over');
      expect(await visible.call('leads'), 'the visible tab leads').to.equal(true);
      expect(await hidden.call('leads'), 'the hidden tab, in line before it, does not').to.equal(false);
      const bob = await registeredController(uniqueUser('bob'));
      const both = Promise.all([hidden.call<string>('waitIncoming'), visible.call<string>('waitIncoming')]);
      void bob.dial(user);
      expect(await both).to.deep.equal([bob.user, bob.user]);
    } finally {
      await first.close();
      await hidden.close();
      await visible.close();
    }
  });
});
