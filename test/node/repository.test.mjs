// Repository rules checked on every run: the manifest is generated from the source, the core
// never imports Lit, the tests next to the sources need no SIP server, and more below.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

mkdirSync(join(root, '.cache'), { recursive: true });

test('custom-elements.json is what `cem analyze` makes from the source now', () => {
  const out = mkdtempSync(join(root, '.cache', 'cem-'));
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--outdir', out.slice(root.length + 1)], {
      cwd: root,
      stdio: 'pipe',
    });
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, fresh, 'custom-elements.json is stale: run `npm run analyze` and commit it');
    const tags = fresh.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName));
    assert.ok(tags.includes('call-phone'), 'the manifest lists <call-phone>');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('src/core, src/media, src/quality and src/providers import nothing from Lit', () => {
  const offenders = [];
  for (const dir of ['src/core', 'src/media', 'src/quality', 'src/providers']) {
    let files = [];
    try {
      files = sourceFiles(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      if (/from\s+['"](lit|@lit\/[^'"]+|lit\/[^'"]+)['"]/.test(readFileSync(file, 'utf8'))) offenders.push(file);
    }
  }
  assert.deepEqual(offenders, []);
});

test('provider SDKs are imported only lazily from the core', () => {
  const eager = [];
  for (const file of [...sourceFiles('src/core'), ...sourceFiles('src/elements'), join(root, 'src/index.ts')]) {
    if (/^import\s[^;]*from\s+['"](jssip|trtc-js-sdk|tim-js-sdk)['"]/m.test(readFileSync(file, 'utf8'))) eager.push(file);
  }
  assert.deepEqual(eager, []);
});

test('src/core knows providers only by name: it imports nothing from src/providers', () => {
  const offenders = sourceFiles('src/core').filter((file) => /(from|import\()\s*['"][^'"]*providers\//.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('no element builds a ContextConsumer or warns by itself: ControllerConsumer and warnOnce do', () => {
  const offenders = [];
  for (const file of sourceFiles('src/elements')) {
    if (file.includes('/shared/')) continue;
    const text = readFileSync(file, 'utf8');
    if (/new ContextConsumer|console\.warn\(/.test(text)) offenders.push(file);
  }
  assert.deepEqual(offenders, []);
});

test('the exported version is package.json\'s', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const source = readFileSync(join(root, 'src/core/version.ts'), 'utf8');
  assert.match(source, new RegExp(`export const version = '${version.replace(/\./g, '\\.')}';`));
});

/** A source without its comments, so that docs may name providers and what is left is code. */
function codeOf(file) {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The relative modules a file imports (static imports and re-exports, types included), as repository paths. */
function importsOf(file) {
  const found = [];
  for (const m of codeOf(file).matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
    found.push(resolve(join(file, '..'), m[1].replace(/\.js$/, '.ts')));
  }
  return found;
}

test('src/core and src/elements name no provider and no provider error code in their logic (the codes\' catalogue and the settings table\'s default excepted)', () => {
  const offenders = [];
  for (const file of [...sourceFiles('src/core'), ...sourceFiles('src/elements')]) {
    codeOf(file)
      .split('\n')
      .forEach((line, i) => {
        // The one default of the settings table: `provider` is `sip` unless a page says otherwise.
        if (file.endsWith('src/core/settings.ts') && /^\s*provider: row\(/.test(line)) return;
        if (/['"`](sip|trtc)(\/[a-z-]+)?['"`]/.test(line)) offenders.push(`${file.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, []);
});

test('src/media and src/quality import nothing from src/core; src/base imports nothing', () => {
  const offenders = [];
  for (const dir of ['src/media', 'src/quality', 'src/base']) {
    for (const file of sourceFiles(dir)) {
      for (const target of importsOf(file)) {
        const up = dir === 'src/base' ? !target.startsWith(join(root, 'src/base')) : target.startsWith(join(root, 'src/core'));
        if (up) offenders.push(`${file.slice(root.length + 1)} -> ${target.slice(root.length + 1)}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('the modules of src import each other without a circle (types included)', () => {
  const files = sourceFiles('src');
  const graph = new Map(files.map((file) => [file, importsOf(file).filter((t) => graph0(files).has(t))]));
  function graph0(list) {
    return new Set(list);
  }
  const circles = [];
  const state = new Map();
  const visit = (file, path) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...path.slice(path.indexOf(file)), file].map((f) => f.slice(root.length + 1)).join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  assert.deepEqual(circles, []);
});

test('no source file (tests aside) is over 520 lines', () => {
  const long = sourceFiles('src')
    .map((file) => [file.slice(root.length + 1), readFileSync(file, 'utf8').split('\n').length])
    .filter(([, lines]) => lines > 520);
  assert.deepEqual(long, []);
});

test('tests next to the sources need no SIP server: no src/**/*.test.ts mentions testEnv, registeredController or connectedPair', () => {
  const offenders = [];
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.test.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const named = [...new Set(readFileSync(file, 'utf8').match(/\b(testEnv|registeredController|connectedPair)\b/g) ?? [])];
    if (named.length) offenders.push(`${file.slice(root.length + 1)}: ${named.join(', ')}`);
  }
  assert.deepEqual(offenders, [], 'these tests use the dev SIP server: move them to test/e2e (shared helpers to test/harness)');
});
