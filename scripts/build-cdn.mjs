// The CDN build: self-contained ES modules for <script type="module"> pages, one entry for
// everything (call-elements.js) and one per element (call-phone.js, call-video.js,
// call-devices.js, call-quality-meter.js), sharing chunks, with the SIP provider (and JsSIP)
// as a chunk loaded only when a controller starts. Used by `npm run build`, the CSP test page
// (test/harness/csp-plugin.mjs) and the size report (bench/size.mjs).
//
// Size, and what makes it small:
// - esbuild `minify` and tree shaking; Lit's production build (esbuild resolves the `browser`,
//   `import` and `default` export conditions, never `development`, so Lit's dev-mode checks and
//   warnings are not in the bundle at all).
// - The text of html`…`/svg`…`/css`…` templates minified (scripts/minify-literals.mjs).
// - `process.env.NODE_ENV` defined as "production" for dependencies that test it.
// - In JsSIP's chunk (each trim checked at build time, see `jssipTrims`):
//   - `debug` replaced by a small stand-in with the same switch (scripts/cdn-shims/debug.cjs),
//     and JsSIP's package.json by its name and version; JsSIP's ~200 `logger.debug(…)` lines
//     (its step-by-step chatter, ~2 KiB gz) left out, its warnings and errors kept (the phone's
//     `debug` log has every SIP message and event);
//   - `events` (Node's EventEmitter) by a small one with the same behaviour for what JsSIP and
//     the SIP provider use (scripts/cdn-shims/events.cjs);
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
//     calls of four small matchers, and without the rules no start rule JsSIP uses reaches.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { shrinkGrammar } from './jssip-grammar.mjs';
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

/** JsSIP's smaller stand-ins (see the header). */
const jssipTrims = {
  name: 'jssip-trims',
  setup(build) {
    const inJssip = (dir) => dir.includes(`${sep}jssip${sep}lib`);
    build.onStart(checkJssipStubsUnused);
    build.onStart(checkJssipSdpUse);
    build.onResolve({ filter: /^sdp-transform$/ }, ({ resolveDir }) => (inJssip(resolveDir) ? { path: join(root, 'scripts/cdn-shims/sdp-transform.cjs') } : undefined));
    build.onResolve({ filter: /^debug$/ }, () => ({ path: join(root, 'scripts/cdn-shims/debug.cjs') }));
    build.onResolve({ filter: /^events$/ }, ({ resolveDir }) => (inJssip(resolveDir) ? { path: join(root, 'scripts/cdn-shims/events.cjs') } : undefined));
    build.onResolve({ filter: /^\.\/(?:Subscriber|Notifier|Message|Options)$/ }, ({ path, importer }) =>
      inJssip(importer) && importer.endsWith(`${sep}UA.js`) ? { path: path.slice(2), namespace: 'jssip-unused' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'jssip-unused' }, ({ path: name }) => ({
      contents: [
        "'use strict';",
        `module.exports = class ${name} {`,
        `  constructor() { throw new Error('JsSIP ${name} is not in the trimmed JsSIP of call-elements'); }`,
        // Reached only with a 'newSubscribe' listener; answered as JsSIP does without one.
        ...(name === 'Notifier' ? ['  static init_incoming(request) { request.reply(405); }'] : []),
        '};',
      ].join('\n'),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]jssip[\\/]lib[\\/].*\.js$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      return { contents: path.endsWith(`${sep}Grammar.js`) ? shrinkGrammar(text) : withoutDebugLines(text, path), loader: 'js' };
    });
    build.onResolve({ filter: /^\.\.\/package\.json$/ }, ({ resolveDir }) =>
      resolveDir.includes(`${sep}jssip${sep}`) ? { path: join(resolveDir, '../package.json'), namespace: 'jssip-package' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'jssip-package' }, () => {
      const { name, title, version } = require('jssip/package.json');
      return { contents: JSON.stringify({ name, title, version }), loader: 'json' };
    });
  },
};

/**
 * Writes JsSIP, bundled with {@link jssipTrims}, as the ES module that replaces the compiled
 * `src/providers/sip/jssip.ts` in `dist/` (same export: `JsSIP`), so bundlers ship the CDN's
 * JsSIP bytes. Not minified (the app's bundler minifies); JsSIP's licence heads the file.
 * @param {string} outFile
 */
export async function buildJssipModule(outFile) {
  const { version } = require('jssip/package.json');
  const licence = readFileSync(require.resolve('jssip/LICENSE.md'), 'utf8').trim().replace(/\*\//g, '* /');
  await build({
    absWorkingDir: root,
    stdin: { contents: "import JsSIP from 'jssip';\nexport { JsSIP };\n", resolveDir: root, loader: 'js', sourcefile: 'jssip-module.js' },
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: `/*\nJsSIP ${version}, bundled by call-elements with smaller stand-ins for debug, events and\nsdp-transform (see call-elements' README, "Bundle size").\n\n${licence}\n*/` },
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [jssipTrims],
  });
}

/** The CDN entries: output name (without `.js`) → source module. */
export const CDN_ENTRIES = {
  'call-elements': 'src/index.ts',
  'call-phone': 'src/elements/call-phone/define.ts',
  'call-video': 'src/elements/call-video/define.ts',
  'call-devices': 'src/elements/call-devices/define.ts',
  'call-quality-meter': 'src/elements/call-quality-meter/define.ts',
};

/**
 * Builds the CDN bundle into `outDir` (emptied first) and returns esbuild's metafile.
 * @param {string} outDir
 * @param {{ minifyLiterals?: boolean }} [options] `minifyLiterals: false` builds without the
 *   size work (literal minification, JsSIP trims), for comparisons.
 */
export async function buildCdn(outDir, { minifyLiterals = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: CDN_ENTRIES,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    chunkNames: '[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
    plugins: minifyLiterals ? [minifyLiteralsPlugin(), jssipTrims] : [],
  });
  return result.metafile;
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
 * The provider whose module a CDN file is the chunk of (`sip`, `trtc`), from the build's
 * metafile, else undefined.
 * @param {import('esbuild').Metafile} metafile
 * @param {string} file a file name of the output folder
 */
export function providerOfChunk(metafile, file) {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`/${file}`) || path === file)?.[1];
  return /^src\/providers\/([^/]+)\//.exec(output?.entryPoint ?? '')?.[1];
}
