// Tencent's own web calling client (trtc-calling-js 1.0.6 + tsignaling 1.0.8, from npm,
// bundled with their `trtc-js-sdk` / `tim-js-sdk` imports aliased to test/fakes/tencent) runs on
// the fake cloud: several TRTCCalling users in one page call each other. This is what shows the
// fakes follow the real SDKs closely enough for Tencent's code, before our provider uses them.
// Here: signalling without media (reject, cancel, timeout: tsignaling over the fake TIM, no peer
// connection before an accept), which every engine runs — WebKit's build without
// RTCPeerConnection too, where the caller's room join is refused (the fake's
// checkSystemRequirements says no WebRTC, as the real SDK's would: TRTCCalling logs it as a
// rejection outside the test) and its invitation goes out all the same. Accept with audio, and
// busy (a call in progress): trtc-fakes-media.test.ts.
import { expect } from '@open-wc/testing';
import { E, cloud, login, ring, seen, trtcCallingHooks, waitFor } from './trtc-fakes-helpers.js';
import { sleep, until } from './helpers.js';

describe('Tencent TRTCCalling on the TRTC/TIM fakes', function () {
  this.timeout(40_000);
  trtcCallingHooks();

  /** Proves reject: the callee's REJECT (actionType 4) reaches the caller as REJECT. */
  it('reject → REJECT at the caller', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    await u2.calling.reject();
    await waitFor(u1, E.REJECT);
    expect(seen(u1, E.REJECT)).to.deep.equal([{ userID: 'u2' }]);
    const reject = cloud.signals('u2').find((s) => s.actionType === 4);
    expect(JSON.parse(reject.data).line_busy).to.equal(undefined);
  });

  /** Proves cancel: the caller hangs up while it rings → CANCEL (actionType 2) → CALLING_CANCEL. */
  it('cancel → CALLING_CANCEL at the callee', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    await ring(u1, u2);
    await u1.calling.hangup();
    await waitFor(u2, E.CALLING_CANCEL);
    expect(cloud.signals('u1').map((s) => s.actionType)).to.deep.equal([1, 2]);
  });

  /**
   * Proves the client-side timeouts run on the fakes: with a 2 s timeout (set on the
   * instance: 1.0.6 ignores `call({ timeout })`), the callee's timer fires first (timeout s),
   * sends TIMEOUT (actionType 5) and gets CALLING_TIMEOUT; the caller gets it as CALLING_TIMEOUT
   * too (not NO_RESP) and both end.
   */
  it('timeout → CALLING_TIMEOUT on both sides (callee sends actionType 5)', async () => {
    const [u1, u2] = [await login('u1'), await login('u2')];
    (u1.calling as unknown as { _callTimeout: number })._callTimeout = 2;
    await ring(u1, u2);
    expect(cloud.signals('u1')[0].timeout).to.equal(2);
    await waitFor(u2, E.CALLING_TIMEOUT, 6000);
    await waitFor(u1, E.CALLING_TIMEOUT, 6000);
    expect(cloud.signals('u2').map((s) => s.actionType)).to.deep.equal([5]);
    expect(seen(u1, E.NO_RESP)).to.have.length(0);
    await sleep(100);
    await until(() => cloud.openPeerConnections() === 0, 5000, 'peer connections closed');
  });
});
