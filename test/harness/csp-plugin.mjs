// Pages under a strict Content-Security-Policy (the policy of demo/csp.mjs), for
// test/e2e/csp.test.ts:
//   /__csp/page.html?bundle=cdn|src   the CSP test page (test/harness/csp/), sent with the policy
//                                     as a header, its SIP server's origin in connect-src and a
//                                     report-uri; `cdn` loads a fresh dist/cdn build, `src` the
//                                     source modules (Lit in dev mode)
//   POST /__csp/report                where the browser reports violations (command `csp-reports`)
//   command `csp-demo` { server }     builds nothing for `dev`, runs `vite build` for `preview`,
//                                     starts Vite from vite.config.ts (the header `npm start`
//                                     sends), opens the demo in a new tab, places a call through
//                                     its UI and returns the violations and what it saw
// Builds go to a temporary directory of this run (removed at the end), so parallel runs and
// the repository's dist/ are left alone; they happen on first use only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { contentSecurityPolicy } from '../../demo/csp.mjs';
import { freePort } from './free-port.mjs';

const root = join(import.meta.dirname, '..', '..');
const pageDir = join(import.meta.dirname, 'csp');
const TYPES = { '.html': 'html', '.js': 'js', '.css': 'css' };

/** Reads a request body (a violation report is a few hundred bytes; capped anyway). */
async function bodyOf(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 65_536) break;
  }
  return body;
}

/** One `csp-report` body as a short object (report-uri sends `{ "csp-report": { … } }`). */
function parseReport(text) {
  try {
    const report = JSON.parse(text)['csp-report'] ?? {};
    return { directive: report['effective-directive'] ?? report['violated-directive'], blocked: report['blocked-uri'], source: `${report['source-file']}:${report['line-number']}`, sample: report['script-sample'] };
  } catch {
    return { unparsed: text.slice(0, 200) };
  }
}

/**
 * Opens `url` in a new tab of the test browser, records violations from before the first
 * script (CDP's script-on-new-document is not subject to the page's policy), and places a call
 * from alice to bob through the demo's UI like a user. Returns what a test asserts.
 */
async function callThroughDemo(context, url) {
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) consoleLines.push(message.text().slice(0, 300));
  });
  try {
    await page.setViewport({ width: 900, height: 900 });
    await page.evaluateOnNewDocument(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`, sample: e.sample }),
      );
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    const header = response?.headers()['content-security-policy'] ?? null;
    // The SIP pair, and the TRTC group-call section's phones on the simulated Tencent cloud: all registered.
    await page.waitForFunction(() => ['#phone-alice', '#phone-bob'].every((id) => document.querySelector(id)) && [...document.querySelectorAll('call-phone')].every((p) => p.registered), { timeout: 15_000 });
    // The devices panel open (its level meter running), then a call as a user places it.
    await page.locator('#phone-alice details.devices summary').click();
    await page.locator('#phone-alice >>> input').fill('bob');
    await page.locator('#phone-alice >>> button.call').click();
    await page.locator('#phone-bob >>> button.answer').click();
    await page.waitForFunction(() => ['alice', 'bob'].every((u) => document.querySelector(`#phone-${u}`)?.getAttribute('state') === 'connected'), { timeout: 10_000 });
    // <call-devices> meters only while on screen.
    await page.$eval('#phone-alice call-devices', (devices) => devices.scrollIntoView({ block: 'center' }));
    const levels = [];
    for (let i = 0; i < 25; i++) {
      levels.push(await page.evaluate(() => Number(document.querySelector('#phone-alice call-devices').shadowRoot.querySelector('[part~=meter]').getAttribute('aria-valuenow'))));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.waitForFunction(() => Number(document.querySelector('#phone-alice call-quality-meter')?.getAttribute('level')) >= 1, { timeout: 10_000 });
    const quality = await page.evaluate(() => {
      const meter = document.querySelector('#phone-alice call-quality-meter');
      const bars = [...meter.shadowRoot.querySelectorAll('.bar[data-on]')].map((bar) => bar.getBoundingClientRect().height);
      return { level: Number(meter.getAttribute('level')), bars };
    });
    await page.locator('#phone-alice >>> button.hangup').click();
    await page.waitForFunction(() => document.querySelector('#phone-alice')?.getAttribute('state') !== 'connected', { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const violations = await page.evaluate(() => window.cspViolations);
    return { header, violations, consoleLines, levels, quality };
  } finally {
    await page.close();
  }
}

/**
 * The plugin. `sipUrl()` gives the test SIP server's URL (known after the servers start),
 * whose origin the test page's connect-src lists.
 */
export function cspPlugin({ sipUrl }) {
  let work;
  let cdnBuild;
  let demoBuild;
  const reports = [];
  const workDir = () => (work ??= mkdtempSync(join(tmpdir(), 'call-elements-csp-')));

  /** The CDN bundle as `npm run build` makes it (scripts/build.mjs), built once per run. */
  const buildCdn = () =>
    (cdnBuild ??= import('../../scripts/build-cdn.mjs').then(async ({ buildCdn: build }) => {
      const outDir = join(workDir(), 'cdn');
      await build(outDir);
      return outDir;
    }));

  /** The demo as `vite build` makes it, into this run's directory instead of dist/demo. */
  const buildDemo = () =>
    (demoBuild ??= import('vite').then(async ({ build }) => {
      const outDir = join(workDir(), 'demo');
      await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', cacheDir: join(workDir(), 'vite-cache'), build: { outDir, emptyOutDir: true } });
      return outDir;
    }));

  async function startVite(kind) {
    const vite = await import('vite');
    const port = await freePort();
    const common = { configFile: join(root, 'vite.config.ts'), logLevel: 'warn', cacheDir: join(workDir(), 'vite-cache') };
    if (kind === 'preview') {
      const outDir = await buildDemo();
      const server = await vite.preview({ ...common, build: { outDir }, preview: { port, strictPort: true } });
      return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
    }
    const server = await vite.createServer({ ...common, server: { port, strictPort: true, watch: null } });
    await server.listen();
    return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
  }

  return {
    name: 'call-elements-csp',
    serverStop() {
      if (work) rmSync(work, { recursive: true, force: true });
    },
    async serve(context) {
      if (!context.path.startsWith('/__csp/')) return undefined;
      const name = context.path.slice('/__csp/'.length);
      if (name === 'report' && context.method === 'POST') {
        reports.push(parseReport(await bodyOf(context.req)));
        return { body: '', type: 'text' };
      }
      if (name === 'page.html') {
        const connect = new URL(sipUrl()).origin.replace(/^http/, 'ws');
        return {
          body: readFileSync(join(pageDir, 'page.html'), 'utf8'),
          type: 'html',
          headers: { 'Content-Security-Policy': contentSecurityPolicy({ connect: [connect], reportUri: '/__csp/report' }), 'Cache-Control': 'no-store' },
        };
      }
      if (name.startsWith('cdn/')) {
        const file = normalize(name.slice('cdn/'.length));
        if (file.startsWith('..') || file.includes('/')) return undefined;
        return { body: readFileSync(join(await buildCdn(), file), 'utf8'), type: 'js' };
      }
      if (['record.js', 'page.js', 'page.css'].includes(name)) return { body: readFileSync(join(pageDir, name), 'utf8'), type: TYPES[extname(name)] };
      return undefined;
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'csp-reports') return reports.splice(0);
      if (command === 'csp-build') {
        // Answers within the runner's 20 s limit for a command: 'building' while the build still
        // runs (ask again; a loaded 2-core machine can take longer), true once built.
        return Promise.race([buildCdn().then(() => true), new Promise((resolve) => setTimeout(() => resolve('building'), 10_000))]);
      }
      if (command === 'csp-demo') {
        const server = await startVite(payload?.server === 'preview' ? 'preview' : 'dev');
        try {
          return await callThroughDemo(session.browser.getPage(session.id).browserContext(), server.url);
        } finally {
          await server.close();
        }
      }
      return undefined;
    },
  };
}
