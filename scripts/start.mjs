#!/usr/bin/env node
// `npm start`: installs dependencies when missing, then serves the demo with Vite and the
// development SIP server at /sip. Extra arguments go to Vite (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
if (!existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('node_modules is missing: running npm install');
  if (spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const vite = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), '--config', 'vite.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => vite.kill(signal));
vite.on('exit', (code) => process.exit(code ?? 0));
