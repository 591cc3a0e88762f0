// Checks the browser test harness itself: fake media devices, the JsSIP bundle, the test
// servers and their commands, Lit decorators through esbuild, and loopback WebRTC in the
// network namespace. When one of these fails, other suites' failures are probably its echo.
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { expect, fixture } from '@open-wc/testing';
import { testEnv } from './env.js';
import { resetSipStats, sipStats } from './sip-commands.js';

/** Resolves when `check()` holds, polling; rejects with `what` after `ms`. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens a SIP WebSocket; resolves once open. */
function openSipSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'sip');
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
  });
}

describe('test harness', () => {
  it('gets live audio and video tracks from the fake devices', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    try {
      const [audio] = stream.getAudioTracks();
      const [video] = stream.getVideoTracks();
      expect(audio?.readyState).to.equal('live');
      expect(video?.readyState).to.equal('live');
      expect(video!.getSettings().width).to.be.greaterThan(0);
      const devices = await navigator.mediaDevices.enumerateDevices();
      expect(devices.some((d) => d.kind === 'audioinput' && d.label)).to.equal(true, 'labelled fake microphone');
    } finally {
      for (const track of stream.getTracks()) track.stop();
    }
  });

  it('resolves jssip, statically and dynamically, to the ESM bundle', async () => {
    const jssip = await import('jssip');
    const api = (jssip as unknown as { default: typeof jssip }).default;
    expect(jssip.UA).to.be.a('function');
    expect(api.UA).to.equal(jssip.UA);
    expect(jssip.WebSocketInterface).to.be.a('function');
    expect(api.version).to.match(/^3\./);
  });

  it('compiles Lit decorators with experimentalDecorators and no define semantics', async () => {
    @customElement('harness-decorated')
    class HarnessDecorated extends LitElement {
      @property() label = 'first';
      override render() {
        return html`<span>${this.label}</span>`;
      }
    }
    const el = await fixture<HarnessDecorated>(html`<harness-decorated></harness-decorated>`);
    expect(el.shadowRoot!.textContent).to.contain('first');
    el.label = 'second';
    await el.updateComplete;
    // With class-field define semantics the field would shadow Lit's accessor and never render.
    expect(el.shadowRoot!.textContent).to.contain('second');
    expect(Object.prototype.hasOwnProperty.call(el, 'label')).to.equal(false);
  });

  it('serves the test environment', () => {
    const ws = /^ws:\/\/127\.0\.0\.1:(\d+)\/sip$/;
    expect(testEnv.sipUrl).to.match(ws);
    expect(testEnv.sipAuthUrl).to.match(ws);
    expect(testEnv.unreachableSipUrl).to.match(ws);
    expect(new Set([testEnv.sipUrl, testEnv.sipAuthUrl, testEnv.unreachableSipUrl]).size).to.equal(3);
    expect(testEnv.users).to.include({ alice: 'alice-secret', bob: 'bob-secret' });
    expect(testEnv.netns).to.be.a('boolean');
  });

  it('reaches the SIP servers and counts requests through the sip-stats command', async () => {
    await resetSipStats('open');
    const ws = await openSipSocket(testEnv.sipUrl);
    try {
      const reply = new Promise<string>((resolve) => (ws.onmessage = (event) => resolve(String(event.data))));
      ws.send(
        [
          'OPTIONS sip:127.0.0.1 SIP/2.0',
          'Via: SIP/2.0/WS harness.invalid;branch=z9hG4bK-harness-1',
          'Max-Forwards: 70',
          'From: <sip:harness@127.0.0.1>;tag=h1',
          'To: <sip:127.0.0.1>',
          'Call-ID: harness-options-1',
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      expect(await reply).to.match(/^SIP\/2\.0 200 /);
    } finally {
      ws.close();
    }
    const stats = await sipStats('open');
    expect(stats.requests.OPTIONS).to.equal(1);
    expect(stats.byUser.harness).to.deep.equal({ OPTIONS: 1 });
    expect((await sipStats('auth')).requests.OPTIONS ?? 0).to.equal(0);
    await resetSipStats('open');
    expect((await sipStats('open')).requests).to.deep.equal({});
  });

  it('finds nothing listening at the unreachable URL', async () => {
    let failed = false;
    try {
      (await openSipSocket(testEnv.unreachableSipUrl)).close();
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

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
