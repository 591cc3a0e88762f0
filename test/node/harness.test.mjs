// The pieces of `npm test` that decide the counts line and the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { countSession, countSessions, countingReporter, failures, fileDurations } from '../harness/counting-reporter.mjs';
import { addRunner, emptyCounts, formatCounts, parseTapSummary } from '../harness/tally.mjs';
import { webdriverMouse } from '../harness/webkit-launcher.mjs';

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
