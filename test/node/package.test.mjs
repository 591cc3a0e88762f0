// The published package works as installed: `npm pack` (its `prepack` builds), install the tarball
// (with ws for the Vite plugin and React for the wrappers' types; no jssip: it comes inside) into a scratch app,
// import or resolve every `exports` subpath in Node, and type-check a file importing each one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** Subpaths whose modules need a DOM (they define elements): resolved and checked, not run in Node. */
const NEEDS_DOM = new Set(['.', './call-phone', './call-video', './call-devices', './call-quality-meter', './react', './cdn/call-elements.js', './cdn/call-phone.js', './cdn/call-video.js', './cdn/call-devices.js', './cdn/call-quality-meter.js']);
const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

let app;
let files = [];

before(() => {
  // `npm pack` builds first (the `prepack` script), so a tarball never ships a stale dist/.
  // Here the build runs on its own (its output would mix with the JSON), then the pack.
  assert.equal(pkg.scripts.prepack, 'node scripts/build.mjs');
  execFileSync('npm', ['run', 'prepack'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  app = mkdtempSync(join(tmpdir(), 'call-elements-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', app], root));
  files = packed.files.map((f) => f.path).sort();
  console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
  for (const f of files) console.log(`  ${f}`);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  const extras = ['ws', 'react', '@types/react', '@lit/react'].map((name) => `${name}@${versionOf(name)}`);
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', join(app, packed.filename), ...extras], app);
});

after(() => app && rmSync(app, { recursive: true, force: true }));

test('the tarball ships dist, bin, the manifest, the editor data and LICENSE, and no sources or tests', () => {
  for (const f of ['LICENSE', 'README.md', 'custom-elements.json', 'web-types.json', 'vscode.html-custom-data.json', 'bin/call-elements-dev-server.mjs', 'dist/index.js', 'dist/react/index.js', 'dist/dev-server/vite-plugin.js']) {
    assert.ok(files.includes(f), `${f} is not in the tarball`);
  }
  assert.deepEqual(files.filter((f) => /^(src|test|demo|dev-server)\/|\.test\.|\.d\.ts\.map$/.test(f)), []);
});

test('the CDN bundle keeps the provider registration (src/package.json marks the source modules with side effects)', () => {
  const cdn = files.filter((f) => /^dist\/cdn\/[^/]+\.js$/.test(f)).map((f) => readFileSync(join(app, 'node_modules/call-elements', f), 'utf8'));
  assert.ok(cdn.some((code) => /import\(["'`]\.\/sip-[\w-]+\.js["'`]\)/.test(code)), 'no chunk loads the sip provider');
});

test('a SIP app needs no jssip install: the package brings its trimmed JsSIP as an ES module', async () => {
  assert.equal(existsSync(join(app, 'node_modules/jssip')), false, 'jssip was installed after all');
  const { JsSIP } = await import(join(app, 'node_modules/call-elements/dist/providers/sip/jssip.js'));
  assert.equal(typeof JsSIP.UA, 'function');
  assert.equal(JsSIP.version, versionOf('jssip'));
});

test('a bundled app gets the CDN’s smaller sources: templates minified, the zh-CN catalogue without its keys (scripts/compile-package.mjs)', async () => {
  const dist = join(app, 'node_modules/call-elements/dist');
  const styles = readFileSync(join(dist, 'elements/call-phone/call-phone.styles.js'), 'utf8');
  assert.match(styles, /css\s*`:host\{display:block;/, 'css`…` minified');
  assert.doesNotMatch(styles, /\/\* The live region/, 'the comments in templates are left out');
  assert.doesNotMatch(readFileSync(join(dist, 'elements/call-phone/call-phone.views.js'), 'utf8'), /`[^`]*\n\s+<(?:div|span|button)/, 'html`…` minified');
  const zh = readFileSync(join(dist, 'i18n/zh-CN.js'), 'utf8');
  assert.doesNotMatch(zh, /reg\.idle/, 'the keys are left out');
  const { zhCN } = await import(join(dist, 'i18n/zh-CN.js'));
  const { en } = await import(join(dist, 'i18n/en.js'));
  assert.deepEqual(Object.keys(zhCN), Object.keys(en));
  assert.equal(zhCN['reg.registered'], '就绪');
  assert.equal(zhCN['devices.not-connected'], '未连接到电话。');
  assert.match(readFileSync(join(dist, 'i18n/zh-CN.d.ts'), 'utf8'), /export declare const zhCN: Catalogue;/, 'typed as written');
});

test('browser apps do not get ws: it is an optional peer, not a dependency', () => {
  assert.equal(pkg.dependencies?.ws, undefined);
  assert.equal(pkg.peerDependenciesMeta?.ws?.optional, true);
});

test('source maps carry their sources', () => {
  const maps = files.filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.length > 0);
  for (const map of maps) {
    const { sources, sourcesContent } = JSON.parse(readFileSync(join(app, 'node_modules/call-elements', map), 'utf8'));
    assert.equal(sourcesContent?.length, sources.length, `${map} has no sourcesContent`);
  }
});

test('sideEffects names shipped files only', () => {
  for (const pattern of pkg.sideEffects) {
    assert.match(pattern, /^\.\/dist\//);
    const re = new RegExp(`^${pattern.slice(2).replace(/\./g, '\\.').replace(/\*/g, '[^/]+')}$`);
    assert.ok(files.some((f) => re.test(f)), `${pattern} matches no shipped file`);
  }
});

test('every exports subpath resolves to a shipped file (and its .d.ts), and Node-safe ones import', () => {
  const script = `
    const exportsMap = ${JSON.stringify(pkg.exports)};
    const { existsSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const needsDom = new Set(${JSON.stringify([...NEEDS_DOM])});
    const report = {};
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const spec = 'call-elements' + subpath.slice(1);
      const file = fileURLToPath(import.meta.resolve(spec));
      const types = typeof target === 'object' ? target.types : undefined;
      let imported = 'resolved only (needs a DOM)';
      if (!needsDom.has(subpath)) {
        const module = spec.endsWith('.json') ? await import(spec, { with: { type: 'json' } }) : await import(spec);
        imported = Object.keys(module).sort().join(',').slice(0, 80);
      }
      report[subpath] = { file: existsSync(file), types: types ? existsSync(new URL(types, import.meta.resolve('call-elements/package.json'))) : null, imported };
    }
    console.log(JSON.stringify(report));`;
  writeFileSync(join(app, 'check.mjs'), script);
  const report = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n').pop());
  for (const subpath of Object.keys(pkg.exports)) {
    console.log(`${subpath}: ${JSON.stringify(report[subpath])}`);
    assert.equal(report[subpath].file, true, `${subpath} resolves to a missing file`);
    assert.notEqual(report[subpath].types, false, `${subpath}'s types are missing`);
  }
  assert.match(report['./vite'].imported, /devSipServerPlugin/);
  assert.match(report['./core'].imported, /CallController/);
});

test('a TypeScript file importing every subpath type-checks against the installed package', () => {
  const code = Object.keys(pkg.exports)
    .filter((s) => !s.endsWith('.json'))
    .map((s, i) => `import * as m${i} from 'call-elements${s.slice(1)}';\nexport const e${i} = m${i};`)
    .join('\n');
  writeFileSync(
    join(app, 'all.ts'),
    `${code}\nimport { CallController } from 'call-elements/core';\nimport { devSipServerPlugin } from 'call-elements/vite';\nimport type { CallPhoneElement } from 'call-elements/react';\n` +
      `export const controller: CallController = new CallController({ server: 'wss://pbx.example.com/ws', user: 'alice' });\n` +
      `export const plugin = devSipServerPlugin({ path: '/sip' });\nexport const phone = (p: CallPhoneElement) => p.dial('bob');\n`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, types: [] }, files: ['all.ts'] }),
  );
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
  assert.ok(existsSync(join(app, 'all.ts')));
});

test("an element's own subpath brings its events' types, and the declarations need no undeclared package", () => {
  writeFileSync(
    join(app, 'sub.ts'),
    `import { CallPhone } from 'call-elements/call-phone';
` +
      `export const caller = (p: CallPhone) => p.addEventListener('call-incoming', (e) => console.log(e.detail.call.remote.user));
`,
  );
  const options = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], module: 'ESNext', moduleResolution: 'Bundler', types: [] };
  writeFileSync(join(app, 'tsconfig.sub.json'), JSON.stringify({ compilerOptions: { ...options, skipLibCheck: true }, files: ['sub.ts'] }));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.sub.json'], { cwd: app, encoding: 'utf8' });
  const declarations = files.filter((f) => f.endsWith('.d.ts')).map((f) => readFileSync(join(app, 'node_modules/call-elements', f), 'utf8'));
  const imported = new Set(declarations.flatMap((text) => [...text.matchAll(/(?:from |import\()["']([^"'.][^"']*)["']/g)].map((m) => m[1].split('/').slice(0, m[1].startsWith('@') ? 2 : 1).join('/'))));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), 'call-elements']);
  const undeclared = [...imported].filter((name) => !declared.has(name) && !name.startsWith('node:') && !['vite', 'vue', 'http', 'net', 'stream'].includes(name));
  assert.deepEqual(undeclared, [], 'packages the declarations import without declaring them');
});
