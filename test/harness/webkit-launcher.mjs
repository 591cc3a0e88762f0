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

/**
 * W3C WebDriver's code points for the key names @web/test-runner-commands' `sendKeys` takes (the
 * `KeyboardEvent.key` names Playwright and Puppeteer use, `Space` among them); any other key is
 * one character, sent as itself.
 */
export const WEBDRIVER_KEYS = {
  Cancel: '\uE001',
  Help: '\uE002',
  Backspace: '\uE003',
  Tab: '\uE004',
  Clear: '\uE005',
  Enter: '\uE007',
  Shift: '\uE008',
  ShiftLeft: '\uE008',
  Control: '\uE009',
  ControlLeft: '\uE009',
  Alt: '\uE00A',
  AltLeft: '\uE00A',
  Pause: '\uE00B',
  Escape: '\uE00C',
  Space: '\uE00D',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Insert: '\uE016',
  Delete: '\uE017',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${i + 1}`, String.fromCharCode(0xe031 + i)])),
  Meta: '\uE03D',
  MetaLeft: '\uE03D',
  ShiftRight: '\uE050',
  ControlRight: '\uE051',
  AltRight: '\uE052',
  MetaRight: '\uE053',
};

/**
 * One key as WebDriver's `value`: a name of {@link WEBDRIVER_KEYS}, `KeyA`…/`Digit0`… (the
 * character), or one character (`\n` is Enter).
 */
export function webdriverKey(name) {
  if (Object.hasOwn(WEBDRIVER_KEYS, name)) return WEBDRIVER_KEYS[name];
  if (name === '\n' || name === '\r') return WEBDRIVER_KEYS.Enter;
  const code = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(name);
  if (code) return (code[1] ?? code[2]).toLowerCase();
  if (Array.from(name).length === 1) return name;
  throw new Error(`WebKit: no key "${name}" (sendKeys takes ${Object.keys(WEBDRIVER_KEYS).join(', ')}, KeyA…, Digit0… or one character)`);
}

/** The keys of a combination such as `Shift+Tab` or `Control++`, in the order they go down. */
export function keyCombination(combo) {
  if (typeof combo !== 'string' || combo === '') throw new Error('WebKit: sendKeys needs a key name');
  if (combo === '+') return ['+'];
  const keys = combo.endsWith('++') ? [...combo.slice(0, -2).split('+'), '+'] : combo.split('+');
  if (keys.some((key) => key === '')) throw new Error(`WebKit: "${combo}" is not a key combination (names joined by +)`);
  return keys;
}

/**
 * W3C WebDriver Actions for the keyboard: `sendKeys` of @web/test-runner-commands. Its stock
 * plugin calls `sendKeys(id, keys)` on a launcher of type `webdriver` — `type` as the text's
 * characters, `press` as `[combination]` — and refuses `down` and `up` for that type, so
 * {@link webdriverKeysPlugin} takes those to `sendKeyDown` / `sendKeyUp`. Keys go through the
 * browser's own input pipeline to the focused element, as trusted events; a key put down stays
 * down (WebDriver's input state) until it is put up or the actions are released (`resetMouse`).
 * @param {(method: string, path: string, body?: object) => Promise<any>} call a WebDriver command
 */
export function webdriverKeyboard(call) {
  const keyboard = (actions) => call('POST', './actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  const down = (key) => ({ type: 'keyDown', value: webdriverKey(key) });
  const up = (key) => ({ type: 'keyUp', value: webdriverKey(key) });
  /** A combination pressed: every key down in order, then up in reverse (`Shift+Tab`). */
  const press = (combo) => {
    const keys = keyCombination(combo);
    return [...keys.map(down), ...keys.reverse().map(up)];
  };
  return {
    sendKeys: (_id, keys) => {
      if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw new Error('WebKit: sendKeys needs strings');
      // One character each: text typed (rejoined, so a character beyond the BMP that `type` split
      // into two UTF-16 halves is one key); else each is a combination to press.
      if (keys.length === 0) return Promise.resolve();
      if (keys.every((key) => key.length === 1)) return keyboard(Array.from(keys.join('')).flatMap((char) => [down(char), up(char)]));
      return keyboard(keys.flatMap(press));
    },
    sendKeyDown: (_id, combo) => keyboard(keyCombination(combo).map(down)),
    sendKeyUp: (_id, combo) => keyboard(keyCombination(combo).reverse().map(up)),
  };
}

/**
 * `sendKeys({ down })` and `sendKeys({ up })` for `launcher` (the stock plugin takes `type` and
 * `press` to its `sendKeys`); {@link webkitLauncher} puts it before the stock plugin.
 */
export function webdriverKeysPlugin(launcher) {
  return {
    name: 'webkit-send-keys-down-up',
    async executeCommand({ command, payload, session }) {
      if (command !== 'send-keys' || session.browser !== launcher || typeof payload !== 'object' || payload === null) return undefined;
      const names = Object.keys(payload);
      if (names.length !== 1 || (names[0] !== 'down' && names[0] !== 'up')) return undefined;
      if (names[0] === 'down') await launcher.sendKeyDown(session.id, payload.down);
      else await launcher.sendKeyUp(session.id, payload.up);
      return true;
    },
  };
}

/** A web-test-runner BrowserLauncher on {@link startWebKit}. */
export function webkitLauncher() {
  let browser;
  const active = new Map();
  const launcher = {
    name: 'WebKit',
    type: 'webdriver',
    concurrency: 1,
    // sendMouse / resetMouse from @web/test-runner-commands (one page at a time: no session lookup).
    ...webdriverMouse((method, path, body) => browser.call(method, path, body)),
    // sendKeys from @web/test-runner-commands: `type` and `press` through its stock plugin,
    // `down` and `up` through ours, ahead of it in the runner's plugins (the array the commands
    // are dispatched from: web-test-runner hands it to launchers in their config).
    ...webdriverKeyboard((method, path, body) => browser.call(method, path, body)),
    async initialize(config) {
      config?.plugins?.unshift(webdriverKeysPlugin(launcher));
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
  return launcher;
}
