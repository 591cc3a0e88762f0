#!/usr/bin/env node
// `npm test`: installs what is missing, runs the Node tests, then the browser suite (inside a
// loopback-only network namespace when root), and ends with one line `N passed, N failed`
// (`, N skipped` when any were). Exits non-zero when a test failed or a runner crashed.
//
//   npm test -- --files 'src/**/call-phone.test.ts'   only these browser files (no Node tests);
//                                                     repeat --files or separate globs by commas
//   npm test -- --browser firefox                     one engine: chromium, firefox or webkit
//                                                     (default: chromium and firefox, Firefox's
//                                                     files beside the Node tests; with --files,
//                                                     chromium only); `all` for all three
//   CALL_ELEMENTS_SEQUENTIAL=1 npm test               every runner one after the other
//   other arguments go to web-test-runner (e.g. -- --files 'x.test.ts' --manual)
//   CHROMIUM_PATH=/path/to/chrome npm test            another Chromium or Chrome (>= 120)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { addRunner, emptyCounts, formatCounts, parseTapSummary } from '../test/harness/tally.mjs';
import { DEFAULT_ENGINES, ENGINES } from '../test/harness/engines.mjs';

const root = resolve(import.meta.dirname, '..');
const started = Date.now();

// ---- Arguments: --files globs are ours, the rest goes to web-test-runner.
const files = [];
const passThrough = [];
let browser;
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === '--files') {
    while (process.argv[i + 1] && !process.argv[i + 1].startsWith('--')) files.push(process.argv[++i]);
  } else if (arg.startsWith('--files=')) files.push(arg.slice('--files='.length));
  else if (arg === '--browser' || arg === '--browsers') browser = process.argv[++i];
  else if (arg.startsWith('--browser=')) browser = arg.slice('--browser='.length);
  else passThrough.push(arg);
}

const engines = browser === 'all' ? ENGINES : browser ? [browser] : files.length ? ['chromium'] : DEFAULT_ENGINES;
if (!engines.every((name) => ENGINES.includes(name))) {
  console.error(`--browser ${browser}: expected one of ${[...ENGINES, 'all'].join(', ')}`);
  process.exit(2);
}

function run(command, args, { onOutput, ...options } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.stdout?.on('data', (chunk) => onOutput?.(chunk));
    child.stderr?.on('data', (chunk) => onOutput?.(chunk));
    child.on('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

// ---- Prerequisites
if (!existsSync(join(root, 'node_modules', '@web', 'test-runner'))) {
  console.log('node_modules is missing (no @web/test-runner): running npm install');
  if (spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
if (spawnSync('bash', [join(root, 'scripts', 'setup-system.sh')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

const work = mkdtempSync(join(tmpdir(), 'call-elements-test-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
// Ctrl-C reaches the runners too (same process group); let them stop, then clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const totals = emptyCounts();

// ---- Browser tests: one web-test-runner run per engine, each in its own loopback-only network
// namespace (so each has its own servers on the same fixed loopback ports).
const wtr = [
  process.execPath, '--import', 'tsx',
  join(root, 'node_modules', '@web', 'test-runner', 'dist', 'bin.js'),
  '--config', 'web-test-runner.config.mjs',
  ...passThrough,
];

// The namespace: its own network (only `lo`, brought up) and, where it works, its own PIDs,
// so that any server a test started dies with the runner (PID 1 of the namespace).
const NAMESPACES = [
  ['-n', '-p', '-f', '--mount-proc'],
  ['-n'],
];

/** The `unshare` flags to use, or a string saying why the browser cannot run in a namespace. */
function namespaceFlags() {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (process.env.CALL_ELEMENTS_NO_NETNS === '1') return 'CALL_ELEMENTS_NO_NETNS=1';
  for (const flags of NAMESPACES) {
    if (spawnSync('unshare', [...flags, 'ip', 'link', 'set', 'lo', 'up']).status === 0) return flags;
  }
  return '`unshare -n` or `ip` does not work here';
}

const flags = namespaceFlags();

/**
 * Runs the browser files of one engine. `buffered`: its output is kept and printed when it ends
 * (it runs beside the Node tests). Resolves with its counts (undefined if none), exit code, time.
 */
function browserPass(engine, buffered = false) {
  const countsFile = join(work, `browser-${engine}.json`);
  const env = { ...process.env, CALL_ELEMENTS_COUNTS: countsFile, CALL_ELEMENTS_BROWSER: engine };
  if (files.length) env.CALL_ELEMENTS_FILES = files.join(',');
  const started = Date.now();
  let output = '';
  const options = buffered ? { stdio: ['ignore', 'pipe', 'pipe'], onOutput: (chunk) => (output += chunk) } : {};
  let header;
  let ran;
  if (Array.isArray(flags)) {
    header = `\n== Browser tests in ${engine}, in a loopback-only network namespace`;
    const quoted = wtr.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    if (!buffered) console.log(header);
    ran = run('unshare', [...flags, 'sh', '-c', `ip link set lo up && exec ${quoted}`], { ...options, env: { ...env, CALL_ELEMENTS_NETNS: '1' } });
  } else {
    header = `\n== Browser tests in ${engine}, on the host network (${flags}): WebRTC tests use the host's interfaces`;
    if (!buffered) console.log(header);
    ran = run(wtr[0], wtr.slice(1), { ...options, env });
  }
  return ran.then((code) => {
    if (buffered) console.log(`${header} (run beside the Node tests; its output:)\n${output}`);
    const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : undefined;
    if (!counts) console.log(`The ${engine} test runner ended (exit code ${code}) without reporting results.`);
    return { engine, counts, code, seconds: Math.round((Date.now() - started) / 1000) };
  });
}

/**
 * Firefox's files run beside the Node tests, each about half a core on this machine (2 cores:
 * it adds little wall time); in their own namespace, so their servers are their own.
 * CALL_ELEMENTS_SEQUENTIAL=1 runs everything one after the other.
 */
const early =
  !files.length && engines.includes('firefox') && process.env.CALL_ELEMENTS_SEQUENTIAL !== '1' ? browserPass('firefox', true) : undefined;

// ---- Node tests: dev-server/**/*.test.ts and test/node/**/*.test.{ts,mjs}
function findTests(dir, pattern) {
  const found = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (pattern.test(entry.name)) found.push(relative(root, child));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

const nodeTests = [...findTests('dev-server', /\.test\.ts$/), ...findTests(join('test', 'node'), /\.test\.(ts|mjs)$/)];
if (files.length) {
  console.log('--files given: skipping the Node tests.');
} else if (nodeTests.length) {
  console.log(`\n== Node tests (${nodeTests.length} files)`);
  const tap = join(work, 'node.tap');
  const code = await run(process.execPath, [
    '--import', 'tsx',
    '--test', '--test-concurrency=1', '--test-timeout=60000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...nodeTests,
  ]);
  const counts = existsSync(tap) ? parseTapSummary(readFileSync(tap, 'utf8')) : undefined;
  if (!counts?.found) console.log(`The Node test runner ended (exit code ${code}) without a summary.`);
  addRunner(totals, counts?.found ? counts : undefined, code);
}

// ---- The example apps' dependencies (test/e2e/examples.test.ts builds and drives the apps):
// installed here, outside the network namespace, where the npm registry is reachable; skipped
// when up to date (scripts/examples.mjs). A failure is reported by the examples test itself.
if (!files.length || files.some((f) => f.includes('examples'))) {
  if (spawnSync(process.execPath, [join(root, 'scripts', 'examples.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) {
    console.log('Installing the example apps failed: their tests will fail.');
  }
}

// ---- Browser tests of the remaining engines, one after the other, after the early one.
const passes = [];
for (const engine of engines) {
  if (engine === 'firefox' && early) continue;
  passes.push(await browserPass(engine));
}
if (early) passes.push(await early);
const engineTimes = [];
for (const { engine, counts, code, seconds } of passes) {
  addRunner(totals, counts, code);
  engineTimes.push(`${engine} ${seconds} s${counts ? ` (${formatCounts(counts)})` : ''}${engine === 'firefox' && early ? ', beside the Node tests' : ''}`);
}
// Where the suite's time goes (it must stay under 20 minutes on 2 cores).
const slowest = passes
  .flatMap(({ engine, counts }) => (counts?.files ?? []).map(({ file, ms }) => ({ file: `${relative(root, file)}${engine === 'chromium' ? '' : ` (${engine})`}`, ms })))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 12);
if (slowest.length) console.log(`\nSlowest browser test files (their tests' time):\n${slowest.map(({ file, ms }) => `  ${(ms / 1000).toFixed(0).padStart(4)} s  ${file}`).join('\n')}`);
console.log(`\nBrowser tests: ${engineTimes.join('; ')}.`);
console.log(`\nTest run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(formatCounts(totals));
process.exit(totals.failed > 0 ? 1 : 0);
