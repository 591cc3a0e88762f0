// WebKitGTK for web-test-runner and scripts/probe-engines.mjs: MiniBrowser driven by
// WebKitWebDriver (W3C WebDriver over HTTP on 127.0.0.1), under Xvfb (MiniBrowser has no
// headless mode). One browser session, one test file at a time (the page reports its results
// to web-test-runner itself, as in every engine).
import { spawn } from 'node:child_process';
import { WEBKIT_DRIVER, webkitCapabilities } from './engines.mjs';
import { freePort } from './free-port.mjs';

/**
 * Starts WebKitWebDriver under Xvfb and opens one MiniBrowser session with the suite's options.
 * @returns {Promise<{ call: (method: string, path: string, body?: object) => Promise<any>, session: string, capabilities: object, stop: () => Promise<void> }>}
 *   `call` sends a WebDriver command (`path` after `/session/<id>` when it starts with `.`)
 */
export async function startWebKit() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Its own process group, so stop() ends Xvfb, the driver and MiniBrowser together.
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', detached: true });
  const kill = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  let session;
  const call = async (method, path, body) => {
    const url = base + (path.startsWith('.') ? `/session/${session}${path.slice(1)}` : path);
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const data = await res.json();
    if (data.value?.error) throw new Error(`WebKitWebDriver ${method} ${path}: ${data.value.error}: ${data.value.message}`);
    return data.value;
  };
  try {
    for (let i = 0; ; i++) {
      try {
        await call('GET', '/status');
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const created = await call('POST', '/session', webkitCapabilities());
    session = created.sessionId;
    return {
      call,
      session,
      capabilities: created.capabilities,
      stop: async () => {
        await call('DELETE', '.').catch(() => undefined);
        kill();
      },
    };
  } catch (error) {
    kill();
    throw error;
  }
}

/** WebDriver's pointer button numbers for @web/test-runner-commands' button names. */
const BUTTONS = { left: 0, middle: 1, right: 2 };

/**
 * W3C WebDriver Actions for one mouse: what @web/test-runner-commands' `sendMouse` and
 * `resetMouse` call on a launcher of type `webdriver` (`sendMouseMove`, `sendMouseClick`,
 * `sendMouseDown`, `sendMouseUp`, `resetMouse`). The input goes through the browser's own event
 * pipeline, so the page gets trusted events and user activation (what the autoplay policy
 * waits for), unlike `element.click()`. Positions are CSS pixels in the viewport.
 * @param {(method: string, path: string, body?: object) => Promise<any>} call a WebDriver command
 */
export function webdriverMouse(call) {
  const pointer = (actions) => call('POST', './actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
  const button = (name = 'left') => {
    if (!(name in BUTTONS)) throw new Error(`WebKit: no mouse button "${name}"`);
    return BUTTONS[name];
  };
  const move = (x, y) => ({ type: 'pointerMove', origin: 'viewport', x, y, duration: 0 });
  return {
    sendMouseMove: (_id, x, y) => pointer([move(x, y)]),
    sendMouseClick: (_id, x, y, name) => pointer([move(x, y), { type: 'pointerDown', button: button(name) }, { type: 'pointerUp', button: button(name) }]),
    sendMouseDown: (_id, name) => pointer([{ type: 'pointerDown', button: button(name) }]),
    sendMouseUp: (_id, name) => pointer([{ type: 'pointerUp', button: button(name) }]),
    // Releases every button still down (DELETE /actions) and moves to the corner.
    resetMouse: async () => {
      await call('DELETE', './actions');
      await pointer([move(0, 0)]);
    },
  };
}

/** A web-test-runner BrowserLauncher on {@link startWebKit}. */
export function webkitLauncher() {
  let browser;
  const active = new Map();
  return {
    name: 'WebKit',
    type: 'webdriver',
    concurrency: 1,
    // sendMouse / resetMouse from @web/test-runner-commands (one page at a time: no session lookup).
    ...webdriverMouse((method, path, body) => browser.call(method, path, body)),
    async initialize() {
      browser = await startWebKit();
    },
    async stop() {
      await browser?.stop();
      browser = undefined;
    },
    async startSession(id, url) {
      active.set(id, url);
      await browser.call('POST', './url', { url });
    },
    isActive: (id) => active.has(id),
    getBrowserUrl: (id) => active.get(id),
    async startDebugSession() {
      throw new Error('WebKit: no debug sessions (open the file in MiniBrowser yourself)');
    },
    async stopSession(id) {
      active.delete(id);
      await browser.call('POST', './url', { url: 'about:blank' }).catch(() => undefined);
      return {};
    },
  };
}
