// WebKitGTK as Debian builds it has no WebRTC (scripts/probe-engines.mjs): what a phone does in
// such a browser. Runs in the WebKit pass (npm test -- --browser webkit).
import { expect } from '@open-wc/testing';
import { detectCapabilities } from '../../src/media/capabilities.js';
import { disposeControllers, nextEvent, registeredController, sleep, uniqueUser } from './helpers.js';

describe('a browser without WebRTC (WebKitGTK here)', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it('capabilities say so; SIP registration over WebSocket still works; dialling fails with a typed error, not an exception', async () => {
    expect(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection, 'this engine has no RTCPeerConnection').to.equal('undefined');
    expect(detectCapabilities()).to.include({ webrtc: false, setSinkId: false, getUserMedia: true });
    const alice = await registeredController(uniqueUser('alice'));
    expect(alice.registered).to.equal(true);
    const bob = await registeredController(uniqueUser('bob'));
    const failed = nextEvent(alice, 'call-error', () => true, 10_000);
    const incoming: unknown[] = [];
    bob.addEventListener('call-incoming', (e) => incoming.push(e));
    const rejected = await alice.dial(bob.user).then(
      () => undefined,
      (e: unknown) => e,
    );
    const { error } = await failed;
    expect(error.code).to.equal('media/unsupported');
    expect(error.message).to.contain('no WebRTC');
    expect(rejected, 'dial() rejects with the same error').to.equal(error);
    expect(alice.calls, 'no call').to.have.length(0);
    expect(alice.media.liveTrackCount, 'no microphone was opened').to.equal(0);
    await sleep(500);
    expect(incoming, 'no INVITE reached the far end').to.have.length(0);
  });
});
