// Checks the harness's loopback WebRTC: inside the test network namespace, two peer connections
// in the page connect over 127.0.0.1 and audio arrives. (Out of harness.test.ts so that WebKit,
// whose build has no RTCPeerConnection, runs the rest of it.)
import { expect } from '@open-wc/testing';
import { testEnv } from './env.js';

/** Resolves when `check()` holds, polling; rejects with `what` after `ms`. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('test harness: loopback WebRTC', () => {
  it('connects a peer connection pair over loopback and receives audio (network namespace)', async function () {
    if (!testEnv.netns) {
      // Outside the namespace Chromium ignores loopback and uses whatever interfaces the host has.
      this.skip();
    }
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    const candidates: RTCIceCandidate[] = [];
    try {
      a.onicecandidate = (event) => {
        if (event.candidate) {
          candidates.push(event.candidate);
          void b.addIceCandidate(event.candidate);
        }
      };
      b.onicecandidate = (event) => {
        if (event.candidate) void a.addIceCandidate(event.candidate);
      };
      a.addTrack(stream.getAudioTracks()[0]!, stream);
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);

      await until(() => ['connected', 'completed'].includes(a.iceConnectionState), `ICE connected (is ${a.iceConnectionState})`);
      const hosts = candidates.filter((c) => c.type === 'host');
      expect(hosts.length, 'host candidates').to.be.greaterThan(0);
      expect(hosts.every((c) => c.address === '127.0.0.1' || c.address === '::1'), hosts.map((c) => c.address).join(' ')).to.equal(true);

      let received = 0;
      await until(async () => {
        const report = await b.getStats();
        received = 0;
        report.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
        });
        return received > 0;
      }, 'audio packets received');
      expect(received).to.be.greaterThan(0);
    } finally {
      a.close();
      b.close();
      for (const track of stream.getTracks()) track.stop();
    }
  });
});
