#!/usr/bin/env node
// Installs the example apps' dependencies (examples/react, vue, angular, html), for
// test/e2e/examples.test.ts, which builds and drives them. scripts/test.mjs runs this before the
// browser tests, outside the test network namespace (the registry is not reachable inside).
//
// Each app depends on this package as `"call-elements": "file:../.."` with `install-links=true`
// (its .npmrc), so npm installs the packed files (`files` of package.json) with their own
// dependencies, as from the registry, not a symlink into the repository. npm does not notice
// when those files change, so a stamp in each app's node_modules records a hash of the packed
// files and of the app's package.json: an app whose stamp matches is skipped; one whose package
// changed gets call-elements reinstalled. `npm run build` runs first when dist/ is older than
// the sources. One npm cache (the default) for all; `--prefer-offline`.
//
//   node scripts/examples.mjs            install what is out of date, print what it cost
//   node scripts/examples.mjs --force    reinstall every app from scratch (rm node_modules)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const EXAMPLES = ['html', 'react', 'vue', 'angular'];
const force = process.argv.includes('--force');
const npmArgs = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** Newest modification time of the files under `dir` (tests and node_modules left out). */
function newest(dir) {
  let time = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.includes('.test.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else time = Math.max(time, statSync(child).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir);
  return time;
}

/** dist/ is missing or older than what it is built from: `npm run build`. */
function buildIfStale() {
  const outputs = ['dist/index.js', 'dist/cdn/call-elements.js', 'dist/dev-server/vite-plugin.js'].map((f) => join(root, f));
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'dev-server')), ...['package.json', 'scripts/build.mjs', 'scripts/build-cdn.mjs', 'scripts/compile-package.mjs', 'scripts/compact-catalogue.mjs', 'scripts/minify-literals.mjs'].map((f) => statSync(join(root, f)).mtimeMs));
  if (built > sources) return 0;
  const started = Date.now();
  console.log('examples: dist/ is older than the sources: npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return Date.now() - started;
}

/** A hash of the files `npm pack` would put in the tarball (what install-links copies). */
function packageHash() {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const hash = createHash('sha256');
  for (const { path } of [...packed.files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${path}\0`).update(readFileSync(join(root, path))).update('\0');
  }
  return hash.digest('hex');
}

const hashFiles = (dir, files) => {
  const hash = createHash('sha256');
  for (const f of files) if (existsSync(join(dir, f))) hash.update(`${f}\0`).update(readFileSync(join(dir, f)));
  return hash.digest('hex');
};

export function installExamples() {
  const buildMs = buildIfStale();
  const pkg = packageHash();
  const report = [];
  for (const name of EXAMPLES) {
    const dir = join(root, 'examples', name);
    const stampFile = join(dir, 'node_modules', '.call-elements-example.json');
    const manifest = hashFiles(dir, ['package.json', '.npmrc']);
    if (force) rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : {};
    if (stamp.manifest === manifest && stamp.package === pkg && existsSync(join(dir, 'node_modules', 'call-elements'))) {
      report.push(`${name}: up to date`);
      continue;
    }
    // A changed package: drop the stale copy so that npm installs it again.
    if (stamp.package !== pkg) rmSync(join(dir, 'node_modules', 'call-elements'), { recursive: true, force: true });
    const started = Date.now();
    let result = spawnSync('npm', npmArgs, { cwd: dir, stdio: 'inherit' });
    if (result.status !== 0) {
      // A cached package list older than the app's lockfile (ETARGET under --prefer-offline):
      // once more, asking the registry.
      console.log(`examples/${name}: npm install failed; again without --prefer-offline`);
      result = spawnSync('npm', npmArgs.filter((a) => a !== '--prefer-offline'), { cwd: dir, stdio: 'inherit' });
    }
    if (result.status !== 0) throw new Error(`npm install failed in examples/${name} (exit ${result.status})`);
    writeFileSync(stampFile, JSON.stringify({ manifest, package: pkg }));
    report.push(`${name}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(`examples: ${buildMs ? `npm run build ${(buildMs / 1000).toFixed(1)} s; ` : ''}${report.join('; ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    installExamples();
  } catch (error) {
    console.error(`examples: ${error.message}`);
    process.exit(1);
  }
}
