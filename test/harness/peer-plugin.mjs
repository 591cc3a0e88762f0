// A second engine's page, for calls across engines (test/e2e/cross-engine.firefox.test.ts):
//   command `peer-open` { engine, origin, user, server }  launches `engine` (chromium or firefox,
//       once per run, with the suite's fake devices: test/harness/engines.mjs), opens
//       test/e2e/peer-page.ts in a new page of it served by this run's dev server (`origin`),
//       and starts a controller there registered as `user` on `server`; returns a page id
//   command `peer-call` { id, method, args }  runs `window.peer[method](...args)` in that page
//       (see test/e2e/peer-page.ts) and returns `{ value }`, its result
//   command `peer-close` { id }  closes the page
// The browsers close when the run ends.
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath, firefoxLaunchOptions } from './engines.mjs';

export function peerPlugin({ netns }) {
  /** Launched browsers by engine (promises). */
  const browsers = new Map();
  const pages = new Map();
  let nextId = 1;

  const launch = (engine) => {
    if (!browsers.has(engine)) {
      const options =
        engine === 'firefox'
          ? firefoxLaunchOptions()
          : engine === 'chromium'
            ? { executablePath: chromiumPath(), headless: true, args: chromiumArgs({ fakeUi: true, netns }) }
            : undefined;
      if (!options) throw new Error(`peer-open: unknown engine "${engine}" (chromium or firefox)`);
      browsers.set(engine, puppeteer.launch(options));
    }
    return browsers.get(engine);
  };

  return {
    name: 'call-elements-peer-pages',
    serve(context) {
      if (context.path !== '/__peer.html') return undefined;
      return { body: '<!doctype html><title>peer</title><script type="module" src="/test/e2e/peer-page.ts"></script>', type: 'html' };
    },
    async serverStop() {
      for (const browser of browsers.values()) await (await browser.catch(() => undefined))?.close();
      browsers.clear();
    },
    async executeCommand({ command, payload }) {
      if (command === 'peer-open') {
        const browser = await launch(payload.engine);
        const page = await browser.newPage();
        page.on('pageerror', (error) => console.error(`[peer ${payload.engine}] ${error.message}`));
        await page.goto(`${payload.origin}/__peer.html`);
        await page.waitForFunction(() => 'peer' in window, { timeout: 20_000 });
        await page.evaluate((user, server) => window.peer.start(user, server), payload.user, payload.server);
        const id = String(nextId++);
        pages.set(id, page);
        return id;
      }
      if (command === 'peer-call') {
        const page = pages.get(payload.id);
        if (!page) throw new Error(`peer-call: no peer page ${payload.id}`);
        // Wrapped: web-test-runner takes a null or undefined result for "not my command".
        return { value: await page.evaluate((method, args) => window.peer[method](...args), payload.method, payload.args ?? []) };
      }
      if (command === 'peer-close') {
        const page = pages.get(payload.id);
        pages.delete(payload.id);
        if (page && !page.isClosed()) await page.close();
        return true;
      }
      return undefined;
    },
  };
}
