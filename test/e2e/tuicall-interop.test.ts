// Wire compatibility with Tencent's TUICallEngine (tuicall-engine-webrtc, TRTCCalling's
// successor and the engine under TUICallKit): 1.6.1 on trtc-js-sdk 4 + tim-js-sdk + tsignaling,
// 3.1.7 on @tencentcloud/chat + trtc-cloud-js-sdk over trtc-sdk-v5, each bundled from npm onto
// the fake Tencent cloud (test/harness/trtc-calling-bundle.mjs) and run in this page beside our
// controllers. Each side sees the events its own API promises. Covered: call() and groupCall();
// calls()/join() need Tencent's server-side call service (README).
import { expect } from '@open-wc/testing';
import { nextEvent, sleep, until } from './helpers.js';
import type { ControllerSettings } from '../../src/core/settings.js';
import { cloud, disposeTrtc, energyAt, trtcController as startTrtc, trtcPair, trtcUser } from './trtc-helpers.js';
import { ENGINE_VERSIONS, TUI_EVENT as E, disposeEngines, engineUser, openCamera, remoteView, seen, waitFor } from './tuicall-helpers.js';

const trtcController = (user: string, settings: ControllerSettings = {}) => startTrtc(user, settings);

for (const version of ENGINE_VERSIONS) describe(`interoperability with ${version.name}`, function () {
  this.timeout(30_000);
  /** A new engine user calling a new phone of ours (camera open for video, as TUICallKit does): once it rings. */
  const engineCalls = async (type: 1 | 2, settings: ControllerSettings = {}) => {
    const tc = await engineUser(version, 'tc');
    const bob = await trtcController(trtcUser('bob'), settings);
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.engine.call({ userID: bob.user, type, timeout: settings.noAnswerTimeout });
    if (type === 2) await openCamera(tc);
    return { tc, bob, call: (await incoming).call };
  };
  afterEach(async () => {
    await disposeEngines();
    await disposeTrtc();
    cloud.reset();
  });

  it('our phone calls an engine user (audio): onInvited, accept, onUserEnter both ways with audio, our hang-up ends theirs (onCallEnd)', async () => {
    const tc = await engineUser(version, 'tc');
    const alice = await trtcController(trtcUser('alice'));
    const call = await alice.dial(tc.id);
    await waitFor(tc, E.INVITED);
    const invited = seen(tc, E.INVITED)[0];
    expect([invited.sponsor, invited.isFromGroup, invited.inviteData.callType]).to.deep.equal([alice.user, false, 1]);
    const connected = nextEvent(alice, 'call-connected');
    await tc.engine.accept();
    await connected;
    await waitFor(tc, E.USER_ENTER);
    expect(seen(tc, E.USER_ENTER).map((e) => e.userID)).to.deep.equal([alice.user]);
    expect(call.participant(tc.id)?.state).to.equal('joined');
    await until(async () => (await energyAt(alice.user, tc.id)) > 0 && (await energyAt(tc.id, alice.user)) > 0, 10_000, 'audio both ways');
    call.hangup();
    await waitFor(tc, E.CALL_END);
  });

  it('an engine user calls our phone (video): call-incoming with video, answered, video both ways, their hang-up ends ours as remote-hangup', async () => {
    const { tc, bob, call } = await engineCalls(2);
    expect([call.remote.user, call.remoteVideo]).to.deep.equal([tc.id, true]);
    const connected = nextEvent(bob, 'call-connected');
    await call.answer({ video: true });
    await connected;
    await waitFor(tc, E.USER_ENTER);
    await until(() => call.participantStream(tc.id).getVideoTracks().length === 1, 10_000, 'their video with us');
    await until(() => seen(tc, E.USER_VIDEO_AVAILABLE).some((e) => e.userID === bob.user && e.isVideoAvailable), 10_000, 'our video with them');
    await remoteView(tc, bob.user);
    await until(async () => (await energyAt(tc.id, bob.user)) > 0, 10_000, 'their audio with us');
    await until(async () => (await energyAt(bob.user, tc.id)) > 0, 10_000, 'our audio with them');
    const ended = nextEvent(bob, 'call-ended');
    await tc.engine.hangup();
    expect((await ended).summary.reason).to.equal('remote-hangup');
  });

  it('switch to audio both ways: their switchCallMediaType(audio) releases our camera (onUserVideoAvailable false for us); our downgradeToAudio gives them onCallTypeChanged', async () => {
    const { tc, bob, call } = await engineCalls(2);
    await call.answer({ video: true });
    await waitFor(tc, E.USER_ENTER);
    const ours = () => seen(tc, E.USER_VIDEO_AVAILABLE).filter((e) => e.userID === bob.user).map((e) => e.isVideoAvailable);
    await until(() => call.video && call.cameraOn && ours().at(-1) === true, 10_000, 'our camera on, seen by them');
    await tc.engine.switchCallMediaType(1);
    await until(() => !call.video && !call.cameraOn && (call.localStream?.getVideoTracks().length ?? 0) === 0, 10_000, 'our camera released');
    await until(() => ours().at(-1) === false, 10_000, 'they see our video go');
    expect(bob.media.liveTrackCount, 'the microphone alone').to.equal(1);
    call.hangup();
    await waitFor(tc, E.CALL_END);

    // Ours: a video call to them, then downgradeToAudio(): their camera follows.
    const other = await engineUser(version, 'tc2');
    const alice = await trtcController(trtcUser('alice'));
    const out = await alice.dial(other.id, { video: true });
    await waitFor(other, E.INVITED);
    await other.engine.accept();
    await openCamera(other);
    await until(() => out.participant(other.id)?.state === 'joined' && out.participantStream(other.id).getVideoTracks().length === 1, 10_000, 'they joined with video');
    await out.downgradeToAudio();
    await until(() => out.participant(other.id)?.video === false, 10_000, 'their video goes');
    expect(out.video).to.equal(false);
  });

  it('reject and busy both ways: they get onReject and onLineBusy; we end rejected and busy', async () => {
    const tc = await engineUser(version, 'tc');
    const [bob, carol] = await Promise.all([trtcController(trtcUser('bob')), trtcController(trtcUser('carol'))]);
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.engine.call({ userID: bob.user, type: 1 });
    (await incoming).call.reject();
    await waitFor(tc, E.REJECT);
    expect(seen(tc, E.REJECT).map((e) => e.userID)).to.deep.equal([bob.user]);
    await sleep(200);

    // Bob is in a call with carol: the engine user hears busy, and bob is told (call-refused).
    const [toBob] = await trtcPair(carol, bob);
    const refused = nextEvent(bob, 'call-refused');
    await tc.engine.call({ userID: bob.user, type: 1 });
    await waitFor(tc, E.LINE_BUSY);
    expect([(await refused).remote.user, toBob.state]).to.deep.equal([tc.id, 'connected']);
    toBob.hangup();
    await sleep(300);

    // They are busy (in a call with another engine user): our call ends busy.
    const other = await engineUser(version, 'tc2');
    await tc.engine.call({ userID: other.id, type: 1 });
    await waitFor(other, E.INVITED);
    await other.engine.accept();
    await waitFor(tc, E.USER_ENTER);
    const ended = nextEvent(carol, 'call-ended');
    await carol.dial(other.id);
    expect((await ended).summary.reason).to.equal('busy');
  });

  it('cancel both ways: their hang-up while ringing ends ours as cancelled; ours gives them onCallingCancel', async () => {
    const { tc, bob } = await engineCalls(1);
    const ended = nextEvent(bob, 'call-ended');
    await tc.engine.hangup();
    expect((await ended).summary.reason).to.equal('cancelled');
    await sleep(300);

    const call = await bob.dial(tc.id);
    await waitFor(tc, E.INVITED);
    call.hangup();
    await waitFor(tc, E.CALLING_CANCEL);
  });

  it("timeouts both ways: our unanswered phone times their call out (onCallingTimeout / onNoResp); their unanswered engine ends ours as no-answer", async () => {
    const { tc, bob } = await engineCalls(1, { noAnswerTimeout: 2 });
    const ours = nextEvent(bob, 'call-ended', () => true, 10_000);
    expect((await ours).summary).to.include({ reason: 'no-answer', timeoutBy: 'local' });
    await until(() => seen(tc, E.CALLING_TIMEOUT).length + seen(tc, E.NO_RESP).length > 0, 8000, 'their timeout');
    await sleep(500);

    const ended = nextEvent(bob, 'call-ended', () => true, 10_000);
    await bob.dial(tc.id);
    await waitFor(tc, E.INVITED);
    expect((await ended).summary).to.include({ reason: 'no-answer', timeoutBy: 'remote' });
    // The engine's callee reports its own timer as a cancel (onCallingCancel).
    await until(() => seen(tc, E.CALLING_TIMEOUT).length + seen(tc, E.CALLING_CANCEL).length > 0, 8000, 'their side timed out');
  });

  it('group call both ways through an IM group: our phone invites two engine users who join and hear each other; an engine group call rings our phone with every participant listed', async () => {
    const [tc1, tc2] = [await engineUser(version, 'tc1'), await engineUser(version, 'tc2')];
    const alice = await trtcController(trtcUser('alice'));
    const groupId = `g_${alice.user}`;
    cloud.createGroup(groupId, [alice.user, tc1.id, tc2.id]);
    const call = await alice.groupCall([tc1.id, tc2.id], { groupId });
    await Promise.all([waitFor(tc1, E.INVITED), waitFor(tc2, E.INVITED)]);
    expect(seen(tc1, E.INVITED)[0]).to.include({ sponsor: alice.user, isFromGroup: true });
    await tc1.engine.accept();
    await tc2.engine.accept();
    await until(() => call.participants.filter((p) => p.state === 'joined').length === 2, 10_000, 'both with alice');
    await until(async () => (await energyAt(tc1.id, tc2.id)) > 0, 10_000, 'tc2 hears tc1');
    const leftAlone = nextEvent(alice, 'call-ended');
    await tc1.engine.hangup();
    await tc2.engine.hangup();
    expect((await leftAlone).summary.reason).to.equal('remote-hangup');
    await sleep(500);

    const bob = await trtcController(trtcUser('bob'));
    const tc3 = await engineUser(version, 'tc3');
    const groupID = `g_${tc1.id}`;
    cloud.createGroup(groupID, [tc1.id, bob.user, tc3.id]);
    let atIncoming: string[] = [];
    bob.addEventListener('call-incoming', (event) => (atIncoming = event.detail.call.participants.map((p) => p.id)), { once: true });
    const incoming = nextEvent(bob, 'call-incoming');
    await tc1.engine.groupCall({ userIDList: [bob.user, tc3.id], type: 1, groupID });
    const { call: atBob } = await incoming;
    expect(atIncoming, 'listed at call-incoming').to.have.members([tc1.id, tc3.id]);
    expect(atBob.invitees).to.have.members([bob.user, tc3.id]);
    await atBob.answer();
    await waitFor(tc3, E.INVITED);
    await tc3.engine.accept();
    await until(() => atBob.participant(tc1.id)?.state === 'joined' && atBob.participant(tc3.id)?.state === 'joined', 10_000, 'bob with tc1 and tc3');
    await until(() => seen(tc1, E.USER_ENTER).some((e) => e.userID === bob.user), 10_000, 'tc1 sees bob');
  });
});
