// Wire compatibility with Tencent's own web client: trtc-calling-js 1.0.6 + tsignaling 1.0.8
// from npm (bundled onto the same fake TIM/TRTC, test/harness/trtc-calling-bundle.mjs) run in
// this page beside our controllers. Each side sees the events its own API promises.
import { expect } from '@open-wc/testing';
import TRTCCalling from 'trtc-calling-js';
import { nextEvent, record, sleep, until } from './helpers.js';
import { GENERATIONS, SDK_APP_ID, cloud, disposeTrtc, energyAt, trtcController, trtcPair, trtcUser, useGeneration } from './trtc-helpers.js';

const E = TRTCCalling.EVENT;

/** A logged-in TRTCCalling user and the events it emitted, by name. */
interface TencentUser {
  id: string;
  calling: TRTCCalling;
  events: Map<string, unknown[]>;
}

const tencentUsers: TencentUser[] = [];

async function tencentUser(prefix: string, callTimeout?: number): Promise<TencentUser> {
  const id = trtcUser(prefix);
  const calling = new TRTCCalling({ SDKAppID: SDK_APP_ID });
  calling.setLogLevel(4);
  const events = new Map<string, unknown[]>();
  for (const name of Object.values(E)) {
    events.set(name, []);
    calling.on(name, (event: unknown) => events.get(name)!.push(event));
  }
  const user = { id, calling, events };
  tencentUsers.push(user);
  // trtc-calling-js 1.0.6 ignores call({ timeout }): its instance field decides.
  if (callTimeout) (calling as unknown as { _callTimeout: number })._callTimeout = callTimeout;
  await calling.login({ userID: id, userSig: `sig-${id}` });
  await until(() => events.get(E.SDK_READY)!.length > 0, 5000, `${id} SDK_READY`);
  return user;
}

const seen = (user: TencentUser, event: string) => user.events.get(event)!;
const waitFor = (user: TencentUser, event: string, ms = 10_000) => until(() => seen(user, event).length > 0, ms, `${user.id} ${event}`);

// Our phone on each SDK generation (trtc-js-sdk 4 + tim-js-sdk; trtc-sdk-v5 + @tencentcloud/chat)
// against TRTCCalling on trtc-js-sdk 4 + tim-js-sdk. With the current generation only the
// scenarios that exercise the adapters run (calls both ways, the mode switch, reject/busy,
// cancel, the group call), to keep the suite's time down.
for (const generation of GENERATIONS) describe(`interoperability with Tencent TRTCCalling (trtc-calling-js 1.0.6 + tsignaling 1.0.8), our phone on ${generation.name}`, function () {
  this.timeout(60_000);
  const first = generation === GENERATIONS[0];
  /** A scenario of the first generation only. */
  const firstOnly: (title: string, fn: () => Promise<void>) => void = (title, fn) => {
    if (first) it(title, fn);
  };
  before(() => useGeneration(generation));
  after(() => useGeneration(GENERATIONS[0]!));

  afterEach(async () => {
    const all = tencentUsers.splice(0);
    for (const user of all) await user.calling.hangup().catch(() => {});
    await sleep(300);
    for (const user of all) await user.calling.logout().catch(() => {});
    await disposeTrtc();
    cloud.reset();
  });

  it('our phone calls a TRTCCalling user: INVITED, accept, USER_ENTER both ways with audio, our hang-up ends theirs (CALL_END)', async () => {
    const tc = await tencentUser('tc');
    const alice = await trtcController(trtcUser('alice'));
    const call = await alice.dial(tc.id);
    await waitFor(tc, E.INVITED);
    const invited = seen(tc, E.INVITED)[0] as { sponsor: string; isFromGroup: boolean; inviteData: { callType: number; roomID: number } };
    expect([invited.sponsor, invited.isFromGroup, invited.inviteData.callType]).to.deep.equal([alice.user, false, 1]);
    expect(invited.inviteData.roomID).to.be.a('number');
    const connected = nextEvent(alice, 'call-connected');
    await tc.calling.accept();
    await connected;
    await waitFor(tc, E.USER_ENTER);
    expect(seen(tc, E.USER_ENTER)).to.deep.equal([{ userID: alice.user }]);
    expect(call.participant(tc.id)?.state).to.equal('joined');
    await until(async () => (await energyAt(alice.user, tc.id)) > 0 && (await energyAt(tc.id, alice.user)) > 0, 10_000, 'audio both ways');
    call.hangup();
    await waitFor(tc, E.CALL_END);
    expect(tc.calling.getCallStatus()).to.equal('idle');
  });

  it('a TRTCCalling user calls our phone (video): call-incoming with video, answered, their hang-up ends ours as remote-hangup', async () => {
    const tc = await tencentUser('tc');
    const bob = await trtcController(trtcUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.calling.call({ userID: bob.user, type: 2 });
    const { call } = await incoming;
    expect([call.remote.user, call.remoteVideo]).to.deep.equal([tc.id, true]);
    const connected = nextEvent(bob, 'call-connected');
    await call.answer({ video: true });
    await connected;
    await waitFor(tc, E.USER_ENTER);
    await until(() => call.participantStream(tc.id).getVideoTracks().length === 1, 10_000, 'their video with us');
    const ended = nextEvent(bob, 'call-ended');
    await tc.calling.hangup();
    expect((await ended).summary.reason).to.equal('remote-hangup');
  });

  it('a TRTCCalling caller switches to audio and back: our camera follows (they see USER_VIDEO_AVAILABLE false, then true, for us)', async () => {
    const tc = await tencentUser('tc');
    const bob = await trtcController(trtcUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.calling.call({ userID: bob.user, type: 2 });
    const { call } = await incoming;
    await call.answer({ video: true });
    await waitFor(tc, E.USER_ENTER);
    const ours = () => (seen(tc, E.USER_VIDEO_AVAILABLE) as { userID: string; isVideoAvailable: boolean }[]).filter((e) => e.userID === bob.user).map((e) => e.isVideoAvailable);
    await until(() => call.video && call.cameraOn, 10_000, 'our camera on');

    await tc.calling.switchToAudioCall();
    await until(() => !call.video && !call.cameraOn && (call.localStream?.getVideoTracks().length ?? 0) === 0, 10_000, 'our camera released');
    await until(() => ours().at(-1) === false, 10_000, 'they see our video go');
    expect(bob.media.liveTrackCount, 'the microphone alone').to.equal(1);

    await tc.calling.switchToVideoCall();
    await until(() => call.video && call.cameraOn, 10_000, 'our camera back');
    await until(() => ours().at(-1) === true, 10_000, 'they see our video again');
  });

  firstOnly('our signals go out with the send options TRTCCalling gives them: moderation off on every signal, the offline push with the call on INVITEs', async () => {
    const sent = (from: string, actionType: number) => cloud.messages.filter((m) => m.message.from === from && m.data?.actionType === actionType).map((m) => m.options);
    // Ids, rooms and times differ between the two calls; everything else must be the same.
    const shape = (options: any) => {
      const copy = structuredClone(options);
      if (copy.offlinePushInfo) {
        const extension = JSON.parse(copy.offlinePushInfo.extension);
        const content = JSON.parse(extension.entity.content);
        extension.entity = { ...extension.entity, content: { ...content, call_id: typeof content.call_id, room_id: typeof content.room_id, invited_list: content.invited_list.length }, sender: typeof extension.entity.sender, sendTime: typeof extension.entity.sendTime };
        copy.offlinePushInfo.extension = extension;
      }
      return copy;
    };
    const tc = await tencentUser('tc');
    const alice = await trtcController(trtcUser('alice'));
    // Both call a user who is not logged in (the push is what reaches them), then give up.
    await tc.calling.call({ userID: trtcUser('away'), type: 2 });
    const ours = await alice.dial(trtcUser('gone'), { video: true });
    await until(() => sent(tc.id, 1).length > 0 && sent(alice.user, 1).length > 0, 5000, 'both INVITEs');
    await tc.calling.hangup();
    ours.hangup();
    await until(() => sent(tc.id, 2).length > 0 && sent(alice.user, 2).length > 0, 5000, 'both CANCELs');
    for (const action of [1, 2]) expect(shape(sent(alice.user, action)[0]), `actionType ${action}`).to.deep.equal(shape(sent(tc.id, action)[0]));
    expect(sent(alice.user, 1)[0].offlinePushInfo.description).to.equal('您有一个通话请求');

    // The push text is the page's, in the callee's language.
    const bob = await trtcController(trtcUser('bob'), { pushNotification: { title: 'Alice', description: 'Incoming video call' } });
    const fromBob = await bob.dial(trtcUser('gone'));
    await until(() => sent(bob.user, 1).length > 0, 5000, "bob's INVITE");
    expect(sent(bob.user, 1)[0].offlinePushInfo).to.include({ title: 'Alice', description: 'Incoming video call' });
    fromBob.hangup();
  });

  it('reject and busy both ways: they get REJECT and LINE_BUSY; we end rejected and busy', async () => {
    const tc = await tencentUser('tc');
    const [bob, carol] = await Promise.all([trtcController(trtcUser('bob')), trtcController(trtcUser('carol'))]);
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.calling.call({ userID: bob.user, type: 1 });
    (await incoming).call.reject();
    await waitFor(tc, E.REJECT);
    expect(seen(tc, E.REJECT)).to.deep.equal([{ userID: bob.user }]);
    await sleep(200);

    // Bob is in a call with carol: the TRTCCalling user hears busy.
    const carolRings = nextEvent(bob, 'call-incoming');
    const toBob = await carol.dial(bob.user);
    const connected = nextEvent(carol, 'call-connected', (d) => d.call === toBob);
    await (await carolRings).call.answer();
    await connected;
    await tc.calling.call({ userID: bob.user, type: 1 });
    await waitFor(tc, E.LINE_BUSY);
    expect(toBob.state).to.equal('connected');
    toBob.hangup();
    await sleep(300);

    // They are busy (in a call with another TRTCCalling user): our call ends busy.
    const other = await tencentUser('tc2');
    await tc.calling.call({ userID: other.id, type: 1 });
    await waitFor(other, E.INVITED);
    await other.calling.accept();
    await waitFor(tc, E.USER_ENTER);
    const ended = nextEvent(carol, 'call-ended');
    await carol.dial(other.id);
    expect((await ended).summary.reason).to.equal('busy');
  });

  it('cancel both ways: their hang-up while ringing ends ours as cancelled; ours gives them CALLING_CANCEL', async () => {
    const tc = await tencentUser('tc');
    const bob = await trtcController(trtcUser('bob'));
    const incoming = nextEvent(bob, 'call-incoming');
    await tc.calling.call({ userID: bob.user, type: 1 });
    await incoming;
    const ended = nextEvent(bob, 'call-ended');
    await tc.calling.hangup();
    expect((await ended).summary.reason).to.equal('cancelled');
    await sleep(300);

    const call = await bob.dial(tc.id);
    await waitFor(tc, E.INVITED);
    call.hangup();
    await waitFor(tc, E.CALLING_CANCEL);
  });

  firstOnly("timeouts both ways: our unanswered callee times them out (CALLING_TIMEOUT); their callee's TIMEOUT ends ours as no-answer", async () => {
    const tc = await tencentUser('tc', 2);
    const bob = await trtcController(trtcUser('bob'), { noAnswerTimeout: 2 });
    const incoming = nextEvent(bob, 'call-incoming');
    const ours = nextEvent(bob, 'call-ended', () => true, 10_000);
    await tc.calling.call({ userID: bob.user, type: 1 });
    await incoming;
    expect((await ours).summary.reason).to.equal('no-answer');
    await waitFor(tc, E.CALLING_TIMEOUT, 8000);
    expect(cloud.signals(bob.user).at(-1).actionType, 'we sent TIMEOUT').to.equal(5);
    await sleep(500);

    const ended = nextEvent(bob, 'call-ended', () => true, 10_000);
    await bob.dial(tc.id);
    await waitFor(tc, E.INVITED);
    expect((await ended).summary.reason).to.equal('no-answer');
    await waitFor(tc, E.CALLING_TIMEOUT, 8000);
  });

  firstOnly('LINE_BUSY at the busy side: a TRTCCalling call to our phone in a call is refused busy and fires call-refused with the caller (no call-incoming)', async () => {
    const tc = await tencentUser('tc');
    const [bob, carol] = await Promise.all([trtcController(trtcUser('bob')), trtcController(trtcUser('carol'))]);
    const [, atBob] = await trtcPair(carol, bob);
    const incoming = record(bob, 'call-incoming');
    const refused = nextEvent(bob, 'call-refused');
    await tc.calling.call({ userID: bob.user, type: 2 });
    const detail = await refused;
    expect([detail.remote.user, detail.reason, detail.video]).to.deep.equal([tc.id, 'busy', true]);
    await waitFor(tc, E.LINE_BUSY);
    expect(seen(tc, E.LINE_BUSY)[0], 'what TRTCCalling reports at the caller').to.deep.include({ userID: bob.user });
    expect([incoming.length, atBob.state, bob.calls.length]).to.deep.equal([0, 'connected', 1]);
  });

  firstOnly("whose timer ended an unanswered call is in the summary: the callee's TIMEOUT gives timeoutBy remote (TRTCCalling: CALLING_TIMEOUT), ours local (NO_RESP)", async () => {
    const tc = await tencentUser('tc', 2);
    const bob = await trtcController(trtcUser('bob'), { noAnswerTimeout: 2 });
    // Their callee's timer fires first (the INVITE's 2 s; ours waits 5 s more).
    const theirs = nextEvent(bob, 'call-ended', () => true, 10_000);
    await bob.dial(tc.id);
    await waitFor(tc, E.INVITED);
    const byCallee = (await theirs).summary;
    expect([byCallee.reason, byCallee.timeoutBy]).to.deep.equal(['no-answer', 'remote']);
    await waitFor(tc, E.CALLING_TIMEOUT, 8000);
    await sleep(300);

    // Nobody answers at all (the callee is offline): our own timer.
    const ours = nextEvent(bob, 'call-ended', () => true, 12_000);
    await bob.dial(trtcUser('away'));
    const byUs = (await ours).summary;
    expect([byUs.reason, byUs.endedBy, byUs.timeoutBy]).to.deep.equal(['no-answer', 'system', 'local']);

    // Called and not answered: our (the callee's) timer, which their caller sees as CALLING_TIMEOUT.
    const rang = nextEvent(bob, 'call-ended', () => true, 10_000);
    await tc.calling.call({ userID: bob.user, type: 1 });
    expect((await rang).summary.timeoutBy).to.equal('local');
  });

  firstOnly("the invitee list of an invitation is on the call (call.invitees, as TRTCCalling's INVITED userIDList), and at call-incoming every participant is listed", async () => {
    const [tc1, tc3] = [await tencentUser('tc1'), await tencentUser('tc3')];
    const bob = await trtcController(trtcUser('bob'));
    let atIncoming: string[] = [];
    bob.addEventListener('call-incoming', (event) => (atIncoming = event.detail.call.participants.map((p) => p.id)), { once: true });
    const incoming = nextEvent(bob, 'call-incoming');
    await tc1.calling.groupCall({ userIDList: [bob.user, tc3.id], type: 1 });
    const { call } = await incoming;
    await waitFor(tc3, E.INVITED);
    // Without an IM group each invitee gets an INVITE of its own, naming it alone.
    const theirs = seen(tc3, E.INVITED)[0] as { userIDList: string[] };
    expect(theirs.userIDList).to.deep.equal([tc3.id]);
    expect(call.invitees).to.deep.equal([bob.user]);
    expect(atIncoming, 'listed at call-incoming, in the same task').to.have.members([tc1.id, tc3.id]);
    call.reject();
    await tc1.calling.hangup();
    await sleep(500);

    // Through an IM group: one INVITE naming everyone.
    const groupID = `g_${tc1.id}`;
    cloud.createGroup(groupID, [tc1.id, bob.user, tc3.id]);
    let inGroup: string[] = [];
    bob.addEventListener('call-incoming', (event) => (inGroup = event.detail.call.participants.map((p) => p.id)), { once: true });
    const again = nextEvent(bob, 'call-incoming');
    const before = seen(tc3, E.INVITED).length;
    await tc1.calling.groupCall({ userIDList: [bob.user, tc3.id], type: 1, groupID });
    const { call: grouped } = await again;
    await until(() => seen(tc3, E.INVITED).length > before, 10_000, 'tc3 INVITED again');
    expect(grouped.invitees).to.have.members((seen(tc3, E.INVITED).at(-1) as { userIDList: string[] }).userIDList);
    expect(grouped.invitees).to.have.members([bob.user, tc3.id]);
    expect(inGroup, 'listed at call-incoming').to.have.members([tc1.id, tc3.id]);
    grouped.reject();

    // Ours: whom we dialled.
    const alice = await trtcController(trtcUser('alice'));
    const out = await alice.groupCall([tc1.id, tc3.id]);
    expect(out.invitees).to.deep.equal([tc1.id, tc3.id]);
    out.hangup();
  });

  it('group call: our phone invites two TRTCCalling users; they join and see each other; a TRTCCalling group call rings our phone', async () => {
    const [tc1, tc2] = [await tencentUser('tc1'), await tencentUser('tc2')];
    const alice = await trtcController(trtcUser('alice'));
    const call = await alice.groupCall([tc1.id, tc2.id]);
    await Promise.all([waitFor(tc1, E.INVITED), waitFor(tc2, E.INVITED)]);
    await tc1.calling.accept();
    await tc2.calling.accept();
    await until(() => call.participants.filter((p) => p.state === 'joined').length === 2, 10_000, 'both with alice');
    await until(() => seen(tc1, E.USER_ENTER).length === 2, 10_000, 'tc1 sees alice and tc2');
    await until(async () => (await energyAt(tc1.id, tc2.id)) > 0, 10_000, 'tc2 hears tc1');
    const leftAlone = nextEvent(alice, 'call-ended');
    await tc1.calling.hangup();
    await tc2.calling.hangup();
    expect((await leftAlone).summary.reason).to.equal('remote-hangup');
    await sleep(500);

    const bob = await trtcController(trtcUser('bob'));
    const tc3 = await tencentUser('tc3');
    const incoming = nextEvent(bob, 'call-incoming');
    await tc1.calling.groupCall({ userIDList: [bob.user, tc3.id], type: 1 });
    const { call: atBob } = await incoming;
    expect(atBob.participants.map((p) => p.id)).to.have.members([tc1.id, tc3.id]);
    await atBob.answer();
    await waitFor(tc3, E.INVITED);
    await tc3.calling.accept();
    await until(() => atBob.participant(tc1.id)?.state === 'joined' && atBob.participant(tc3.id)?.state === 'joined', 10_000, 'bob with tc1 and tc3');
    await until(() => seen(tc1, E.USER_ENTER).some((e) => (e as { userID: string }).userID === bob.user), 10_000, 'tc1 sees bob');
  });
});
