#!/usr/bin/env node
// `npm run build`: ESM modules + .d.ts for bundlers (dist/), a self-contained bundle for
// <script type="module"> pages (dist/cdn/, the SIP provider as a lazily loaded chunk),
// and the compiled development SIP server (dist/dev-server/). Prints min+gz sizes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
rmSync(join(root, 'dist'), { recursive: true, force: true });

execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.node.json', '--noEmit', 'false', '--outDir', 'dist/dev-server', '--rootDir', 'dev-server', '--declaration', 'false', '--sourceMap', 'false'],
  { cwd: root, stdio: 'inherit' },
);

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    sourcemap: false,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'call-elements.js' },
  },
});

// Vite keeps whitespace in library ES output; the CDN bundle is for direct use, so minify it fully.
for (const file of readdirSync(join(root, 'dist/cdn')).filter((f) => f.endsWith('.js'))) {
  const path = join(root, 'dist/cdn', file);
  const { code } = await transform(readFileSync(path, 'utf8'), { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
  writeFileSync(path, code);
}

const sizes = readdirSync(join(root, 'dist/cdn'))
  .filter((f) => f.endsWith('.js'))
  .map((file) => {
    const bytes = readFileSync(join(root, 'dist/cdn', file));
    return { file, min: statSync(join(root, 'dist/cdn', file)).size, gzip: gzipSync(bytes, { level: 9 }).length };
  });
console.log('\ndist/cdn (minified):');
for (const { file, min, gzip } of sizes) {
  console.log(`  ${file.padEnd(36)} ${(min / 1024).toFixed(1).padStart(7)} KiB  ${(gzip / 1024).toFixed(1).padStart(6)} KiB gzip`);
}
