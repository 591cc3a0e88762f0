// Checks the browser test harness itself: fake media devices, the JsSIP bundle, the test
// servers and their commands, Lit decorators through esbuild, and trusted keys (sendKeys: in
// WebKit, W3C WebDriver Actions from test/harness/webkit-launcher.mjs). Loopback WebRTC in the
// network namespace: loopback-webrtc.test.ts (WebKit runs this file, not that one: its build has
// no RTCPeerConnection). When one of these fails, other suites' failures are probably its echo.
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { testEnv } from './env.js';
import { resetSipStats, sipStats } from './sip-commands.js';

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

  it('sends trusted keys (sendKeys): Tab moves focus, text is typed, Shift held down moves back, named keys arrive', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><button id="a">a</button><input id="i" /><button id="b">b</button></div>`);
    const keys: string[] = [];
    root.addEventListener('keydown', (event) => keys.push(`${event.isTrusted ? '' : 'untrusted '}${event.key === 'Unidentified' ? event.code : event.key}`));
    const at = () => document.activeElement!.id;
    root.querySelector<HTMLButtonElement>('#a')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(at()).to.equal('i');
    await sendKeys({ type: 'bob+1 é' });
    expect(root.querySelector('input')!.value).to.equal('bob+1 é');
    await sendKeys({ press: 'Tab' });
    expect(at()).to.equal('b');
    // Shift held down (`down` / `up`: puppeteer's press takes no combinations like Shift+Tab;
    // WebKit's launcher does, in its Node tests) moves back.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(at()).to.equal('a');
    // Shift is up again: Tab goes forward.
    await sendKeys({ press: 'Tab' });
    expect(at()).to.equal('i');
    keys.length = 0;
    for (const key of ['Escape', 'Enter', 'ArrowDown', 'ArrowUp', 'Space']) await sendKeys({ press: key });
    expect(keys).to.deep.equal(['Escape', 'Enter', 'ArrowDown', 'ArrowUp', ' ']);
  });
});
