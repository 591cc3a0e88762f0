// The CDN build: self-contained ES modules for <script type="module"> pages, one entry for
// everything (call-elements.js) and one per element (call-phone.js, call-video.js,
// call-devices.js, call-quality-meter.js), sharing chunks, with the SIP provider (and JsSIP)
// as a chunk loaded only when a controller starts. Used by `npm run build`, the CSP test page
// (test/harness/csp-plugin.mjs) and the size report (bench/size.mjs).
//
// Size, and what makes it small:
// - rolldown (Vite's bundler) with its minifier and tree shaking; Lit's production build (for
//   the browser platform it resolves the `browser`, `import` and `default` export conditions,
//   never `development`, so Lit's dev-mode checks and warnings are not in the bundle at all).
//   Rolldown rather than esbuild: fewer shared chunks and smaller output (measured when the
//   build moved: a whole SIP phone page 97.8 -> 94.0 KiB gz, its first paint 34.5 -> 32.6).
// - The text of html`…`/svg`…`/css`…` templates minified (scripts/minify-literals.mjs).
// - `process.env.NODE_ENV` defined as "production" for dependencies that test it.
// - In JsSIP's chunk (each trim checked at build time, see `jssipTrims`):
//   - `debug` replaced by a small stand-in with the same switch (scripts/cdn-shims/debug.cjs),
//     and JsSIP's package.json by its name and version; JsSIP's ~200 `logger.debug(…)` lines
//     (its step-by-step chatter, ~2 KiB gz) left out, its warnings and errors kept (the phone's
//     `debug` log has every SIP message and event);
//   - `events` (Node's EventEmitter) by a small one with the same behaviour for what JsSIP and
//     the SIP provider use (scripts/cdn-shims/events.cjs);
//   - RTCSession's mute()/unmute()/isMuted() and the two methods only they call left out (the
//     controller mutes by the tracks; the build checks that the SIP provider calls none of them);
//   - JsSIP's SUBSCRIBE/NOTIFY, MESSAGE and OPTIONS classes (Subscriber, Notifier, Message,
//     Options) by stubs: only `UA.subscribe()`, `notify()`, `sendMessage()`, `sendOptions()` and
//     'newSubscribe'/'newMessage'/'newOptions' listeners reach them, and the SIP provider (the
//     only user of its private UA) uses none of these, which the build checks; without those
//     listeners JsSIP answers an incoming MESSAGE or SUBSCRIBE with 405 and OPTIONS with 200
//     before it would touch the classes;
//   - `sdp-transform` by a small parser and writer of what JsSIP reads and changes in an SDP
//     (media types and directions; scripts/cdn-shims/sdp-transform.cjs): the build checks that
//     JsSIP still calls only its `parse`/`write` and reads no other SDP field;
//   - the grammar smaller (scripts/jssip-grammar.mjs): without its failure reporting (JsSIP
//     builds that SyntaxError and discards it), its ~430 literal and character-class matches as
//     calls of four small matchers, without the rules no start rule JsSIP uses reaches, and
//     then its rule functions read back into the grammar's expressions and written as calls of
//     ten small combinators (scripts/jssip-grammar-combinators.mjs; 7.0 -> 3.6 KiB gz);
//   - then minified by terser with its property names shortened (scripts/minify-jssip.mjs), as
//     the package's module dist/providers/sip/jssip.js, which the CDN build takes in place of
//     src/providers/sip/jssip.ts.
// - The translated catalogues without their keys: strings in the English keys' order, zipped
//   with them at load time (scripts/compact-catalogue.mjs; zh-CN 3.6 -> 2.8 KiB gz).
// - Each chunk once more through terser, kept where that is smaller.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'rolldown';
import { minify } from 'terser';
import { shippedCatalogue, TRANSLATION } from './compact-catalogue.mjs';
import { shrinkGrammar } from './jssip-grammar.mjs';
import { JSSIP_BUNDLED_SOURCE, minifyJssip } from './minify-jssip.mjs';
import { minifyLiteralsPlugin } from './minify-literals.mjs';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** JsSIP's modules that only UA.subscribe/notify/sendMessage/sendOptions and their incoming listeners reach. */
const JSSIP_UNUSED = ['Subscriber', 'Notifier', 'Message', 'Options'];

/**
 * Throws unless the SIP provider stays clear of what the JsSIP stubs leave out: any call named
 * subscribe/notify/sendMessage/sendOptions, or a 'newSubscribe'/'newMessage'/'newOptions' listener.
 */
function checkJssipStubsUnused() {
  const dir = join(root, 'src/providers/sip');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const hit = /\b(?:subscribe|notify|sendMessage|sendOptions)\s*\(|['"`]new(?:Subscribe|Message|Options)['"`]/.exec(text);
    if (hit) {
      throw new Error(
        `scripts/build-cdn.mjs: src/providers/sip/${file} uses "${hit[0]}", which reaches JsSIP's ${JSSIP_UNUSED.join('/')} classes that the CDN build stubs out; remove them from JSSIP_UNUSED.`,
      );
    }
  }
}

/**
 * RTCSession's methods that only its own `mute()`/`unmute()`/`isMuted()` reach (the controller
 * mutes by the tracks, `track.enabled`, and never calls them): left out of the bundle.
 */
const JSSIP_SESSION_UNUSED = ['mute', 'unmute', 'isMuted', '_onmute', '_onunmute'];

/**
 * Throws unless the SIP provider calls none of {@link JSSIP_SESSION_UNUSED}'s public methods
 * (any call named mute/unmute/isMuted in src/providers/sip, whatever it is called on).
 */
function checkJssipSessionMethodsUnused() {
  const dir = join(root, 'src/providers/sip');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const hit = /\.(?:mute|unmute|isMuted)\s*\(/.exec(readFileSync(join(dir, file), 'utf8'));
    if (hit) {
      throw new Error(
        `scripts/build-cdn.mjs: src/providers/sip/${file} calls "${hit[0]}", and the builds leave JsSIP's RTCSession ${JSSIP_SESSION_UNUSED.join('/')} out; remove them from JSSIP_SESSION_UNUSED.`,
      );
    }
  }
}

/**
 * JsSIP's RTCSession.js without the methods of {@link JSSIP_SESSION_UNUSED}. Throws unless each
 * is there once, as a method of its own (four spaces in, its closing brace four spaces in), and
 * no other code of the file calls one.
 * @param {string} text
 */
export function withoutUnusedSessionMethods(text) {
  let out = text;
  for (const name of JSSIP_SESSION_UNUSED) {
    const method = new RegExp(`^    ${name}\\([^)\\n]*\\) \\{\\n[\\s\\S]*?^    \\}\\n`, 'gm');
    const found = out.match(method) ?? [];
    if (found.length !== 1) throw new Error(`scripts/build-cdn.mjs: JsSIP's RTCSession.js has ${found.length} methods ${name}(); extend withoutUnusedSessionMethods.`);
    out = out.replace(method, '');
  }
  const called = new RegExp(`\\.(?:${JSSIP_SESSION_UNUSED.join('|')})\\(`).exec(out);
  if (called) throw new Error(`scripts/build-cdn.mjs: JsSIP's RTCSession.js still calls "${called[0]}"; drop it from JSSIP_SESSION_UNUSED.`);
  return out;
}

/** The fields JsSIP reads off a parsed SDP, all the sdp-transform stand-in provides. */
const JSSIP_SDP_FIELDS = new Set(['media', 'type', 'direction']);

/**
 * Throws unless JsSIP uses sdp-transform only as the stand-in allows: `parse` and `write` and,
 * where it reads a parsed SDP (`request.parseSDP()`, `sdp_transform.parse(…)`), only its media,
 * their types and directions.
 */
function checkJssipSdpUse() {
  const lib = dirname(require.resolve('jssip/lib/JsSIP.js'));
  for (const file of ['RTCSession.js', 'SIPMessage.js']) {
    const text = readFileSync(join(lib, file), 'utf8');
    const calls = [...text.matchAll(/sdp_transform\.(\w+)/g)].map((m) => m[1]);
    const unknownCall = calls.find((name) => name !== 'parse' && name !== 'write');
    // The fields read off a parsed SDP (`sdp`) or one of its media (`m`).
    const unknownField = [...text.matchAll(/\b(?:sdp|m)\.(\w+)/g)].map((m) => m[1]).find((name) => !JSSIP_SDP_FIELDS.has(name));
    if (unknownCall || unknownField) {
      throw new Error(
        `scripts/build-cdn.mjs: jssip/lib/${file} uses sdp-transform's "${unknownCall ?? unknownField}", which scripts/cdn-shims/sdp-transform.cjs does not provide; extend the stand-in or drop it from jssipTrims.`,
      );
    }
  }
}

/** A JsSIP `logger.debug(…)` call on a line of its own (every one is, with arguments free of side effects). */
const DEBUG_LINE = /^(\s*)\w*logger\w*\.debug\(.*\);[ \t]*$/gm;

/**
 * A JsSIP source without its debug lines (see the header): each `logger.debug(…);` line becomes
 * an empty statement, so a braceless `if` keeps its shape. Throws if a debug call is left that is
 * not a line of its own.
 * @param {string} text
 * @param {string} file for the error message
 */
export function withoutDebugLines(text, file) {
  const stripped = text.replace(DEBUG_LINE, '$1;');
  if (/\blogger\w*\.debug\(/.test(stripped)) {
    throw new Error(`scripts/build-cdn.mjs: ${file} has a logger.debug() call that is not a line of its own; extend withoutDebugLines.`);
  }
  return stripped;
}

const shim = (name) => join(root, 'scripts/cdn-shims', name);
const inJssip = (path) => !!path && path.includes(`${sep}jssip${sep}lib`);

/** JsSIP's smaller stand-ins (see the header), a rolldown plugin. */
const jssipTrims = {
  name: 'jssip-trims',
  buildStart() {
    checkJssipStubsUnused();
    checkJssipSessionMethodsUnused();
    checkJssipSdpUse();
  },
  resolveId(source, importer) {
    if (source === 'debug') return shim('debug.cjs');
    if (!inJssip(importer)) return null;
    if (source === 'sdp-transform') return shim('sdp-transform.cjs');
    if (source === 'events') return shim('events.cjs');
    if (source === '../package.json') return '\0jssip-package';
    const unused = /^\.\/(Subscriber|Notifier|Message|Options)$/.exec(source);
    return unused && importer.endsWith(`${sep}UA.js`) ? `\0jssip-unused:${unused[1]}` : null;
  },
  load(id) {
    if (id === '\0jssip-package') {
      const { name, title, version } = require('jssip/package.json');
      return { code: `module.exports = ${JSON.stringify({ name, title, version })};`, moduleType: 'js' };
    }
    if (id.startsWith('\0jssip-unused:')) {
      const name = id.slice('\0jssip-unused:'.length);
      const code = [
        "'use strict';",
        `module.exports = class ${name} {`,
        `  constructor() { throw new Error('JsSIP ${name} is not in the trimmed JsSIP of call-elements'); }`,
        // Reached only with a 'newSubscribe' listener; answered as JsSIP does without one.
        ...(name === 'Notifier' ? ['  static init_incoming(request) { request.reply(405); }'] : []),
        '};',
      ].join('\n');
      return { code, moduleType: 'js' };
    }
    if (!inJssip(id) || !id.endsWith('.js')) return null;
    const text = readFileSync(id, 'utf8');
    if (id.endsWith(`${sep}Grammar.js`)) return { code: shrinkGrammar(text), moduleType: 'js' };
    const code = withoutDebugLines(text, id);
    return { code: id.endsWith(`${sep}lib${sep}RTCSession.js`) ? withoutUnusedSessionMethods(code) : code, moduleType: 'js' };
  },
};

/** The translated catalogues (src/i18n/, all but the English one) as scripts/compact-catalogue.mjs writes them, a rolldown plugin. */
function compactCataloguesPlugin() {
  return {
    name: 'compact-catalogues',
    load(id) {
      if (!TRANSLATION.test(id)) return null;
      const source = readFileSync(id, 'utf8');
      const compact = shippedCatalogue(id, source);
      return compact === source ? null : { code: compact, moduleType: 'ts' };
    },
  };
}

/** What both builds set: ES2022 for browsers, Lit's production build, `NODE_ENV` production. */
const BROWSER_BUILD = {
  cwd: root,
  platform: 'browser',
  tsconfig: join(root, 'tsconfig.json'),
  transform: { target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' } },
  logLevel: 'warn',
};

/**
 * Writes JsSIP, bundled with {@link jssipTrims} and minified with its property names shortened
 * (scripts/minify-jssip.mjs), as the ES module that replaces the compiled
 * `src/providers/sip/jssip.ts` in `dist/` (same export: `JsSIP`), so bundlers ship the CDN's
 * JsSIP bytes; the CDN build takes the same module. JsSIP's licence heads the file.
 * @param {string} outFile
 */
export async function buildJssipModule(outFile) {
  const { version } = require('jssip/package.json');
  const licence = readFileSync(require.resolve('jssip/LICENSE.md'), 'utf8').trim().replace(/\*\//g, '* /');
  const entry = '\0jssip-module';
  const { output } = await build({
    ...BROWSER_BUILD,
    input: entry,
    plugins: [{ name: 'jssip-module', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? `import JsSIP from 'jssip';\nexport { JsSIP };\nexport { dialogSnapshot, restoreDialog } from ${JSON.stringify(JSSIP_BUNDLED_SOURCE)};\n` : null) }, jssipTrims],
    output: { format: 'esm', comments: { legal: false } },
    write: false,
  });
  const banner = `/*\nJsSIP ${version}, bundled and minified by call-elements with smaller stand-ins for debug, events\nand sdp-transform, without its debug lines and with its property names shortened (see\ncall-elements' README, "Size").\n\n${licence}\n*/`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${await minifyJssip(output[0].code, banner)}\n`);
}

/**
 * The modules of the chunk every element entry loads (`base-[hash].js`): Lit, the elements'
 * shared base, the English texts, and the few small modules that more than one element uses
 * (errors, device slots, the shared AudioContext), which rolldown would otherwise put in chunks
 * of their own (each a request and ~0.1 KiB gz of imports and exports). Lit's parts that only
 * `<call-phone>` uses (context provider, directives) stay in the phone's chunk, so a page with
 * another element alone does not load them. Measured: the four element entries' first paint
 * 40.5 -> 40.2 KiB gz, `call-phone.js`' 31.3 -> 31.0; `call-video.js` alone +0.5.
 */
const BASE_CHUNK =
  /^(?!.*(?:context-provider|decorators[\\/]provide|directive|live\.js|guard\.ts)).*(?:node_modules[\\/](?:lit|lit-html|lit-element|@lit|@oxc-project)[\\/]|decorate|src[\\/](?:elements[\\/]shared|i18n[\\/](?:en|localize)|core[\\/]events|base[\\/]errors|media[\\/](?:device-slots|audio-context)))/;

/**
 * The modules of the calls' chunk (`call-[hash].js`): `Call` with its media, participants,
 * recording and quality, which `call-parts.ts` (loaded when a phone starts) and
 * `call-elements.js` (which exports `Call` and the quality API) both import. Without this group
 * rolldown keeps them apart only as long as every entry's signature is preserved; with it the
 * build lets an entry export more than its source does (`preserveEntrySignatures:
 * 'allow-extension'`), so each element entry is its element's chunk rather than a stub
 * importing it. Measured: the four element entries' first paint 39.9 -> 39.6 KiB gz, their whole
 * SIP page 109.2 -> 108.8, `call-phone.js`' 98.8 -> 98.6. `call-parts.ts`' own modules stay out
 * (in the group `call-elements.js` would load them at once: its first paint +1.0 for -0.4 off
 * `call-phone.js`' whole page).
 */
const CALL_CHUNK = /src[\\/](?:core[\\/](?:call|call-(?:media|media-controls|participants|recording|speaking|quality-watch|summary|features)|dtmf|end-reason|transfers)\.ts|media[\\/](?:audio-mix|call-recorder|speaking)\.ts|quality[\\/](?!index|quality-options))/;

/** The CDN entries: output name (without `.js`) → source module. */
export const CDN_ENTRIES = {
  'call-elements': 'src/index.ts',
  'call-phone': 'src/elements/call-phone/define.ts',
  'call-video': 'src/elements/call-video/define.ts',
  'call-devices': 'src/elements/call-devices/define.ts',
  'call-quality-meter': 'src/elements/call-quality-meter/define.ts',
};

/**
 * What each file of a CDN build was made for: output file name → the source module (relative
 * to the repository) of the entry or dynamic import it is the chunk of, if any.
 * @typedef {Record<string, { entry?: string }>} CdnChunks
 */

/**
 * Builds the CDN bundle into `outDir` (emptied first) with rolldown and returns its
 * {@link CdnChunks} (rolldown rather than esbuild: see the header).
 * @param {string} outDir
 * @param {{ minifyLiterals?: boolean, sourcemap?: boolean }} [options] `minifyLiterals: false`
 *   builds without the size work (literal minification, JsSIP trims), for comparisons;
 *   `sourcemap: true` writes `.map` files (for bench/size-breakdown.mjs).
 * @returns {Promise<CdnChunks>}
 */
export async function buildCdn(outDir, { minifyLiterals = true, sourcemap = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  // The package's JsSIP module (built aside) in place of src/providers/sip/jssip.ts.
  const scratch = mkdtempSync(join(tmpdir(), 'call-elements-jssip-'));
  const jssipModule = join(scratch, 'jssip.js');
  if (minifyLiterals) await buildJssipModule(jssipModule);
  const packagedJssip = {
    name: 'packaged-jssip',
    resolveId: (source, importer) => (importer?.startsWith(join(root, 'src/providers/sip')) && /^\.\/jssip\.js$/.test(source) ? jssipModule : null),
  };
  let output;
  try {
    ({ output } = await build({
      ...BROWSER_BUILD,
      input: CDN_ENTRIES,
      preserveEntrySignatures: 'allow-extension',
      plugins: minifyLiterals ? [compactCataloguesPlugin(), minifyLiteralsPlugin(), packagedJssip] : [],
      output: {
        dir: outDir,
        format: 'esm',
        minify: true,
        sourcemap,
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        comments: { legal: false },
        codeSplitting: { groups: [{ name: 'base', test: BASE_CHUNK }, { name: 'call', test: CALL_CHUNK, includeDependenciesRecursively: false }] },
      },
    }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  checkCallsChunkLazy(output);
  if (minifyLiterals) await terserPass(outDir, output, sourcemap);
  return Object.fromEntries(
    output.filter((chunk) => chunk.type === 'chunk').map((chunk) => [chunk.fileName, { entry: chunk.facadeModuleId ? relative(root, chunk.facadeModuleId).split(sep).join('/') : undefined }]),
  );
}

/**
 * Throws if an element entry loads the calls' chunk ({@link CALL_CHUNK}) at once: the group
 * takes its modules whoever imports them, so a first-paint module importing one would pull the
 * whole chunk into every phone's first paint.
 * @param {{ type: string, fileName: string, name?: string, imports?: string[] }[]} output what rolldown wrote
 */
function checkCallsChunkLazy(output) {
  const chunks = new Map(output.filter((chunk) => chunk.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  const calls = [...chunks.values()].find((chunk) => chunk.name === 'call');
  for (const entry of Object.keys(CDN_ENTRIES).filter((name) => name !== 'call-elements')) {
    const seen = new Set();
    const walk = (file) => {
      if (seen.has(file) || !chunks.has(file)) return;
      seen.add(file);
      for (const next of chunks.get(file).imports) walk(next);
    };
    walk(`${entry}.js`);
    if (calls && seen.has(calls.fileName)) {
      throw new Error(`scripts/build-cdn.mjs: ${entry}.js loads the calls' chunk (${calls.fileName}) at once: a module of its first paint imports one of CALL_CHUNK's modules; take that module out of CALL_CHUNK.`);
    }
  }
}

/**
 * Minifies the written chunks once more with terser (three compress passes, names mangled),
 * kept where it is smaller gzipped (~0.6 KiB gz off a whole SIP page, none off JsSIP's chunk,
 * which terser minified already); each chunk's source map, if any, is carried through.
 * @param {string} outDir
 * @param {{ type: string, fileName: string }[]} output what rolldown wrote
 * @param {boolean} sourcemap
 */
async function terserPass(outDir, output, sourcemap) {
  for (const { fileName } of output.filter((chunk) => chunk.type === 'chunk')) {
    const file = join(outDir, fileName);
    const mapFile = `${file}.map`;
    const hasMap = sourcemap && existsSync(mapFile);
    const before = readFileSync(file, 'utf8');
    const { code, map } = await minify(before, {
      module: true,
      ecma: 2022,
      compress: { passes: 3 },
      mangle: true,
      format: { comments: false },
      sourceMap: hasMap ? { content: readFileSync(mapFile, 'utf8'), url: `${fileName}.map` } : false,
    });
    // JsSIP's chunk, minified by terser already (scripts/minify-jssip.mjs), gains nothing.
    if (gzipSync(code, { level: 9 }).length >= gzipSync(before, { level: 9 }).length) continue;
    writeFileSync(file, code);
    if (hasMap) writeFileSync(mapFile, typeof map === 'string' ? map : JSON.stringify(map));
  }
}

/**
 * Every `.js` file in `dir` with its minified and gzipped (level 9) size in bytes, and the
 * static imports (chunk file names) it loads at once.
 * @param {string} dir
 */
export function cdnSizes(dir) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      const text = bytes.toString('utf8');
      const imports = [...text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^'"`();]*?from\s*)?["'`]\.\/([^"'`]+)["'`]/g)].map((m) => m[1]);
      const dynamic = [...text.matchAll(/import\(\s*["'`]\.\/([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
      return { file, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, imports, dynamic };
    });
}

/**
 * The files a page loads for `entry` before any provider starts: the entry and its static
 * imports, transitively.
 * @param {ReturnType<typeof cdnSizes>} sizes
 * @param {string} entry file name, e.g. `call-phone.js`
 */
export function staticClosure(sizes, entry) {
  return fullClosure(sizes, entry, () => false);
}

/**
 * Every file a page for `entry` can load: its static imports and its dynamic ones (lazy
 * chunks: a provider, a translation, …), transitively, except the dynamic imports `skip` says
 * no (with `() => false` for every dynamic import: the static closure).
 * @param {ReturnType<typeof cdnSizes>} sizes
 * @param {string} entry file name, e.g. `call-phone.js`
 * @param {(file: string) => boolean} [follow] whether to follow a dynamic import of `file`
 */
export function fullClosure(sizes, entry, follow = () => true) {
  const byName = new Map(sizes.map((s) => [s.file, s]));
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file) || !byName.has(file)) return;
    seen.add(file);
    for (const next of byName.get(file).imports) walk(next);
    for (const next of byName.get(file).dynamic) if (follow(next)) walk(next);
  };
  walk(entry);
  return [...seen].map((file) => byName.get(file));
}

/**
 * The provider whose module a CDN file is the chunk of (`sip`, `trtc`), else undefined.
 * @param {CdnChunks} chunks what {@link buildCdn} returned
 * @param {string} file a file name of the output folder
 */
export function providerOfChunk(chunks, file) {
  return /^src\/providers\/([^/]+)\//.exec(chunks[file]?.entry ?? '')?.[1];
}
