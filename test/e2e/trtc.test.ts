// The TRTC provider end to end on the fake Tencent cloud: our controllers call each other
// (1:1 and group), the wire carries TSignaling's signals, media flows over the fake rooms'
// real peer connections, and everything is released afterwards.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import type { CallController } from '../../src/core/call-controller.js';
import { CallController as Controller } from '../../src/core/call-controller.js';
import { codeOf } from '../harness/error-code.js';
import { encodeSignal } from '../../src/providers/trtc/signalling.js';
import { nextEvent, record, sleep, until } from './helpers.js';
import { FAKE_SDKS, type FakeGeneration, GENERATIONS, SDK_APP_ID, cloud, disposeTrtc, energyAt, signalsFrom, trtcController, trtcPair, trtcUser, useGeneration } from './trtc-helpers.js';

// Every scenario runs with each SDK generation (trtc-js-sdk 4 + tim-js-sdk, trtc-sdk-v5 +
// @tencentcloud/chat): the same wire, the same events.
for (const generation of GENERATIONS) describe(`TRTC provider on the fake Tencent cloud (${generation.name})`, function () {
  this.timeout(60_000);
  before(() => useGeneration(generation));
  after(() => useGeneration(GENERATIONS[0]!));
  afterEach(async () => {
    await disposeTrtc();
  });

  it('1:1 audio call: rings, connects, audio both ways, the callee hangs up, the caller (left alone) sends hangup with call_end', async () => {
    const [aliceId, bobId] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(aliceId), trtcController(bobId)]);
    expect(alice.registrationState).to.equal('registered');
    const incoming = nextEvent(bob, 'call-incoming');
    const out = await alice.dial(bobId);
    const { call: inb } = await incoming;
    expect(inb.remote.user).to.equal(aliceId);
    expect(inb.remoteVideo).to.equal(false);
    const invite = signalsFrom(aliceId).find((s) => s.actionType === 1)!;
    expect(invite.inviteeList).to.deep.equal([bobId]);
    expect(invite.timeout, "no no-answer-timeout set: Tencent's 30 s").to.equal(30);
    expect(invite.data.call_type).to.equal(1);
    expect(invite.data.room_id).to.be.a('number');
    expect(invite.data.data.userIDs, 'a one-to-one call lists the callee alone').to.deep.equal([bobId]);
    expect(cloud.roomMembers(SDK_APP_ID, invite.data.room_id), 'the caller joined before inviting').to.deep.equal([aliceId]);
    // Before the answer the caller's media is not with the callee: it rings, it has not joined.
    await sleep(50);
    expect(inb.participants.map((p) => [p.id, p.state]), 'ringing at the callee').to.deep.equal([[aliceId, 'ringing']]);
    const bobJoins = record(bob, 'call-participant-joined');

    const connected = Promise.all([nextEvent(alice, 'call-connected'), nextEvent(bob, 'call-connected')]);
    const bobSpeaks = nextEvent(alice, 'call-speaking', (d) => d.participant === bobId && d.speaking, 15_000);
    await inb.answer();
    await connected;
    await bobSpeaks;
    expect(out.participant(bobId)!.speaking).to.equal(true);
    expect(out.participants.map((p) => [p.id, p.state])).to.deep.equal([[bobId, 'joined']]);
    expect(inb.participants.map((p) => [p.id, p.state])).to.deep.equal([[aliceId, 'joined']]);
    expect(bobJoins.map((j) => j.participant.id), 'joined once, after the answer').to.deep.equal([aliceId]);
    await until(async () => (await energyAt(aliceId, bobId)) > 0 && (await energyAt(bobId, aliceId)) > 0, 10_000, 'audio both ways');
    expect(signalsFrom(bobId).some((s) => s.actionType === 3 && s.inviteID === invite.inviteID), 'ACCEPT reuses the invite id').to.equal(true);

    const ended = nextEvent(alice, 'call-ended');
    await sleep(1100);
    inb.hangup();
    const { summary } = await ended;
    expect(summary.reason).to.equal('remote-hangup');
    expect(summary.participants.map((p) => [p.id, p.state])).to.deep.equal([[bobId, 'left']]);
    await until(() => signalsFrom(aliceId).some((s) => s.data?.data?.cmd === 'hangup'), 5000, 'the hangup INVITE');
    const hangup = signalsFrom(aliceId).find((s) => s.data?.data?.cmd === 'hangup')!;
    expect([hangup.actionType, hangup.inviteeList, hangup.timeout]).to.deep.equal([1, [bobId], 0]);
    expect(hangup.data.call_end).to.be.at.least(1);
    expect(alice.media.liveTrackCount + bob.media.liveTrackCount, 'no captured track left live').to.equal(0);
  });

  it('video call hung up by the caller; the callee sees remote video and then remote-hangup', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const [out, inb] = await trtcPair(alice, bob, true);
    expect(signalsFrom(a).find((s) => s.actionType === 1)!.data.call_type).to.equal(2);
    await until(() => inb.participantStream(a).getVideoTracks().length === 1 && out.participantStream(b).getVideoTracks().length === 1, 10_000, 'video both ways');
    expect(out.participant(b)!.video).to.equal(true);
    const ended = nextEvent(bob, 'call-ended');
    out.hangup();
    expect((await ended).summary.reason).to.equal('remote-hangup');
  });

  it('reject, busy (REJECT with line_busy while in a call) and cancel', async () => {
    const [a, b, c] = [trtcUser('alice'), trtcUser('bob'), trtcUser('carol')];
    const [alice, bob, carol] = await Promise.all([trtcController(a), trtcController(b), trtcController(c)]);

    let incoming = nextEvent(bob, 'call-incoming');
    let ended = nextEvent(alice, 'call-ended');
    await alice.dial(b);
    (await incoming).call.reject();
    expect((await ended).summary.reason).to.equal('rejected');

    const [, bobWithCarol] = await trtcPair(carol, bob);
    const busyEnd = nextEvent(alice, 'call-ended');
    const bobRang = record(bob, 'call-incoming');
    await alice.dial(b);
    const busy = await busyEnd;
    expect([busy.summary.reason, busy.summary.endedBy]).to.deep.equal(['busy', 'remote']);
    expect(bobRang, 'a busy callee does not ring').to.have.length(0);
    const reject = signalsFrom(b).filter((s) => s.actionType === 4).at(-1)!;
    expect(reject.data.line_busy).to.equal('line_busy');
    expect(bobWithCarol.state, "bob's call goes on").to.equal('connected');
    bobWithCarol.hangup();

    incoming = nextEvent(bob, 'call-incoming');
    const out = await alice.dial(b);
    const { call: ringing } = await incoming;
    ended = nextEvent(bob, 'call-ended');
    out.hangup();
    expect((await ended).summary.reason).to.equal('cancelled');
    expect(ringing.ended).to.equal(true);
    await until(() => signalsFrom(a).at(-1)!.actionType === 2, 3000, 'the CANCEL');
  });

  it('a user changed during a call waits for the call to end: invitations to the logged-in user still get line_busy, then the phone logs in as the new user', async () => {
    const [a, b, c, renamed] = [trtcUser('alice'), trtcUser('bob'), trtcUser('carol'), trtcUser('robert')];
    const [alice, bob, carol] = await Promise.all([trtcController(a), trtcController(b), trtcController(c)]);
    const [, bobWithCarol] = await trtcPair(carol, bob);
    await bob.configure({ user: renamed });
    expect(bob.registrationState, 'still logged in during the call').to.equal('registered');

    const busyEnd = nextEvent(alice, 'call-ended');
    await alice.dial(b);
    const busy = await busyEnd;
    expect([busy.summary.reason, busy.summary.endedBy], 'the logged-in user is busy, not silent').to.deep.equal(['busy', 'remote']);
    expect(signalsFrom(b).filter((s) => s.actionType === 4).at(-1)!.data.line_busy).to.equal('line_busy');
    expect(bobWithCarol.state, "bob's call goes on").to.equal('connected');

    const relogged = nextEvent(bob, 'call-registered', () => true, 10_000);
    bobWithCarol.hangup();
    await relogged;
    const incoming = nextEvent(bob, 'call-incoming');
    await alice.dial(renamed);
    const { call } = await incoming;
    expect(call.remote.user, 'the new user rings after the restart').to.equal(a);
    call.reject();
  });

  it("timeouts: an online callee's own timer sends TIMEOUT (both end no-answer); an offline callee's caller times out 5 s later", async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a, { noAnswerTimeout: 2 }), trtcController(b)]);
    const incoming = nextEvent(bob, 'call-incoming');
    const callerEnd = nextEvent(alice, 'call-ended', () => true, 15_000);
    const calleeEnd = nextEvent(bob, 'call-ended', () => true, 15_000);
    await alice.dial(b);
    await incoming;
    const rang = Date.now();
    expect(signalsFrom(a).find((s) => s.actionType === 1)!.timeout).to.equal(2);
    expect((await calleeEnd).summary.reason).to.equal('no-answer');
    // TIM stamps messages in whole seconds: the callee's timer must not end the ringing early.
    expect(Date.now() - rang, 'rang the whole timeout').to.be.at.least(1950);
    expect((await callerEnd).summary.reason).to.equal('no-answer');
    const timeout = signalsFrom(b).find((s) => s.actionType === 5)!;
    expect(timeout, 'the callee sent TIMEOUT').to.not.equal(undefined);
    expect(timeout.inviteeList).to.deep.equal([b]);

    const offline = trtcUser('dave');
    const started = Date.now();
    const end = nextEvent(alice, 'call-ended', () => true, 15_000);
    await alice.dial(offline);
    expect((await end).summary.reason).to.equal('no-answer');
    expect(Date.now() - started, 'timeout + 5 s').to.be.within(6500, 9500);
    await until(() => signalsFrom(a).at(-1)!.actionType === 5, 3000, 'the caller to send TIMEOUT');
  });

  it('audio ⇄ video mid-call: switchToVideo reaches the far end as video and its camera follows; switchToAudio removes both', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const [out, inb] = await trtcPair(alice, bob);
    const bobChanges = record(bob, 'call-video-change');
    const videoOn = nextEvent(bob, 'call-video-change', (d) => d.remoteVideo);
    await out.upgradeToVideo();
    await videoOn;
    await until(() => signalsFrom(a).some((s) => s.data?.data?.cmd === 'switchToVideo'), 5000, 'the switch INVITE');
    const switched = signalsFrom(a).find((s) => s.data?.data?.cmd === 'switchToVideo')!;
    expect([switched.actionType, switched.data.call_type, switched.timeout]).to.deep.equal([1, 1, 30]);
    await until(() => inb.participantStream(a).getVideoTracks().length === 1, 10_000, 'video at bob');
    await until(() => signalsFrom(b).some((s) => s.actionType === 3 && s.inviteID === switched.inviteID), 5000, 'the switch accepted');
    // Bob's camera follows the switch (as TRTCCalling's callee does): alice receives his video.
    await until(() => inb.video && inb.cameraOn && out.participantStream(b).getVideoTracks().length === 1, 10_000, "bob's camera at alice");
    await until(() => out.participant(b)!.video, 5000, 'bob has video, as alice sees it');
    expect(bobChanges.filter((d) => d.video).map((d) => d.originator).at(-1), 'switched by the far end').to.equal('remote');
    expect(signalsFrom(b).some((s) => s.actionType === 1 && (s.data?.data?.cmd === 'switchToVideo' || s.data?.data?.cmd === 'switchToAudio')), 'no switch INVITE of his own (his ACCEPT echoes the command)').to.equal(false);

    const videoOff = nextEvent(bob, 'call-video-change', (d) => !d.remoteVideo);
    await out.downgradeToAudio();
    await videoOff;
    expect(inb.participant(a)!.video).to.equal(false);
    await until(() => !inb.video && !inb.cameraOn && (inb.localStream?.getVideoTracks().length ?? 0) === 0, 5000, "bob's camera released");
    await until(() => !out.participant(b)!.video, 5000, 'alice no longer gets video from bob');
    expect(bob.media.liveTrackCount, 'only the microphone stays live at bob').to.equal(1);
    expect(signalsFrom(b).some((s) => s.actionType === 1 && (s.data?.data?.cmd === 'switchToVideo' || s.data?.data?.cmd === 'switchToAudio')), 'still none of his own').to.equal(false);
  });

  it('group call of three: everyone joins, one leaves, one is invited mid-call, the last one left sends hangup', async () => {
    const ids = ['alice', 'bob', 'carol', 'dave'].map(trtcUser);
    const [a, b, c, d] = ids;
    const [alice, bob, carol, dave] = await Promise.all(ids.map((id) => trtcController(id)));
    const answer = (controller: CallController) =>
      nextEvent(controller, 'call-incoming').then(async ({ call }) => {
        const connected = nextEvent(controller, 'call-connected');
        await call.answer();
        await connected;
        return call;
      });
    const answered = Promise.all([answer(bob), answer(carol)]);
    const out = await alice.groupCall([b, c]);
    const [atBob, atCarol] = await answered;
    await until(() => out.participants.filter((p) => p.state === 'joined').length === 2, 10_000, 'bob and carol with alice');
    await until(() => atBob.participant(c)?.state === 'joined' && atCarol.participant(b)?.state === 'joined', 10_000, 'bob and carol see each other');
    await until(async () => (await energyAt(b, c)) > 0, 10_000, "carol hears bob");
    // Each invitee got its own INVITE listing everyone (TRTCCalling's group call without an IM group).
    const invites = signalsFrom(a).filter((s) => s.actionType === 1 && s.data?.data?.cmd === 'audioCall');
    expect(invites.map((s) => s.inviteeList[0]).sort()).to.deep.equal([b, c].sort());
    expect(invites[0].data.data.userIDs).to.have.members([b, c]);

    const left = nextEvent(alice, 'call-participant-left', (e) => e.participant.id === c);
    atCarol.hangup();
    await left;
    expect(out.ended).to.equal(false);

    const daveAnswers = answer(dave);
    await out.invite(d);
    const atDave = await daveAnswers;
    await until(() => out.participant(d)?.state === 'joined' && atDave.participant(b)?.state === 'joined', 10_000, 'dave joined');

    const aliceAlone = nextEvent(alice, 'call-ended');
    atBob.hangup();
    atDave.hangup();
    expect((await aliceAlone).summary.reason).to.equal('remote-hangup');
    expect(out.summary!.participants.map((p) => p.state)).to.deep.equal(['left', 'left', 'left']);
    await until(() => signalsFrom(a).some((s) => s.data?.data?.cmd === 'hangup'), 5000, "the last one's hangup");
  });

  it('an invitation sent while the callee was logged out rings at its login (history pickup); a cancelled one does not', async () => {
    const [a, b, c] = [trtcUser('alice'), trtcUser('bob'), trtcUser('carol')];
    const alice = await trtcController(a);
    const cancelled = await alice.dial(c);
    await sleep(300);
    cancelled.hangup();
    const out = await alice.dial(b);
    await sleep(1500);
    const carolRang = nextEvent(await trtcController(c), 'call-incoming', () => true, 2000).then(() => true, () => false);
    const bob = new Controller({ provider: 'trtc', sdkAppId: SDK_APP_ID, user: b, userSig: `sig-${b}`, sdk: { ...FAKE_SDKS }, tones: false });
    const incoming = nextEvent(bob, 'call-incoming');
    await bob.start();
    const { call } = await incoming;
    expect(call.remote.user).to.equal(a);
    const connected = nextEvent(alice, 'call-connected', (d) => d.call === out);
    await call.answer();
    await connected;
    expect(await carolRang, 'the cancelled invitation does not ring').to.equal(false);
    call.hangup();
    await bob.dispose();
  });

  it('mute reaches the far end (mute-audio, silence); quality samples appear', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a, { quality: { intervalMs: 300 } }), trtcController(b)]);
    const [out, inb] = await trtcPair(alice, bob);
    const sample = await nextEvent(alice, 'call-quality', (e) => e.call === out && e.sample.bytesSent > 0 && e.sample.participants?.[b]?.rttMs !== undefined, 10_000);
    expect(sample.sample.connected).to.equal(true);
    expect(sample.sample.participants![b].qualityDown, "bob's own link has a level").to.be.within(1, 5);
    // TRTC's network-quality (every 2 s) gives the call's levels.
    await nextEvent(alice, 'call-quality', (e) => e.call === out && e.sample.qualityUp >= 1 && e.sample.qualityDown >= 1, 10_000);
    const meter = await fixture<HTMLElement & { levelDown: number }>(html`<call-quality-meter participant=${b}></call-quality-meter>`);
    (meter as unknown as { controller: CallController }).controller = alice;
    const next = await nextEvent(alice, 'call-quality', (e) => e.call === out && !!e.sample.participants?.[b], 10_000);
    await (meter as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(meter.levelDown, "the meter shows bob's link").to.equal(next.sample.participants![b].qualityDown);
    meter.remove();
    await until(async () => (await energyAt(a, b)) > 0, 10_000, 'sound from alice');
    const muted = nextEvent(bob, 'call-participant-change', (e) => e.participant.id === a && !e.participant.audio);
    out.mute();
    await muted;
    await sleep(500);
    expect(await energyAt(a, b, 800), 'silence from a muted alice').to.be.below(0.0001);
    out.unmute();
    await until(() => inb.participant(a)!.audio, 5000, 'unmuted');
  });

  it('device switch and screen share reach the far end: the new microphone is what the far end receives, the shared screen arrives as video', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const [out, inb] = await trtcPair(alice, bob);
    const sentTrack = (kind: string) => cloud.mediaLinks().find((l) => l.publisher === a && l.subscriber === b)?.sender.getSenders().find((s) => s.track?.kind === kind)?.track;
    await until(() => !!sentTrack('audio'), 5000, 'the media link');
    const before = sentTrack('audio')!;
    await alice.devices.refresh();
    // Another microphone than the one in use (the choice is remembered across the generations' runs).
    const microphone = alice.devices.list('audioinput').find((d) => /^Fake Audio Input \d$/.test(d.label) && d.label !== before.label)!;
    await alice.selectDevice('audioinput', microphone.deviceId);
    await until(() => sentTrack('audio')?.label === microphone.label, 5000, 'the new microphone on the link');
    expect(sentTrack('audio')!.id).to.not.equal(before.id);
    expect(before.readyState, 'the old microphone stopped').to.equal('ended');
    await until(async () => (await energyAt(a, b)) > 0, 10_000, 'sound from the new microphone');

    const videoOn = nextEvent(bob, 'call-video-change', (d) => d.remoteVideo);
    await out.shareScreen();
    await videoOn;
    await until(() => /^screen:/.test(sentTrack('video')?.label ?? ''), 5000, 'the screen on the link');
    await until(() => inb.participantStream(a).getVideoTracks().length === 1, 10_000, 'the screen at bob');
    await out.stopScreenShare();
    await until(() => !inb.participant(a)!.video || inb.participantStream(a).getVideoTracks().length === 0, 10_000, 'video gone at bob');
  });

  it('kicked out: trtc/kicked-out, registration failed and a call in progress ended; an expired userSig gives trtc/user-sig-expired and a new one logs in again', async () => {
    const [a, d] = [trtcUser('alice'), trtcUser('dave')];
    const [alice, dave] = await Promise.all([trtcController(a), trtcController(d)]);
    const [call, atDave] = await trtcPair(alice, dave);
    const failed = nextEvent(alice, 'call-error', (e) => e.error.code === 'trtc/kicked-out');
    const ended = nextEvent(alice, 'call-ended', (e) => e.call === call);
    const daveEnded = nextEvent(dave, 'call-ended', (e) => e.call === atDave);
    cloud.kickOut(a);
    await failed;
    expect(alice.registrationState).to.equal('failed');
    expect(alice.lastError?.code).to.equal('trtc/kicked-out');
    const { summary } = await ended;
    expect([summary.reason, summary.endedBy, summary.rawCause], "the kicked user's call").to.deep.equal(['failed', 'system', 'trtc/kicked-out']);
    expect(call.localStream?.getTracks().filter((t) => t.readyState === 'live') ?? [], 'no track left running').to.deep.equal([]);
    expect((await daveEnded).summary.reason, 'the far end').to.equal('remote-hangup');

    const b = trtcUser('bob');
    const bob = await trtcController(b);
    const expired = nextEvent(bob, 'call-error', (e) => e.error.code === 'trtc/user-sig-expired');
    cloud.expireUserSig(b);
    const { error } = await expired;
    expect(error.message).to.not.include(`sig-${b}`);
    expect(bob.registrationState).to.equal('failed');
    const back = nextEvent(bob, 'call-registered');
    await bob.configure({ userSig: `renewed-${b}` });
    await back;
    expect(bob.registrationState).to.equal('registered');
  });

  it("TIM's network state is the registration state: lost gives reconnecting, back gives registered; a call's media goes on", async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const [out] = await trtcPair(alice, bob);
    const lost = nextEvent(alice, 'call-registration-change', (e) => e.state === 'reconnecting');
    cloud.setNetwork(a, 'disconnected');
    expect((await lost).error?.code).to.equal('network/disconnected');
    expect(out.state).to.equal('connected');
    const back = nextEvent(alice, 'call-registration-change', (e) => e.state === 'registered');
    cloud.setNetwork(a, 'connected');
    await back;
    expect(alice.registrationState).to.equal('registered');
  });

  it('an answer whose room cannot be joined fails with trtc/room-failed, ends the call and leaves no track running', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const incoming = nextEvent(bob, 'call-incoming');
    await alice.dial(b);
    const { call } = await incoming;
    cloud.expireUserSig(b);
    const ended = nextEvent(bob, 'call-ended');
    const error = await call.answer().catch((e) => e);
    expect(error.code).to.equal('trtc/room-failed');
    expect((await ended).summary.reason).to.equal('media');
    expect(bob.media.liveTrackCount).to.equal(0);
  });

  it('SDK unavailable: no SDK to import, or a failing loader, gives trtc/sdk-unavailable naming the packages', async () => {
    for (const sdk of [undefined, () => Promise.reject(new Error('offline'))]) {
      const controller = new Controller({ provider: 'trtc', sdkAppId: SDK_APP_ID, user: trtcUser('eve'), userSig: 'x', sdk, tones: false });
      const failed = nextEvent(controller, 'call-error', (e) => e.error.code === 'trtc/sdk-unavailable');
      await controller.start();
      const { error } = await failed;
      expect(error.message).to.include('trtc-js-sdk').and.include('tim-js-sdk');
      expect(controller.registrationState).to.equal('failed');
      await controller.dispose();
    }
    expect(codeOf(() => new Controller({ provider: 'trtc', sdk: FAKE_SDKS }))).to.equal(undefined);
  });

  it("the page's own TIM instance (sdk.tim): used instead of a new one, its login taken as ours, never logged out by the phone; the page's chat goes on", async () => {
    const [a, b, c] = [trtcUser('alice'), trtcUser('bob'), trtcUser('carol')];
    let created = 0;
    const TIM = { ...FAKE_SDKS.TIM, create: (options: { SDKAppID: number }) => (created++, FAKE_SDKS.TIM.create(options)) };
    // The page's chat is logged in already (one TIM instance per SDKAppID in a page: Tencent's rule).
    const chat = FAKE_SDKS.TIM.create({ SDKAppID: SDK_APP_ID });
    const chatSeen: string[] = [];
    chat.on(FAKE_SDKS.TIM.EVENT.MESSAGE_RECEIVED, (event: { data?: { type: string }[] }) => chatSeen.push(...(event.data ?? []).map((m) => m.type)));
    await chat.login({ userID: a, userSig: `sig-${a}` });
    await until(() => chat.isReady(), 5000, 'the chat ready');
    const alice = await trtcController(a, { sdk: { TRTC: FAKE_SDKS.TRTC, TIM, tim: chat } });
    expect(created, 'no TIM instance of its own').to.equal(0);
    const bob = await trtcController(b);
    const [out] = await trtcPair(bob, alice);
    expect(out.participant(a)?.state).to.equal('joined');
    // The chat sees the call's signals as custom messages (a chat UI hides businessID 1, as TUIKit does).
    expect(chatSeen).to.include(FAKE_SDKS.TIM.TYPES.MSG_CUSTOM);
    const ended = nextEvent(alice, 'call-ended');
    out.hangup();
    await ended;
    await alice.stop();
    expect(chat.isReady(), 'still logged in after the phone stopped').to.equal(true);
    await chat.sendMessage(chat.createTextMessage({ to: b, conversationType: FAKE_SDKS.TIM.TYPES.CONV_C2C, payload: { text: 'still chatting' } }));

    // An instance the page has not logged in yet: the phone logs it in, and leaves it so.
    const fresh = FAKE_SDKS.TIM.create({ SDKAppID: SDK_APP_ID });
    const carol = await trtcController(c, { sdk: { ...FAKE_SDKS, tim: fresh } });
    expect(fresh.isReady()).to.equal(true);
    await carol.stop();
    expect(fresh.isReady(), 'the page owns it: not logged out').to.equal(true);
    for (const tim of [chat, fresh]) await tim.destroy();
  });

  it('a shared TIM instance logged in as another user fails with trtc/login-failed naming both; one that is no TIM instance gives trtc/sdk-unavailable', async () => {
    const [dave, erin] = [trtcUser('dave'), trtcUser('erin')];
    const chat = FAKE_SDKS.TIM.create({ SDKAppID: SDK_APP_ID });
    await chat.login({ userID: dave, userSig: `sig-${dave}` });
    await until(() => chat.isReady(), 5000, 'the chat ready');
    const wrong = new Controller({ provider: 'trtc', sdkAppId: SDK_APP_ID, user: erin, userSig: `sig-${erin}`, sdk: { ...FAKE_SDKS, tim: chat }, tones: false });
    const refused = nextEvent(wrong, 'call-error', (e) => e.error.code === 'trtc/login-failed');
    await wrong.start();
    expect((await refused).error.message).to.include(dave).and.include(erin);
    expect(wrong.registrationState).to.equal('failed');
    await wrong.dispose();
    expect(chat.isReady(), "the page's login stands").to.equal(true);
    await chat.destroy();

    const bogus = new Controller({ provider: 'trtc', sdkAppId: SDK_APP_ID, user: erin, userSig: 'x', sdk: { ...FAKE_SDKS, tim: { login() {} } }, tones: false });
    const unavailable = nextEvent(bogus, 'call-error', (e) => e.error.code === 'trtc/sdk-unavailable');
    await bogus.start();
    expect((await unavailable).error.message).to.include('sdk.tim').and.include('TIM.create');
    await bogus.dispose();
  });

  it('a group call through an IM group (groupId): the group is the app\'s to create; its members ring from one INVITE to the group; a caller outside it gets call-error saying how to fix', async () => {
    const ids = ['alice', 'bob', 'carol'].map(trtcUser);
    const [a, b, c] = ids;
    const [alice, bob, carol] = await Promise.all(ids.map((id) => trtcController(id)));
    const groupId = `grp_${a}`;
    // What the app's server does (REST create_group); the phone never creates or joins groups.
    cloud.createGroup(groupId, [a, b, c]);
    const rings = Promise.all([nextEvent(bob, 'call-incoming'), nextEvent(carol, 'call-incoming')]);
    const out = await alice.groupCall([b, c], { groupId });
    const [{ call: atBob }] = await rings;
    const invites = signalsFrom(a).filter((s) => s.actionType === 1);
    expect(invites.map((s) => [s.groupID, s.inviteeList])).to.deep.equal([[groupId, [b, c]]]);
    expect(atBob.invitees).to.deep.equal([b, c]);
    expect(atBob.participants.map((p) => p.id)).to.have.members([a, c]);
    out.hangup();
    await sleep(300);

    const errors = record(alice, 'call-error');
    const ended = nextEvent(alice, 'call-ended');
    await alice.groupCall([b, c], { groupId: `nobody_${a}` });
    const { summary } = await ended;
    expect([summary.reason, summary.rawCause]).to.deep.equal(['failed', 'trtc/signal-failed']);
    expect(errors.map((e) => e.error.code)).to.deep.equal(['trtc/signal-failed']);
    expect(errors[0].error.message).to.include(`nobody_${a}`).and.include('never creates or joins');
  });

  it('a stranger who learns the room id cannot end, switch or join the call by signals', async () => {
    const [a, b, m] = [trtcUser('alice'), trtcUser('bob'), trtcUser('mallory')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    const [out, inb] = await trtcPair(alice, bob);
    const roomId = signalsFrom(a).find((s) => s.actionType === 1)!.data.room_id as number;
    const mallory = FAKE_SDKS.TIM.create({ SDKAppID: SDK_APP_ID });
    await mallory.login({ userID: m, userSig: 'x' });
    const base = { inviteId: 'forged', inviter: m, action: 'invite' as const, invitees: [a], groupId: '', timeout: 0, callType: 'audio' as const, roomId, version: 4 };
    for (const signal of [
      { ...base, cmd: 'hangup' as const, callEnd: 3 },
      { ...base, cmd: 'switchToVideo' as const, timeout: 30 },
      { ...base, action: 'timeout' as const, cmd: 'audioCall' as const },
      { ...base, action: 'cancel' as const, cmd: 'audioCall' as const },
    ]) {
      await mallory.sendMessage(mallory.createCustomMessage({ to: a, conversationType: 'C2C', priority: 'High', payload: encodeSignal(signal) }), { onlineUserOnly: false });
    }
    await sleep(500);
    expect([out.state, inb.state]).to.deep.equal(['connected', 'connected']);
    expect(out.participants.map((p) => p.id), 'no participant added by a stranger').to.deep.equal([b]);
    expect(out.remoteVideo).to.equal(false);
    await mallory.logout();
  });

  it('refuses what TRTC cannot do with typed errors: an unusable user id, hold, DTMF; SIP refuses group calls', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const [alice, bob] = await Promise.all([trtcController(a), trtcController(b)]);
    let error = await alice.dial('bob@example.com').catch((e) => e);
    expect(error.code).to.equal('call/invalid-target');
    // Ourselves: refused, and no call is left ringing.
    error = await alice.dial(a).catch((e) => e);
    expect([error.code, error.message]).to.deep.equal(['call/invalid-target', `Cannot call "${a}": that is this phone's own user id.`]);
    expect(alice.calls, 'no call left').to.deep.equal([]);
    const [out] = await trtcPair(alice, bob);
    error = await out.hold().catch((e) => e);
    expect(error.code).to.equal('call/unsupported');
    expect(codeOf(() => out.sendDtmf('1'))).to.equal('call/unsupported');
  });

  it('<call-phone provider="trtc" sdk-app-id user> with userSig and sdk as properties: logs in, calls, the userSig never shows', async () => {
    const [a, b] = [trtcUser('alice'), trtcUser('bob')];
    const bob = await trtcController(b);
    // The README's order: the element is up, then a script sets `sdk` and, after fetching it, the
    // userSig. Until the userSig arrives the phone waits: no error is reported on the way.
    const errors: string[] = [];
    const phone = await fixture<CallPhone>(
      html`<call-phone provider="trtc" sdk-app-id=${SDK_APP_ID} user=${a} no-tones @call-error=${(e: CustomEvent) => errors.push(e.detail.error.code)}></call-phone>`,
    );
    const registered = nextEvent(phone, 'call-registered');
    phone.sdk = async () => ({ ...FAKE_SDKS });
    await sleep(100); // the userSig's fetch
    expect(phone.registration, 'waiting for the userSig').to.equal('idle');
    phone.userSig = `secret-sig-${a}`;
    await registered;
    expect(phone.registration).to.equal('registered');
    expect(errors, 'no call-error on the way').to.deep.equal([]);
    const incoming = nextEvent(bob, 'call-incoming');
    const call = await phone.dial(b);
    const { call: inb } = await incoming;
    const connected = nextEvent(phone, 'call-connected');
    await inb.answer();
    await connected;
    expect(call!.participant(b)?.state).to.equal('joined');
    expect(phone.outerHTML).to.not.include('secret-sig');
    expect(JSON.stringify(call!.summary ?? {})).to.not.include('secret-sig');
    const ended = nextEvent(phone, 'call-ended');
    inb.hangup();
    await ended;
    phone.remove();

    // A userSig first (an attribute in the HTML), the `sdk` loader later: the phone could not log
    // in without it, and the loader, once given, is used (a new `sdk` restarts the phone).
    const c = trtcUser('carol');
    const late = await fixture<CallPhone>(html`<call-phone provider="trtc" sdk-app-id=${SDK_APP_ID} user=${c} user-sig=${`sig-${c}`} no-tones></call-phone>`);
    await until(() => late.registration === 'failed', 10_000, 'no SDK to import');
    expect(late.controller.lastError?.code).to.equal('trtc/sdk-unavailable');
    late.sdk = async () => ({ ...FAKE_SDKS });
    await until(() => late.registration === 'registered', 10_000, 'logged in with the loader given later');
    late.remove();
  });
});

describe('TRTC provider across SDK generations (trtc-sdk-v5 + @tencentcloud/chat ⇄ trtc-js-sdk 4 + tim-js-sdk)', function () {
  this.timeout(60_000);
  const [v4, v5] = GENERATIONS as [FakeGeneration, FakeGeneration];
  afterEach(async () => {
    await disposeTrtc();
  });

  for (const [callerGen, calleeGen] of [
    [v5, v4],
    [v4, v5],
  ] as const) {
    it(`${callerGen.name} calls ${calleeGen.name}: video call rings, connects, audio and video both ways, mute reaches the far end, hang-up ends both`, async () => {
      const [a, b] = [trtcUser('alice'), trtcUser('bob')];
      const [alice, bob] = await Promise.all([
        trtcController(a, { sdk: { TRTC: callerGen.TRTC, TIM: callerGen.TIM } }),
        trtcController(b, { sdk: { TRTC: calleeGen.TRTC, TIM: calleeGen.TIM } }),
      ]);
      const [out, inb] = await trtcPair(alice, bob, true);
      const invite = signalsFrom(a).find((s) => s.actionType === 1)!;
      expect([invite.data.version, invite.data.businessID, invite.data.call_type], 'the same wire from either generation').to.deep.equal([4, 'av_call', 2]);
      expect(signalsFrom(b).some((s) => s.actionType === 3 && s.inviteID === invite.inviteID), 'ACCEPT of the same invitation').to.equal(true);
      await until(async () => (await energyAt(a, b)) > 0 && (await energyAt(b, a)) > 0, 10_000, 'audio both ways');
      await until(() => inb.participantStream(a).getVideoTracks().length === 1 && out.participantStream(b).getVideoTracks().length === 1, 10_000, 'video both ways');

      const muted = nextEvent(bob, 'call-participant-change', (d) => d.participant.id === a && !d.participant.audio, 10_000);
      out.mute();
      await muted;
      await sleep(500);
      expect(await energyAt(a, b, 800), 'silence from a muted alice').to.be.below(0.0001);

      const ended = nextEvent(bob, 'call-ended');
      out.hangup();
      expect((await ended).summary.reason).to.equal('remote-hangup');
    });
  }

  it('busy and cancel across generations: a chat callee in a call answers a tim-js-sdk caller line_busy; a tim-js-sdk caller cancels at a chat callee', async () => {
    const [a, b, c] = [trtcUser('alice'), trtcUser('bob'), trtcUser('carol')];
    const [alice, bob, carol] = await Promise.all([
      trtcController(a, { sdk: { TRTC: v4.TRTC, TIM: v4.TIM } }),
      trtcController(b, { sdk: { TRTC: v5.TRTC, TIM: v5.TIM } }),
      trtcController(c, { sdk: { TRTC: v5.TRTC, TIM: v5.TIM } }),
    ]);
    const [, bobWithCarol] = await trtcPair(carol, bob);
    const busyEnd = nextEvent(alice, 'call-ended');
    await alice.dial(b);
    expect((await busyEnd).summary.reason).to.equal('busy');
    expect(signalsFrom(b).filter((s) => s.actionType === 4).at(-1)!.data.line_busy).to.equal('line_busy');
    bobWithCarol.hangup();

    const incoming = nextEvent(bob, 'call-incoming');
    const out = await alice.dial(b);
    await incoming;
    const cancelled = nextEvent(bob, 'call-ended');
    out.hangup();
    expect((await cancelled).summary.reason).to.equal('cancelled');
  });
});
