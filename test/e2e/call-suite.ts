import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { ControllerSettings } from '../../src/core/settings.js';
import type { Call } from '../../src/core/call.js';
import {
  connectedPair,
  directions,
  disposeControllers,
  energyOver,
  inboundAudio,
  nextEvent,
  record,
  uniqueUser,
  until,
} from './helpers.js';

/** Makes two registered controllers (caller, callee) with extra settings. */
export type PairFactory = (settings?: ControllerSettings) => Promise<[CallController, CallController]>;

/** Asserts a finished call left no live track of ours and no open peer connection. */
export function expectReleased(controller: CallController, calls: Call[]): void {
  expect(controller.media.liveTrackCount, 'live local tracks').to.equal(0);
  for (const call of calls) {
    for (const pc of call.peerConnections()) expect(pc.signalingState, 'peer connection').to.equal('closed');
    for (const track of call.localStream?.getTracks() ?? []) expect(track.readyState).to.equal('ended');
  }
}

/**
 * The call tests every SIP server must pass: media both ways, mute, hold, video, reject,
 * busy, cancel, not-found, DTMF (INFO and RFC 4733), early INVITE with a dead STUN server.
 */
export function describeCalls(title: string, makePair: PairFactory): void {
  describe(title, function () {
    this.timeout(30_000);
    let alice: CallController;
    let bob: CallController;

    beforeEach(async () => {
      [alice, bob] = await makePair();
    });
    afterEach(disposeControllers);

    it('connects, media flows both ways, and hangup ends both sides with the right reasons', async () => {
      const [out, inc] = await connectedPair(alice, bob);
      expect(out.state).to.equal('connected');
      expect(inc.state).to.equal('connected');
      expect(inc.remote.user).to.equal(alice.user);
      await until(async () => ((await inboundAudio(out))?.packets ?? 0) > 20 && ((await inboundAudio(inc))?.packets ?? 0) > 20, 8000, 'audio packets both ways');
      expect(await energyOver(inc, 1500), 'bob hears alice').to.be.greaterThan(0);
      expect(await energyOver(out, 1500), 'alice hears bob').to.be.greaterThan(0);

      const bobEnded = nextEvent(bob, 'call-ended');
      const aliceEnded = nextEvent(alice, 'call-ended');
      out.hangup();
      const [a, b] = await Promise.all([aliceEnded, bobEnded]);
      expect(a.summary.reason).to.equal('local-hangup');
      expect(a.summary.endedBy).to.equal('local');
      expect(b.summary.reason).to.equal('remote-hangup');
      expect(b.summary.endedBy).to.equal('remote');
      expect(b.call.state).to.equal('ended');
      expect(alice.calls).to.have.length(0);
      expect(bob.calls).to.have.length(0);
      expectReleased(alice, [out]);
      expectReleased(bob, [inc]);
    });

    it('mute silences the outbound audio and unmute restores it', async () => {
      const [out, inc] = await connectedPair(alice, bob);
      await until(async () => (await energyOver(inc, 500)) > 0, 8000, 'audio energy');
      const unmuted = await energyOver(inc, 1500);
      const muteEvent = nextEvent(alice, 'call-mute');
      out.mute();
      expect((await muteEvent).muted).to.equal(true);
      expect(out.muted.audio).to.equal(true);
      await energyOver(inc, 600); // let in-flight audio (jitter buffer, packets on the way) drain
      const muted = await energyOver(inc, 1500);
      expect(unmuted, 'energy before muting').to.be.greaterThan(0.01);
      expect(muted, 'energy while muted is silence (< 1 % of before)').to.be.lessThan(unmuted / 100);
      out.unmute();
      await until(async () => (await energyOver(inc, 500)) > 0, 5000, 'energy after unmute');
    });

    it('hold makes both sides held with sendonly/recvonly media, and unhold restores it', async () => {
      const [out, inc] = await connectedPair(alice, bob);
      const bobHold = nextEvent(bob, 'call-hold', (d) => d.remote);
      await out.hold();
      await bobHold;
      await until(() => out.state === 'held' && inc.state === 'held', 5000, 'both held');
      expect(out.held).to.deep.equal({ local: true, remote: false });
      expect(inc.held).to.deep.equal({ local: false, remote: true });
      expect(directions(out).audio).to.equal('sendonly');
      expect(directions(inc).audio).to.equal('recvonly');

      const bobResume = nextEvent(bob, 'call-hold', (d) => !d.remote);
      await out.unhold();
      await bobResume;
      await until(() => out.state === 'connected' && inc.state === 'connected', 5000, 'both connected');
      expect(directions(out).audio).to.equal('sendrecv');
      expect(directions(inc).audio).to.equal('sendrecv');
    });

    it('a video call sends video both ways; answering audio-only sends none', async () => {
      const videoPackets = async (call: Call) => {
        let packets = 0;
        (await call.getStats())?.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') packets = s.packetsReceived ?? 0;
        });
        return packets;
      };
      const [out, inc] = await connectedPair(alice, bob, true);
      expect(inc.video).to.equal(true);
      expect(out.localStream?.getVideoTracks()).to.have.length(1);
      await until(async () => (await videoPackets(out)) > 10 && (await videoPackets(inc)) > 10, 8000, 'video both ways');
      expect(out.remoteStream.getVideoTracks()).to.have.length(1);
      out.hangup();
      await until(() => inc.ended, 3000, 'ended');

      const incoming = nextEvent(bob, 'call-incoming');
      const second = await alice.dial(bob.user, { video: true });
      const { call: audioOnly } = await incoming;
      expect(audioOnly.video, 'the caller offered video').to.equal(true);
      const connected = nextEvent(alice, 'call-connected');
      await audioOnly.answer({ video: false });
      await connected;
      expect(audioOnly.localStream?.getVideoTracks()).to.have.length(0);
      await until(async () => ((await inboundAudio(second))?.packets ?? 0) > 10, 8000, 'audio');
      expect(await videoPackets(second), 'no video from an audio-only answer').to.equal(0);
    });

    it('reject gives the caller "rejected"; the callee ends as rejected too', async () => {
      const incoming = nextEvent(bob, 'call-incoming');
      const failed = nextEvent(alice, 'call-failed');
      const out = await alice.dial(bob.user);
      const { call } = await incoming;
      call.reject();
      const { summary } = await failed;
      expect(summary.reason).to.equal('rejected');
      expect(summary.statusCode).to.equal(603);
      expect(call.summary?.reason).to.equal('rejected');
      await until(() => out.ended, 2000, 'caller ended');
      expectReleased(alice, [out]);
    });

    it('busy reject gives the caller "busy" (486)', async () => {
      const incoming = nextEvent(bob, 'call-incoming');
      const failed = nextEvent(alice, 'call-failed');
      await alice.dial(bob.user);
      (await incoming).call.reject({ busy: true });
      const { summary } = await failed;
      expect(summary.reason).to.equal('busy');
      expect(summary.statusCode).to.equal(486);
    });

    it('the caller cancelling while it rings ends both sides as "cancelled" (the callee gets call-failed, the caller not)', async () => {
      const incoming = nextEvent(bob, 'call-incoming');
      const out = await alice.dial(bob.user);
      const { call: inc } = await incoming;
      await until(() => out.state === 'ringing', 5000, 'ringing');
      const bobEnded = nextEvent(bob, 'call-ended');
      const bobFailed = nextEvent(bob, 'call-failed');
      const aliceFailed = record(alice, 'call-failed');
      out.hangup();
      expect(out.summary?.reason).to.equal('cancelled');
      expect((await bobFailed).summary.reason).to.equal('cancelled');
      expect(aliceFailed, "the caller's own cancel is no failure").to.deep.equal([]);
      const { summary } = await bobEnded;
      expect(summary.reason).to.equal('cancelled');
      expect(summary.endedBy).to.equal('remote');
      expect(inc.state).to.equal('ended');
      expectReleased(alice, [out]);
    });

    it('calling an unknown user fails with "not-found"', async () => {
      const failed = nextEvent(alice, 'call-failed');
      await alice.dial(uniqueUser('nobody'));
      const { summary } = await failed;
      expect(summary.reason).to.equal('not-found');
      expect(summary.statusCode).to.equal(404);
      expect(alice.media.liveTrackCount).to.equal(0);
    });

    it('DTMF by SIP INFO arrives at the other side as call-dtmf events', async () => {
      await disposeControllers();
      [alice, bob] = await makePair({ dtmfTransport: 'info' });
      const [out] = await connectedPair(alice, bob);
      const received = record(bob, 'call-dtmf');
      const sent = record(alice, 'call-dtmf');
      out.sendDtmf('1*9#');
      await until(() => received.length === 4, 8000, 'four DTMF events');
      expect(received.map((d) => d.tones).join('')).to.equal('1*9#');
      expect(received.every((d) => d.direction === 'in')).to.equal(true);
      expect(sent).to.have.length(1);
      expect(sent[0]).to.include({ tones: '1*9#', direction: 'out' });
    });

    it('DTMF by RFC 4733 is played into the media by the RTP sender', async () => {
      const [out] = await connectedPair(alice, bob);
      const sender = out.peerConnections()[0].getSenders().find((s) => s.track?.kind === 'audio')!;
      const tones: string[] = [];
      sender.dtmf!.addEventListener('tonechange', (e) => tones.push((e as RTCDTMFToneChangeEvent).tone));
      out.sendDtmf('42');
      await until(() => tones.includes('2'), 5000, 'tones played');
      expect(tones.filter(Boolean)).to.deep.equal(['4', '2']);
    });

    it('invalid DTMF is refused with call/invalid-dtmf and the call goes on', async () => {
      const [out] = await connectedPair(alice, bob);
      expect(() => out.sendDtmf('12x')).to.throw().with.property('code', 'call/invalid-dtmf');
      expect(out.state).to.equal('connected');
    });

    it('sends the INVITE before ICE gathering completes, even with an unreachable STUN server', async () => {
      await disposeControllers();
      const stun = [{ urls: 'stun:127.0.0.1:3479' }];
      [alice, bob] = await makePair({ iceServers: stun });
      const incoming = nextEvent(bob, 'call-incoming');
      const out = await alice.dial(bob.user);
      await incoming;
      // The callee has the offer, yet the caller is still gathering (the STUN server never answers).
      expect(out.peerConnections()[0].iceGatheringState).to.equal('gathering');
      const [, inc] = [out, bob.calls[0]];
      const connected = nextEvent(alice, 'call-connected');
      await inc.answer();
      await connected;
      await until(async () => ((await inboundAudio(out))?.packets ?? 0) > 0, 8000, 'media with STUN configured');
    });
  });
}
