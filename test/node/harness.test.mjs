// The pieces of `npm test` that decide the counts line and the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { countSession, countSessions, countingReporter, failures, fileDurations } from '../harness/counting-reporter.mjs';
import { addRunner, emptyCounts, formatCounts, parseTapSummary } from '../harness/tally.mjs';
import { keyCombination, webdriverKey, webdriverKeyboard, webdriverKeysPlugin, webdriverMouse } from '../harness/webkit-launcher.mjs';

const root = join(import.meta.dirname, '..', '..');

const TAP = `TAP version 13
# Subtest: development SIP server
    ok 1 - registers
    # pass 1
ok 1 - development SIP server
not ok 2 - breaks
1..2
# tests 7
# suites 1
# pass 4
# fail 1
# cancelled 1
# skipped 1
# todo 0
# duration_ms 12.5
`;

describe('tally of node:test TAP output', () => {
  it('reads the final summary, not a nested one', () => {
    // The nested "# pass 1" is indented; the summary lines start at column 0.
    assert.deepEqual(parseTapSummary(TAP), { found: true, passed: 4, failed: 2, skipped: 1 });
  });

  it('says when there is no summary', () => {
    assert.equal(parseTapSummary('TAP version 13\n').found, false);
  });

  it('reads what node --test really writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-'));
    try {
      const file = join(dir, 'sample.test.mjs');
      const tap = join(dir, 'out.tap');
      const source = "import { it } from 'node:test';\nit('a', () => {});\nit('b', () => { throw new Error('no'); });\nit.skip('c', () => {});\nit.todo('d');\n";
      writeFileSync(file, source);
      // Without NODE_TEST_CONTEXT, or the child would report to this runner instead of the file.
      const { NODE_TEST_CONTEXT: _, ...env } = process.env;
      spawnSync(process.execPath, ['--test', '--test-reporter=tap', `--test-reporter-destination=${tap}`, file], { env });
      assert.deepEqual(parseTapSummary(readFileSync(tap, 'utf8')), { found: true, passed: 1, failed: 1, skipped: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a runner that crashed or failed silently as one failure', () => {
    assert.deepEqual(addRunner(emptyCounts(), undefined, 1), { passed: 0, failed: 1, skipped: 0 });
    assert.deepEqual(addRunner(emptyCounts(), { passed: 3, failed: 0, skipped: 0 }, 1), { passed: 3, failed: 1, skipped: 0 });
    assert.deepEqual(addRunner(emptyCounts(), { passed: 3, failed: 2, skipped: 0 }, 1), { passed: 3, failed: 2, skipped: 0 });
    assert.deepEqual(addRunner(emptyCounts(), { passed: 3, failed: 0, skipped: 1 }, 0), { passed: 3, failed: 0, skipped: 1 });
  });

  it('formats the last line, naming skipped tests only when there are any', () => {
    assert.equal(formatCounts({ passed: 60, failed: 0, skipped: 0 }), '60 passed, 0 failed');
    assert.equal(formatCounts({ passed: 5, failed: 1, skipped: 2 }), '5 passed, 1 failed, 2 skipped');
  });
});

describe('counting reporter for web-test-runner', () => {
  const test = (name, passed, skipped = false) => ({ name, passed, skipped, duration: 1 });
  const passing = {
    passed: true,
    errors: [],
    testResults: {
      name: '',
      tests: [test('top', true)],
      suites: [
        { name: 'a', tests: [test('a1', true), test('a2', false, true)], suites: [{ name: 'a.b', tests: [test('b1', true)], suites: [] }] },
      ],
    },
  };
  const failing = {
    passed: false,
    errors: [],
    testResults: { name: '', tests: [], suites: [{ name: 'x', tests: [test('x1', false), test('x2', true)], suites: [] }] },
  };
  const didNotLoad = { passed: false, errors: [{ message: 'SyntaxError' }], testResults: undefined };
  const hookFailed = { passed: false, errors: [{ message: 'after all hook' }], testResults: { name: '', tests: [test('t', true)], suites: [] } };

  it('walks nested suites', () => {
    assert.deepEqual(countSession(passing), { passed: 3, failed: 0, skipped: 1 });
    assert.deepEqual(countSession(failing), { passed: 1, failed: 1, skipped: 0 });
  });

  it('counts a failed session without a failing test as one failure', () => {
    assert.deepEqual(countSession(didNotLoad), { passed: 0, failed: 1, skipped: 0 });
    assert.deepEqual(countSession(hookFailed), { passed: 1, failed: 1, skipped: 0 });
  });

  it('times each file by its tests, slowest first', () => {
    const slow = { ...failing, testFile: 'slow.test.ts', testResults: { name: '', tests: [{ ...test('s', true), duration: 900 }], suites: [] } };
    assert.deepEqual(fileDurations([{ ...passing, testFile: 'p.test.ts' }, slow, { ...didNotLoad, testFile: 'x.test.ts' }]), [
      { file: 'slow.test.ts', ms: 900 },
      { file: 'p.test.ts', ms: 4 },
    ]);
  });

  it('lists failed tests by file and suites, and a failed file without a failing test by its error', () => {
    assert.deepEqual(failures([{ ...failing, testFile: 'f.test.ts' }, { ...didNotLoad, testFile: 'x.test.ts' }, { ...passing, testFile: 'p.test.ts' }]), [
      'f.test.ts › x › x1: failed',
      'x.test.ts: SyntaxError',
    ]);
  });

  it('sums sessions and writes the file', () => {
    assert.deepEqual(countSessions([passing, failing, didNotLoad]), { passed: 4, failed: 2, skipped: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'counts-'));
    try {
      const file = join(dir, 'counts.json');
      countingReporter({ file }).onTestRunFinished({ sessions: [{ ...passing, testFile: 'p.test.ts' }, { ...hookFailed, testFile: 'h.test.ts' }] });
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
        passed: 4,
        failed: 1,
        skipped: 1,
        files: [
          { file: 'p.test.ts', ms: 4 },
          { file: 'h.test.ts', ms: 1 },
        ],
        failures: ['h.test.ts: after all hook'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('system setup', () => {
  it('is a quiet no-op when everything is present', { skip: spawnSync('sh', ['-c', 'test -x "${CHROMIUM_PATH:-/usr/bin/chromium}" && command -v ip']).status !== 0 }, () => {
    const result = spawnSync('bash', [join(root, 'scripts', 'setup-system.sh')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
  });

  it('refuses a CHROMIUM_PATH that is not there, saying how to point at a browser', () => {
    const result = spawnSync('bash', [join(root, 'scripts', 'setup-system.sh')], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: join(tmpdir(), 'no-such-chrome') },
    });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /CHROMIUM_PATH=\/path\/to\/chrome npm test/);
    assert.match(result.stderr, />= 120/);
  });
});

describe('WebKit launcher: sendMouse as W3C WebDriver Actions', () => {
  const recorder = () => {
    const calls = [];
    return { calls, mouse: webdriverMouse(async (method, path, body) => void calls.push({ method, path, body })) };
  };
  const pointer = (actions) => ({ actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });

  it('clicks as a move to the viewport position, a press and a release', async () => {
    const { calls, mouse } = recorder();
    await mouse.sendMouseClick('session', 12, 34);
    await mouse.sendMouseClick('session', 1, 2, 'right');
    assert.deepEqual(calls, [
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerMove', origin: 'viewport', x: 12, y: 34, duration: 0 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }]) },
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerMove', origin: 'viewport', x: 1, y: 2, duration: 0 }, { type: 'pointerDown', button: 2 }, { type: 'pointerUp', button: 2 }]) },
    ]);
  });

  it('moves, presses and releases on their own; reset releases every button and goes to the corner', async () => {
    const { calls, mouse } = recorder();
    await mouse.sendMouseMove('session', 5, 6);
    await mouse.sendMouseDown('session', 'middle');
    await mouse.sendMouseUp('session');
    await mouse.resetMouse('session');
    assert.deepEqual(calls, [
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerMove', origin: 'viewport', x: 5, y: 6, duration: 0 }]) },
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerDown', button: 1 }]) },
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerUp', button: 0 }]) },
      { method: 'DELETE', path: './actions', body: undefined },
      { method: 'POST', path: './actions', body: pointer([{ type: 'pointerMove', origin: 'viewport', x: 0, y: 0, duration: 0 }]) },
    ]);
  });

  it('refuses a button WebDriver has no number for', () => {
    assert.throws(() => recorder().mouse.sendMouseDown('session', 'back'), /no mouse button "back"/);
  });
});

describe('WebKit launcher: sendKeys as W3C WebDriver Actions', () => {
  const recorder = () => {
    const calls = [];
    return { calls, keyboard: webdriverKeyboard(async (method, path, body) => void calls.push({ method, path, body })) };
  };
  const keys = (...actions) => ({ method: 'POST', path: './actions', body: { actions: [{ type: 'key', id: 'keyboard', actions }] } });
  const down = (value) => ({ type: 'keyDown', value });
  const up = (value) => ({ type: 'keyUp', value });

  it('maps key names to WebDriver code points, and a character to itself', () => {
    assert.equal(webdriverKey('Tab'), '\uE004');
    assert.equal(webdriverKey('Enter'), '\uE007');
    assert.equal(webdriverKey('Escape'), '\uE00C');
    assert.equal(webdriverKey('Space'), '\uE00D');
    assert.equal(webdriverKey('ArrowDown'), '\uE015');
    assert.equal(webdriverKey('ArrowUp'), '\uE013');
    assert.equal(webdriverKey('Shift'), '\uE008');
    assert.equal(webdriverKey('F12'), '\uE03C');
    assert.equal(webdriverKey('KeyA'), 'a');
    assert.equal(webdriverKey('Digit7'), '7');
    assert.equal(webdriverKey('#'), '#');
    assert.equal(webdriverKey('\n'), '\uE007');
    assert.equal(webdriverKey('😀'), '😀');
    assert.throws(() => webdriverKey('Tabb'), /no key "Tabb"/);
  });

  it('splits combinations on +, the + key itself included', () => {
    assert.deepEqual(keyCombination('Shift+Tab'), ['Shift', 'Tab']);
    assert.deepEqual(keyCombination('Control+Shift+ArrowDown'), ['Control', 'Shift', 'ArrowDown']);
    assert.deepEqual(keyCombination('+'), ['+']);
    assert.deepEqual(keyCombination('Shift++'), ['Shift', '+']);
    assert.throws(() => keyCombination('Shift+'), /not a key combination/);
    assert.throws(() => keyCombination(''), /needs a key name/);
  });

  it('presses a key, and a combination down in order and up in reverse (what the stock plugin sends for `press`)', async () => {
    const { calls, keyboard } = recorder();
    await keyboard.sendKeys('session', ['Tab']);
    await keyboard.sendKeys('session', ['Shift+Tab']);
    await keyboard.sendKeys('session', ['Escape']);
    assert.deepEqual(calls, [
      keys(down('\uE004'), up('\uE004')),
      keys(down('\uE008'), down('\uE004'), up('\uE004'), up('\uE008')),
      keys(down('\uE00C'), up('\uE00C')),
    ]);
  });

  it('types text one character after the other, in one request (what the stock plugin sends for `type`)', async () => {
    const { calls, keyboard } = recorder();
    await keyboard.sendKeys('session', 'bob+1'.split(''));
    // `type` splits by UTF-16 unit: the two halves of a character beyond the BMP are one key.
    await keyboard.sendKeys('session', 'a😀'.split(''));
    await keyboard.sendKeys('session', []);
    assert.deepEqual(calls, [
      keys(...[...'bob+1'].flatMap((c) => [down(c), up(c)])),
      keys(down('a'), up('a'), down('😀'), up('😀')),
    ]);
  });

  it('puts keys down and up on their own (`down`, `up`), a combination up in reverse', async () => {
    const { calls, keyboard } = recorder();
    await keyboard.sendKeyDown('session', 'Shift');
    await keyboard.sendKeyUp('session', 'Shift');
    await keyboard.sendKeyDown('session', 'Control+Alt');
    await keyboard.sendKeyUp('session', 'Control+Alt');
    assert.deepEqual(calls, [keys(down('\uE008')), keys(up('\uE008')), keys(down('\uE009'), down('\uE00A')), keys(up('\uE00A'), up('\uE009'))]);
  });

  it('refuses an unknown key before sending anything', async () => {
    const { calls, keyboard } = recorder();
    assert.throws(() => keyboard.sendKeys('session', ['Shift+Nope']), /no key "Nope"/);
    assert.deepEqual(calls, []);
  });

  it('takes `down` and `up` for its launcher ahead of the stock plugin, which refuses them for webdriver', async () => {
    const seen = [];
    const launcher = { sendKeyDown: async (id, key) => void seen.push(['down', id, key]), sendKeyUp: async (id, key) => void seen.push(['up', id, key]) };
    const plugin = webdriverKeysPlugin(launcher);
    const session = { id: 's1', browser: launcher };
    assert.equal(await plugin.executeCommand({ command: 'send-keys', payload: { down: 'Shift' }, session }), true);
    assert.equal(await plugin.executeCommand({ command: 'send-keys', payload: { up: 'Shift' }, session }), true);
    // `type` and `press` are the stock plugin's; other launchers and commands are not ours.
    assert.equal(await plugin.executeCommand({ command: 'send-keys', payload: { press: 'Tab' }, session }), undefined);
    assert.equal(await plugin.executeCommand({ command: 'send-keys', payload: { down: 'Shift' }, session: { id: 's2', browser: {} } }), undefined);
    assert.equal(await plugin.executeCommand({ command: 'send-mouse', payload: { down: 'Shift' }, session }), undefined);
    assert.deepEqual(seen, [
      ['down', 's1', 'Shift'],
      ['up', 's1', 'Shift'],
    ]);
    const { sendKeysPlugin } = await import('@web/test-runner-commands/plugins');
    await assert.rejects(sendKeysPlugin().executeCommand({ command: 'send-keys', payload: { down: 'Shift' }, session: { id: 's1', browser: { type: 'webdriver' } } }), /Only "press" and "type"/);
  });

});
