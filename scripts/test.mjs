#!/usr/bin/env node
// `npm test`: installs what is missing, runs the Node tests and the browser suite (each browser
// run inside its own loopback-only network namespace, with its own servers, when root), and ends
// with one line `N passed, N failed` (`, N skipped` when any were) summing every run. Exits
// non-zero when a test failed or a runner crashed.
//
// What runs side by side (2 cores here; the whole suite must stay under 20 minutes): Chromium's
// files split into CALL_ELEMENTS_SHARDS shards (default 2), each its own web-test-runner run in
// its own namespace, balanced by the measured time of each file (test/harness/file-durations.json;
// a file not in it is estimated from its number of tests: test/harness/shards.mjs); beside them,
// one lane runs the example apps' install (the shard with examples.test.ts starts when it is
// done), then the Node tests, then Firefox's files, then WebKit's. Each browser run's output is
// printed when it ends; the run prints each one's time and the slowest files before the summary
// line.
//
//   npm test -- --files 'src/**/call-phone.test.ts'   only these browser files (no Node tests),
//                                                     in one run (CALL_ELEMENTS_SHARDS=N: in N);
//                                                     repeat --files or separate globs by commas
//   npm test -- --browser firefox                     one engine: chromium, firefox or webkit
//                                                     (default: all three; with --files,
//                                                     chromium only); `all` for all three
//   CALL_ELEMENTS_SHARDS=3 npm test                   Chromium's files in 3 runs side by side
//   CALL_ELEMENTS_SEQUENTIAL=1 npm test               every runner one after the other, no shards
//   CALL_ELEMENTS_RECORD_DURATIONS=1 npm test         also write this run's file times to
//                                                     test/harness/file-durations.json (commit it
//                                                     when files were added or got slower)
//   other arguments go to web-test-runner (e.g. -- --files 'x.test.ts' --manual)
//   CHROMIUM_PATH=/path/to/chrome npm test            another Chromium or Chrome (>= 120)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { addRunner, emptyCounts, formatCounts, parseTapSummary } from '../test/harness/tally.mjs';
import { CHROMIUM_FILES, DEFAULT_ENGINES, ENGINES, POLICY_FILES } from '../test/harness/engines.mjs';


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

// These need node_modules (esbuild, globby): imported once it is there.
const { DURATIONS_FILE, durationsOf, expandGlobs, readDurations, splitIntoShards, weigh } = await import('../test/harness/shards.mjs');

const work = mkdtempSync(join(tmpdir(), 'call-elements-test-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
// Ctrl-C reaches the runners too (same process group); let them stop, then clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const totals = emptyCounts();
const sequential = process.env.CALL_ELEMENTS_SEQUENTIAL === '1';

// The browser bundles every run uses (JsSIP as ESM, Tencent's clients on the fakes), built once
// here before the runs start (each run would otherwise build them at once, into the same files).
{
  const { bundleJssip, JSSIP_ESM } = await import('./bundle-jssip.mjs');
  const { bundleTrtcCalling } = await import('../test/harness/trtc-calling-bundle.mjs');
  await Promise.all([bundleJssip(JSSIP_ESM), bundleTrtcCalling()]);
}

// ---- Browser tests: web-test-runner runs, each in its own loopback-only network namespace (so
// each has its own servers on the same fixed loopback ports).
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
 * One web-test-runner run: `engine`'s files, or `shardFiles` (one shard of Chromium's: the
 * files themselves). `buffered`: its output is kept and printed when it ends (it runs beside
 * others). Resolves with its counts (undefined if none), exit code and time.
 */
function browserPass(engine, { buffered = false, shard, shardFiles } = {}) {
  const name = shard ? `${engine}-${shard.replace('/', '-of-')}` : engine;
  const label = shard ? `${engine} (shard ${shard}, ${shardFiles.length} files)` : engine;
  const countsFile = join(work, `browser-${name}.json`);
  const serverLogs = join(root, '.cache', 'server-logs', ...(shard || buffered ? [name] : []));
  const env = { ...process.env, CALL_ELEMENTS_COUNTS: countsFile, CALL_ELEMENTS_BROWSER: engine, CALL_ELEMENTS_SERVER_LOGS: serverLogs };
  if (shardFiles) env.CALL_ELEMENTS_FILES = shardFiles.join(',');
  else if (files.length) env.CALL_ELEMENTS_FILES = files.join(',');
  const started = Date.now();
  let output = '';
  const options = buffered ? { stdio: ['ignore', 'pipe', 'pipe'], onOutput: (chunk) => (output += chunk) } : {};
  let header;
  let ran;
  if (Array.isArray(flags)) {
    header = `\n== Browser tests in ${label}, in a loopback-only network namespace`;
    const quoted = wtr.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    if (!buffered) console.log(header);
    ran = run('unshare', [...flags, 'sh', '-c', `ip link set lo up && exec ${quoted}`], { ...options, env: { ...env, CALL_ELEMENTS_NETNS: '1' } });
  } else {
    header = `\n== Browser tests in ${label}, on the host network (${flags}): WebRTC tests use the host's interfaces`;
    if (!buffered) console.log(header);
    ran = run(wtr[0], wtr.slice(1), { ...options, env });
  }
  return ran.then((code) => {
    const seconds = Math.round((Date.now() - started) / 1000);
    if (buffered) console.log(`${header} (${seconds} s, run beside others; its output:)\n${output}`);
    const counts = existsSync(countsFile) ? JSON.parse(readFileSync(countsFile, 'utf8')) : undefined;
    if (!counts) console.log(`The ${label} test runner ended (exit code ${code}) without reporting results.`);
    return { engine, label, shard, counts, code, seconds };
  });
}

// ---- Chromium's shards. Each runs its share of the files in its own namespace, side by side.
// The shard holding examples.test.ts (the last) starts once the example apps are installed; it is
// given that delay as work it already has.
const EXAMPLES_TEST = 'test/e2e/examples.test.ts';
/** The example apps' install on a clean clone (dist/ built, four apps), as measured: ~40 s. */
const EXAMPLES_INSTALL_MS = 40_000;
const shardCount = sequential ? 1 : Math.max(1, Number(process.env.CALL_ELEMENTS_SHARDS || (files.length ? 1 : 2)) || 1);
let shards;
if (engines.includes('chromium') && shardCount > 1) {
  const chromiumFiles = expandGlobs(files.length ? files.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean) : [...CHROMIUM_FILES, POLICY_FILES]);
  const durations = readDurations('chromium');
  const hasExamples = chromiumFiles.includes(EXAMPLES_TEST);
  shards = splitIntoShards(chromiumFiles, Math.min(shardCount, chromiumFiles.length), {
    durations,
    offsets: hasExamples ? { [shardCount - 1]: EXAMPLES_INSTALL_MS } : {},
    pinned: hasExamples ? { [EXAMPLES_TEST]: shardCount - 1 } : {},
  }).filter((shard) => shard.files.length);
  const estimated = weigh(chromiumFiles, durations).filter((f) => !f.measured).map((f) => f.path);
  console.log(`\nChromium's ${chromiumFiles.length} files in ${shards.length} shards, run side by side (expected: ${shards.map((s) => `${Math.round(s.ms / 1000)} s`).join(', ')})`);
  if (estimated.length) {
    const named = estimated.length > 8 ? `${estimated.slice(0, 8).join(', ')} and ${estimated.length - 8} more` : estimated.join(', ');
    console.log(`Not in ${relative(root, DURATIONS_FILE)} (time estimated from their number of tests; CALL_ELEMENTS_RECORD_DURATIONS=1 npm test records them): ${named}`);
  }
}

// ---- The example apps' dependencies (test/e2e/examples.test.ts builds and drives the apps):
// installed outside the network namespace, where the npm registry is reachable; skipped when up
// to date (scripts/examples.mjs). A failure is reported by the examples test itself. Before the
// Node tests, which build dist/ too (package.test.mjs).
const needExamples = !files.length || files.some((f) => f.includes('examples'));
function installExamples() {
  if (!needExamples) return Promise.resolve();
  const started = Date.now();
  return run(process.execPath, [join(root, 'scripts', 'examples.mjs')]).then((code) => {
    if (code !== 0) console.log('Installing the example apps failed: their tests will fail.');
    else console.log(`examples: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}

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
/** Resolves with the Node runner's counts (or undefined) and exit code; output printed live. */
async function nodePass() {
  if (files.length) {
    console.log('--files given: skipping the Node tests.');
    return undefined;
  }
  if (!nodeTests.length) return undefined;
  console.log(`\n== Node tests (${nodeTests.length} files)`);
  const started = Date.now();
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
  return { counts: counts?.found ? counts : undefined, code, seconds: Math.round((Date.now() - started) / 1000) };
}

const passes = [];
let node;
if (sequential) {
  // One after the other: Node tests, the example apps, each engine.
  node = await nodePass();
  await installExamples();
  for (const engine of engines) passes.push(await browserPass(engine));
} else {
  // Side by side: Chromium's shards (all but the last start now; the last, with examples.test.ts,
  // once the apps are installed), and one lane: the apps' install, the Node tests, Firefox,
  // WebKit. An engine not sharded runs in that lane too.
  const installed = installExamples();
  const chromiumRuns = engines.includes('chromium')
    ? shards
      ? shards.map((shard, i) => (i === shards.length - 1 ? installed : Promise.resolve()).then(() => browserPass('chromium', { buffered: true, shard: `${i + 1}/${shards.length}`, shardFiles: shard.files })))
      : [installed.then(() => browserPass('chromium', { buffered: engines.length > 1 || !files.length }))]
    : [];
  const lane = (async () => {
    await installed;
    node = await nodePass();
    const others = [];
    for (const engine of engines) if (engine !== 'chromium') others.push(await browserPass(engine, { buffered: true }));
    return others;
  })();
  const [laneRuns, ...chromium] = await Promise.all([lane, ...chromiumRuns]);
  passes.push(...chromium, ...laneRuns);
}
if (node) addRunner(totals, node.counts, node.code);
const engineTimes = [];
for (const { label, counts, code, seconds } of passes) {
  addRunner(totals, counts, code);
  engineTimes.push(`${label} ${seconds} s${counts ? ` (${formatCounts(counts)})` : ''}`);
}
if (node) engineTimes.push(`Node tests ${node.seconds} s${node.counts ? ` (${formatCounts(node.counts)})` : ''}`);

// Each file's tests' time, per engine: the shards' balance (test/harness/file-durations.json).
const measured = {};
for (const { engine, counts } of passes) (measured[engine] ??= []).push(counts?.files ?? []);
if (!files.length && measured.chromium) {
  const recorded = Object.fromEntries(Object.entries(measured).map(([engine, lists]) => [engine, durationsOf(lists)]));
  mkdirSync(join(root, '.cache'), { recursive: true });
  writeFileSync(join(root, '.cache', 'file-durations.json'), `${JSON.stringify(recorded, null, 2)}\n`);
  if (process.env.CALL_ELEMENTS_RECORD_DURATIONS === '1') {
    const previous = existsSync(DURATIONS_FILE) ? JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) : {};
    writeFileSync(DURATIONS_FILE, `${JSON.stringify({ ...previous, ...recorded }, null, 2)}\n`);
    console.log(`\nFile times written to ${relative(root, DURATIONS_FILE)}.`);
  }
}
// Where the suite's time goes (it must stay under 20 minutes on 2 cores).
const slowest = passes
  .flatMap(({ engine, counts }) => (counts?.files ?? []).map(({ file, ms }) => ({ file: `${relative(root, file)}${engine === 'chromium' ? '' : ` (${engine})`}`, ms })))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 12);
if (slowest.length) console.log(`\nSlowest browser test files (their tests' time):\n${slowest.map(({ file, ms }) => `  ${(ms / 1000).toFixed(0).padStart(4)} s  ${file}`).join('\n')}`);
// The failed tests again, where the tail of a long log shows them.
const failed = passes.flatMap(({ label, counts }) => (counts?.failures ?? []).map((line) => `  ${label}: ${line}`));
if (failed.length) console.log(`\nFailed:\n${failed.join('\n')}`);
console.log(`\nRuns: ${engineTimes.join('; ')}.`);
console.log(`\nTest run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(formatCounts(totals));
process.exit(totals.failed > 0 ? 1 : 0);
