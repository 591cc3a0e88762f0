#!/usr/bin/env node
// `npm run bench`: benchmarks in real Chromium (same harness as the tests), printing figures.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const files = process.argv[2] ?? 'bench/**/*.bench.ts';
// The size report (bench/size.mjs) runs in Node, before the browser benchmarks; alone with
// `npm run bench -- bench/size.mjs`.
if (!process.argv[2] || /size/.test(files)) {
  if (spawnSync(process.execPath, [join(root, 'bench/size.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
  if (files.endsWith('size.mjs')) process.exit(0);
}
if (spawnSync('bash', [join(root, 'scripts/setup-system.sh')], { stdio: 'inherit' }).status !== 0) process.exit(1);
const netns = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
// The cluster load (bench/cluster-load.mjs, sipp against examples/kamailio-cluster, about 50 s)
// runs in Node inside a loopback-only namespace; alone with `npm run bench -- bench/cluster-load.mjs`.
if (!process.argv[2] || /cluster/.test(files)) {
  const load = join(root, 'bench/cluster-load.mjs');
  const ran = netns
    ? spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && CALL_ELEMENTS_NETNS=1 exec '${process.execPath}' '${load}'`], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.execPath, [load], { cwd: root, stdio: 'inherit' });
  if (ran.status !== 0) process.exit(1);
  if (files.endsWith('cluster-load.mjs')) process.exit(0);
}
const wtr = [process.execPath, '--import', 'tsx', join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'];
const env = { ...process.env, CALL_ELEMENTS_FILES: files, CALL_ELEMENTS_VERBOSE: '1' };
const quoted = wtr.map((a) => `'${a}'`).join(' ');
const child = netns
  ? spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`], { cwd: root, stdio: 'inherit', env: { ...env, CALL_ELEMENTS_NETNS: '1' } })
  : spawn(wtr[0], wtr.slice(1), { cwd: root, stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 1));
