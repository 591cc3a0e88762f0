import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { sleep, uniqueUser, until } from './helpers.js';

// The elements under a strict Content-Security-Policy, sent as a header (demo/csp.mjs):
//   default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' <sip server>;
//   require-trusted-types-for 'script'; trusted-types lit-html
// web-test-runner's own page has inline scripts, so the pages under the policy are separate:
// the CSP test page (test/harness/csp/) in a same-origin iframe, and the demo served by Vite
// from vite.config.ts (dev server and the built demo on the preview server) in a tab of its own.
// Every securitypolicyviolation event is recorded from the first script on; the test page also
// has a report-uri, so a violation is caught even where no script runs.

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}
/** `promise`, or a rejection saying `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`timed out: ${what}`)))]);
}
type CspWindow = Window & { cspViolations: Violation[]; cspPageReady?: boolean; cspPageError?: string };

/** Opens the CSP test page in an iframe and waits until both phones are registered. */
async function openCspPage(bundle: 'cdn' | 'src') {
  const alice = uniqueUser('cspalice');
  const bob = uniqueUser('cspbob');
  const frame = document.createElement('iframe');
  frame.allow = 'microphone; camera';
  // Over the whole viewport: <call-devices> meters only while it is on screen.
  frame.style.cssText = 'position: fixed; inset: 0; width: 100vw; height: 100vh; border: 0; background: Canvas';
  frame.src = `/__csp/page.html?bundle=${bundle}&alice=${alice}&bob=${bob}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await within(loaded, 15_000, 'the CSP page loaded');
  const win = frame.contentWindow as CspWindow;
  // The source modules are transformed on first request: that can take a while on a busy machine.
  await until(() => win.cspPageReady === true || !!win.cspPageError, 40_000, 'the CSP page to load the elements');
  expect(win.cspPageError, 'loading the elements').to.equal(undefined);
  const doc = frame.contentDocument!;
  const phones = { alice: doc.getElementById('alice') as CallPhone, bob: doc.getElementById('bob') as CallPhone };
  await until(() => phones.alice.registered && phones.bob.registered, 10_000, 'both phones registered');
  return { frame, win, doc, phones, users: { alice, bob } };
}

/** Samples the `<call-devices>` level meter: aria-valuenow and the fill's drawn scale. */
async function sampleMeter(devices: Element, times = 25) {
  const samples: { value: number; scale: number }[] = [];
  for (let i = 0; i < times; i++) {
    const meter = devices.shadowRoot!.querySelector('[part~=meter]')!;
    const fill = devices.shadowRoot!.querySelector('[part~=meter-fill]')!;
    const transform = getComputedStyle(fill).transform; // matrix(sx, 0, 0, 1, 0, 0) or none
    const scale = transform.startsWith('matrix(') ? Number(transform.slice(7).split(',')[0]) : 0;
    samples.push({ value: Number(meter.getAttribute('aria-valuenow')), scale });
    await sleep(100);
  }
  return samples;
}

describe('Content-Security-Policy', function () {
  this.timeout(90_000);
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    for (const frame of frames.splice(0)) {
      for (const phone of frame.contentDocument?.querySelectorAll<CallPhone>('call-phone') ?? []) phone.hangup();
      frame.remove();
    }
    await executeServerCommand('csp-reports');
  });

  before(async function () {
    this.timeout(60_000);
    // dist/cdn for this run, once; the command answers 'building' until it is built.
    const built = async () => {
      while ((await executeServerCommand('csp-build')) !== true);
    };
    await within(built(), 50_000, 'the CDN build');
    await executeServerCommand('csp-reports');
  });

  it('the test page is served with the policy as a header', async () => {
    const response = await fetch('/__csp/page.html');
    const policy = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "require-trusted-types-for 'script'", 'trusted-types lit-html']) {
      expect(policy).to.include(directive);
    }
    expect(policy).to.match(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+(;|$)/);
  });

  for (const bundle of ['cdn', 'src'] as const) {
    const what = bundle === 'cdn' ? 'the CDN bundle (production Lit)' : 'the source modules (Lit in dev mode)';
    it(`${what}: a call connects, the level and quality meters draw${bundle === 'cdn' ? ', holds both ways' : ''}, with zero violations`, async () => {
      const { frame, win, doc, phones, users } = await openCspPage(bundle);
      frames.push(frame);
      expect(win.customElements.get('call-phone'), 'elements defined').to.not.equal(undefined);

      // The CDN's lazy chunks a call needs (the calls' code, the SIP provider) came while the
      // phones registered: the first call waits on no download.
      const scripts = () => win.performance.getEntriesByType('resource').filter((e) => /\.js(\?|$)/.test(e.name));
      if (bundle === 'cdn') {
        const names = scripts().map((e) => e.name.replace(/^.*\//, ''));
        expect(names.some((n) => n.startsWith('call-parts-')), `fetched: ${names}`).to.equal(true);
        expect(names.some((n) => n.startsWith('sip-')), `fetched: ${names}`).to.equal(true);
      }
      const dialledAt = win.performance.now();

      const incoming = new Promise<void>((resolve) => phones.bob.addEventListener('call-incoming', () => resolve(), { once: true }));
      void phones.alice.dial(users.bob);
      await within(incoming, 10_000, 'call-incoming at bob');
      await phones.bob.updateComplete;
      // Bob answers with his phone's own button, as a user would.
      const answer = phones.bob.shadowRoot!.querySelector<HTMLButtonElement>('button.answer')!;
      expect(answer, 'answer button').to.not.equal(null);
      answer.click();
      await until(() => phones.alice.getAttribute('state') === 'connected' && phones.bob.getAttribute('state') === 'connected', 10_000, 'the call connected');

      const devices = doc.querySelector('call-devices')!;
      await until(() => !!devices.shadowRoot?.querySelector('[part~=meter]'), 5_000, 'the level meter');
      const samples = await sampleMeter(devices);
      const values = samples.map((s) => s.value);
      expect(Math.max(...values), `levels ${values}`).to.be.greaterThan(0);
      expect(Math.min(...values), `levels ${values}: not stuck at 100 %`).to.be.lessThan(100);
      // The fill is drawn from the level (a custom property set through CSSOM reached the CSS).
      expect(samples.some((s) => s.scale > 0 && s.scale < 1), `scales ${samples.map((s) => s.scale)}`).to.equal(true);

      const meter = doc.querySelector('call-quality-meter')!;
      await until(() => Number(meter.getAttribute('level')) >= 1 && Number(meter.getAttribute('level')) <= 5, 10_000, 'a quality level');
      const bars = [...meter.shadowRoot!.querySelectorAll('.bar[data-on]')].map((bar) => bar.getBoundingClientRect().height);
      expect(bars.length, 'lit bars').to.be.greaterThan(0);
      for (const height of bars) expect(height).to.be.greaterThan(0);

      if (bundle === 'cdn') {
        // Holds both ways, so JsSIP's offers on hold and its reading of the far end's offers
        // go through the CDN build's sdp-transform stand-in (scripts/cdn-shims/sdp-transform.cjs).
        const nextHold = (phone: CallPhone) =>
          within(
            new Promise<{ local: boolean; remote: boolean }>((resolve) =>
              phone.addEventListener('call-hold', (e) => resolve((e as CustomEvent).detail), { once: true }),
            ),
            8_000,
            `call-hold at ${phone.id}`,
          );
        const steps: [CallPhone, 'hold' | 'unhold', CallPhone, { local: boolean; remote: boolean }][] = [
          [phones.alice, 'hold', phones.bob, { local: false, remote: true }], // alice's offer: sendonly
          [phones.bob, 'hold', phones.alice, { local: true, remote: true }], // bob's: inactive (both held)
          [phones.alice, 'unhold', phones.bob, { local: true, remote: false }], // alice's: recvonly
          [phones.bob, 'unhold', phones.alice, { local: false, remote: false }],
        ];
        for (const [actor, action, peer, seen] of steps) {
          const heard = nextHold(peer);
          expect(await actor[action](), `${actor.id} ${action}`).to.equal(true);
          const detail = await heard;
          expect({ local: detail.local, remote: detail.remote }, `${peer.id} after ${actor.id} ${action}`).to.deep.equal(seen);
        }
        expect(phones.alice.getAttribute('state')).to.equal('connected');
        const during = scripts().filter((e) => e.startTime >= dialledAt).map((e) => e.name);
        expect(during, 'scripts fetched during the call').to.deep.equal([]);
      }

      phones.alice.hangup();
      await until(() => phones.bob.getAttribute('state') !== 'connected', 5_000, 'the call ended');
      await sleep(300);
      expect(win.cspViolations, JSON.stringify(win.cspViolations)).to.deep.equal([]);
      const reports = (await executeServerCommand('csp-reports')) as unknown[];
      expect(reports, JSON.stringify(reports)).to.deep.equal([]);

      // The policy is in force and the recording works: a style attribute and an HTML string
      // assigned to innerHTML (no Trusted Type) are refused and recorded.
      doc.body.setAttribute('style', 'outline: 1px solid red');
      let refused: unknown;
      try {
        doc.body.querySelector('call-phone')!.insertAdjacentHTML('afterend', '<b>x</b>');
      } catch (error) {
        refused = error;
      }
      expect((refused as Error | undefined)?.name, 'innerHTML-like sink refused').to.equal('TypeError');
      await until(() => win.cspViolations.length >= 2, 3_000, 'the control violations');
      expect(win.cspViolations.map((v) => v.directive).sort()).to.deep.equal(['require-trusted-types-for', 'style-src-attr']);
      await until(async () => ((await executeServerCommand('csp-reports', undefined)) as unknown[]).length > 0, 5_000, 'a report at report-uri');
    });
  }

  it('the CDN bundle in Chinese: its zh-CN chunk (strings without keys, scripts/compact-catalogue.mjs) puts each string on its key', async () => {
    const { frame, win, doc, phones } = await openCspPage('cdn');
    frames.push(frame);
    doc.documentElement.lang = 'zh-CN';
    const status = () => phones.alice.shadowRoot!.querySelector('[part~=status]')?.textContent?.trim();
    const labels = () => [...doc.querySelector('call-devices')!.shadowRoot!.querySelectorAll('[part~=label]')].map((l) => l.textContent!.trim());
    // reg.registered, near the start of the catalogue, and devices.kind.*, near its end.
    await until(() => status() === '就绪', 5_000, `the status in Chinese (${status()})`);
    expect(labels()).to.include('麦克风');
    expect(labels().every((label) => /^[^A-Za-z]+$/.test(label)), labels().join(', ')).to.equal(true);
    expect(win.performance.getEntriesByType('resource').some((e) => /\/zh-CN-[\w-]+\.js$/.test(e.name)), 'the chunk was loaded').to.equal(true);
    expect(win.cspViolations, JSON.stringify(win.cspViolations)).to.deep.equal([]);
  });

  for (const server of ['dev', 'preview'] as const) {
    const what = server === 'dev' ? "the demo on Vite's dev server (npm start)" : 'the built demo on Vite\'s preview server';
    it(`${what}: served with the policy, a call through its UI, zero violations`, async () => {
      const result = (await executeServerCommand('csp-demo', { server })) as {
        header: string | null;
        violations: Violation[];
        consoleLines: string[];
        levels: number[];
        quality: { level: number; bars: number[] };
      };
      expect(result.header ?? '').to.include("require-trusted-types-for 'script'");
      expect(result.header ?? '').to.include("style-src 'self'");
      expect(result.violations, JSON.stringify(result.violations)).to.deep.equal([]);
      expect(result.consoleLines, result.consoleLines.join('\n')).to.deep.equal([]);
      expect(Math.max(...result.levels), `levels ${result.levels}`).to.be.greaterThan(0);
      expect(Math.min(...result.levels), `levels ${result.levels}`).to.be.lessThan(100);
      expect(result.quality.level).to.be.within(1, 5);
      expect(result.quality.bars.length).to.be.greaterThan(0);
      for (const height of result.quality.bars) expect(height).to.be.greaterThan(0);
    });
  }
});
