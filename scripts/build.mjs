#!/usr/bin/env node
// `npm run build`: ESM modules + .d.ts for bundlers (dist/), a self-contained bundle for
// <script type="module"> pages (dist/cdn/: call-elements.js and one entry per element, the
// SIP provider as a lazily loaded chunk),
// and the compiled development SIP server (dist/dev-server/). Prints min+gz sizes.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCdn, buildJssipModule, cdnSizes } from './build-cdn.mjs';
import { compilePackage } from './compile-package.mjs';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
rmSync(join(root, 'dist'), { recursive: true, force: true });

// tsc -p tsconfig.build.json, from the sources with their templates minified and the
// translations' keys left out, as in the CDN build (scripts/compile-package.mjs).
await compilePackage(join(root, 'tsconfig.build.json'));
execFileSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.node.json', '--noEmit', 'false', '--outDir', 'dist/dev-server', '--rootDir', 'dev-server', '--declaration', 'true', '--sourceMap', 'false'],
  { cwd: root, stdio: 'inherit' },
);

// JsSIP bundled with the CDN's trims in place of the compiled src/providers/sip/jssip.ts, so
// bundlers get the same JsSIP bytes as the CDN (its tsc source map no longer applies).
await buildJssipModule(join(root, 'dist/providers/sip/jssip.js'));
rmSync(join(root, 'dist/providers/sip/jssip.js.map'), { force: true });
// Bundled inside that module (see scripts/minify-jssip.mjs): its compiled copy is not used.
for (const file of ['jssip-dialogs.js', 'jssip-dialogs.js.map']) rmSync(join(root, 'dist/providers/sip', file), { force: true });

// The CDN bundle (scripts/build-cdn.mjs): one entry for everything, one per element, shared chunks.
await buildCdn(join(root, 'dist/cdn'));
const sizes = cdnSizes(join(root, 'dist/cdn'));
console.log('\ndist/cdn (minified):');
for (const { file, min, gzip } of sizes) {
  console.log(`  ${file.padEnd(36)} ${(min / 1024).toFixed(1).padStart(7)} KiB  ${(gzip / 1024).toFixed(1).padStart(6)} KiB gzip`);
}
console.log('Per entry, with what it loads: node bench/size.mjs');
