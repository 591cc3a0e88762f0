// Tencent's TRTCCalling users on the fake cloud (trtc-fakes-helpers.ts) in calls with media:
// accepted with real audio both ways over the fakes' loopback RTCPeerConnections, and busy (the
// callee in a call). Chromium (WebKit's build has no RTCPeerConnection); the signalling without
// media: trtc-fakes.test.ts.
import { expect } from '@open-wc/testing';
import { E, SDKAppID, cloud, login, ring, seen, tracks, trtcCallingHooks, waitFor } from './trtc-fakes-helpers.js';
import { until } from './helpers.js';

/** Received audio energy (inbound-rtp totalAudioEnergy) of `publisher`'s stream at `subscriber`. */
async function receivedEnergy(publisher: string, subscriber: string): Promise<number> {
  const link = cloud.mediaLinks().find((l) => l.publisher === publisher && l.subscriber === subscriber);
  if (!link) return 0;
  for (const receiver of link.receiver.getReceivers()) tracks.add(receiver.track);
  let energy = 0;
  (await link.receiver.getStats()).forEach((s: any) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') energy = s.totalAudioEnergy ?? 0;
  });
  return energy;
}

describe('Tencent TRTCCalling on the TRTC/TIM fakes, with media', function () {
  this.timeout(40_000);
  trtcCallingHooks();

  /**
   * Proves login, the INVITE wire format (sent by tsignaling through the fake TIM), accept
   * (callee joins the fake room), USER_ENTER on both sides (stream-added → subscribe →
   * stream-subscribed with real tracks), real audio at the callee from the caller's fake
   * microphone over the loopback peer connections, and hang-up → CALL_END at the far end with
   * the `hangup` INVITE; afterwards both left the room.
   */
  it('calls, is accepted, carries audio, and hangs up (CALL_END at the far end)', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    const invite = cloud.signals('u1').find((s) => s.actionType === 1);
    expect(invite).to.include({ businessID: 1, inviter: 'u1', timeout: 30, onlineUserOnly: false });
    expect(invite.inviteeList).to.deep.equal(['u2']);
    const inner = JSON.parse(invite.data);
    expect(inner).to.include({ version: 4, call_type: 1, businessID: 'av_call', platform: 'Web' });
    expect(inner.room_id).to.be.a('number');
    expect(inner.data).to.include({ cmd: 'audioCall', room_id: inner.room_id });
    expect(cloud.roomMembers(SDKAppID, inner.room_id)).to.deep.equal(['u1']); // caller joined first

    await u2.calling.accept();
    await waitFor(u1, E.USER_ENTER);
    await waitFor(u2, E.USER_ENTER);
    expect(seen(u1, E.USER_ENTER)).to.deep.equal([{ userID: 'u2' }]);
    expect(seen(u2, E.USER_ENTER)).to.deep.equal([{ userID: 'u1' }]);
    expect(cloud.signals('u2').map((s) => s.actionType)).to.deep.equal([3]);

    let before = await receivedEnergy('u1', 'u2');
    await until(async () => (await receivedEnergy('u1', 'u2')) > before, 8000, 'audio energy at u2');
    before = await receivedEnergy('u2', 'u1');
    await until(async () => (await receivedEnergy('u2', 'u1')) > before, 8000, 'audio energy at u1');

    await u1.calling.hangup();
    await waitFor(u2, E.CALL_END);
    const hangup = cloud.signals('u2').find((s) => s.actionType === 1);
    expect(JSON.parse(hangup.data).data.cmd).to.equal('hangup');
    await until(() => cloud.roomMembers(SDKAppID, inner.room_id).length === 0, 5000, 'room empty');
  });

  /**
   * Proves busy: u2 is connected with u3; u1's invitation is answered automatically by
   * TRTCCalling with a REJECT carrying `line_busy` and u1 gets LINE_BUSY; the u2–u3 call goes on.
   */
  it('busy → LINE_BUSY at the caller', async () => {
    const [u1, u2, u3] = [await login('u1'), await login('u2'), await login('u3')];
    await ring(u3, u2);
    await u2.calling.accept();
    await waitFor(u3, E.USER_ENTER);
    await u1.calling.call({ userID: 'u2', type: 1 });
    await waitFor(u1, E.LINE_BUSY);
    // trtc-calling-js 1.0.6 passes the REJECT's `inviter` (the caller itself) as `sponsor`.
    expect(seen(u1, E.LINE_BUSY)).to.deep.equal([{ sponsor: 'u1', userID: 'u2' }]);
    const busy = JSON.parse(cloud.signals('u2').find((s) => s.actionType === 4).data);
    expect(busy).to.include({ line_busy: 'line_busy' });
    expect(busy.data.message).to.equal('lineBusy');
    expect(seen(u2, E.CALL_END)).to.have.length(0);
  });
});
