#!/usr/bin/env node
// `npm test`: installs what is missing, runs the Node tests and the browser suite (inside a
// loopback-only network namespace when root), and ends with one line `N passed, N failed`.
//   npm test -- --files 'src/**/call-phone.test.ts'   only these browser test files (no Node tests)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const filesIndex = args.indexOf('--files');
const files = filesIndex >= 0 ? args[filesIndex + 1] : undefined;
const work = mkdtempSync(join(tmpdir(), 'call-elements-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();

function run(command, commandArgs, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

if (!existsSync(join(root, 'node_modules', '.bin', 'web-test-runner'))) {
  console.log('node_modules is missing: running npm install');
  if (spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
if (spawnSync('bash', [join(root, 'scripts/setup-system.sh')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

// ---- Node tests (dev server, repository checks)
function nodeTestFiles() {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.test\.(ts|mjs)$/.test(entry.name)) found.push(path);
    }
  };
  walk(join(root, 'dev-server'));
  walk(join(root, 'test', 'node'));
  return found;
}

if (!files && nodeTestFiles().length) {
  const tap = join(work, 'node.tap');
  const testFiles = nodeTestFiles();
  console.log(`\n== Node tests (${testFiles.length} files)`);
  const code = await run(process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...testFiles,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const read = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  totals.passed += read('pass');
  totals.failed += read('fail') + read('cancelled');
  totals.skipped += read('skipped') + read('todo');
  if (code !== 0 && read('fail') + read('cancelled') === 0) totals.failed++;
}

// ---- Browser tests
const counts = join(work, 'browser.json');
const wtr = [process.execPath, '--import', 'tsx', join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'];
const env = { ...process.env, CALL_ELEMENTS_COUNTS: counts, ...(files ? { CALL_ELEMENTS_FILES: files } : {}) };
const canNamespace =
  process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0 && spawnSync('ip', ['-V']).status === 0;
console.log(`\n== Browser tests${canNamespace ? ' (loopback-only network namespace)' : ''}`);
let code;
if (canNamespace) {
  const quoted = wtr.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  code = await run('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`], { env: { ...env, CALL_ELEMENTS_NETNS: '1' } });
} else {
  console.log('Not root or no unshare: WebRTC tests use the host network (loopback candidates may be unavailable).');
  code = await run(wtr[0], wtr.slice(1), { env });
}
if (existsSync(counts)) {
  const browser = JSON.parse(readFileSync(counts, 'utf8'));
  totals.passed += browser.passed;
  totals.failed += browser.failed;
  totals.skipped += browser.skipped;
  if (code !== 0 && browser.failed === 0) totals.failed++;
} else {
  console.log('The browser test runner ended without reporting results.');
  totals.failed++;
}
rmSync(work, { recursive: true, force: true });

console.log(`\nTest run took ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
