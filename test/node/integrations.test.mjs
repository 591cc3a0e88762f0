// The framework and editor files generated from custom-elements.json are fresh, and what a
// React or Vue app writes against them type-checks — and a wrong prop or event type does not.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { integrationFiles } from '../../scripts/integrations/index.mjs';

const root = resolve(import.meta.dirname, '../..');
const read = (file) => readFileSync(join(root, file), 'utf8');
const FIXTURES = ['test/node/fixtures/react-usage.tsx', 'test/node/fixtures/vue-usage.ts'];

mkdirSync(join(root, '.cache'), { recursive: true });

test('the generated integration files are what scripts/integrations.mjs makes from the manifest now', () => {
  const files = integrationFiles(JSON.parse(read('custom-elements.json')), JSON.parse(read('package.json')));
  assert.ok(Object.keys(files).length >= 5);
  for (const [path, text] of Object.entries(files)) {
    assert.equal(read(path), text, `${path} is stale: run \`npm run analyze\` and commit it`);
  }
});

/** Runs tsc on `files` (paths from the root) as an app would, `call-elements` mapped to src/; returns its output or throws it. */
function typecheck(files) {
  const dir = mkdtempSync(join(root, '.cache', 'tsc-'));
  try {
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        skipLibCheck: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
        types: [],
        paths: { 'call-elements': [join(root, 'src/index.ts')], 'call-elements/react': [join(root, 'src/react/index.ts')] },
      },
      files: files.map((f) => (f.startsWith('/') ? f : join(root, f))),
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    return execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("web-types' doc links open a section of the README (GitHub's heading anchors)", () => {
  const slug = (heading) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const anchors = new Set(read('README.md').split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => slug(line.replace(/^#+ /, ''))));
  const links = JSON.parse(read('web-types.json')).contributions.html.elements.map((e) => e['doc-url']);
  assert.equal(links.length, 4);
  for (const link of links) assert.ok(anchors.has(link.split('#')[1]), `${link}: no such README heading`);
});

test('a React 19 app (wrappers and raw tags) and Vue GlobalComponents props type-check', () => {
  typecheck(FIXTURES);
});

test('each @ts-expect-error line of the fixtures is a real type error', () => {
  const dir = mkdtempSync(join(root, '.cache', 'fixtures-'));
  try {
    const copies = FIXTURES.map((file) => {
      const copy = join(dir, file.split('/').pop());
      writeFileSync(copy, read(file).replace(/^(\s*)\/\/ @ts-expect-error.*$/gm, '$1//'));
      return copy;
    });
    const expected = FIXTURES.reduce((n, file) => n + (read(file).match(/^\s*\/\/ @ts-expect-error/gm) ?? []).length, 0);
    let output = '';
    assert.throws(() => typecheck(copies), (error) => ((output = String(error.stdout)), true));
    const lines = new Set(output.split('\n').map((l) => /^(.+?)\((\d+),\d+\): error/.exec(l)?.slice(1, 3).join(':')).filter(Boolean));
    assert.equal(lines.size, expected, `one error per @ts-expect-error line:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
