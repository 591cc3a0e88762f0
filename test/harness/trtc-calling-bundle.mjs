// Tencent's own web calling client, trtc-calling-js 1.0.6 with tsignaling 1.0.8, bundled to one
// ESM file whose `trtc-js-sdk` and `tim-js-sdk` imports are the fakes of test/fakes/tencent
// (compiled from TypeScript by esbuild), so browser tests run Tencent's client on the fake
// cloud. Rebuilt only when the packages' versions or the fakes' sources change (the stamp in
// `<outFile>.version`). Used by web-test-runner.config.mjs (bare import `trtc-calling-js`).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const fakes = join(root, 'test', 'fakes', 'tencent');
/** Changes when the bundle's shape changes, so old bundles get rebuilt. */
const FORMAT = 'esm-default-1';

/** Where the test runner keeps the bundle. */
export const TRTC_CALLING_ESM = join(root, '.cache', 'trtc-calling.esm.js');

const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

/** Versions of the bundled packages plus a hash of the fakes' sources. */
function stampOf() {
  const hash = createHash('sha256');
  for (const file of readdirSync(fakes).filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(readFileSync(join(fakes, file)));
  return `trtc-calling-js@${versionOf('trtc-calling-js')} tsignaling@${versionOf('tsignaling')} fakes:${hash.digest('hex').slice(0, 16)} ${FORMAT}`;
}

/**
 * Bundles trtc-calling-js (default export: the TRTCCalling class) to `outFile` unless it is
 * already built from the same versions and fakes. Returns `outFile`.
 * @param {string} [outFile]
 */
export async function bundleTrtcCalling(outFile = TRTC_CALLING_ESM) {
  const stamp = `${outFile}.version`;
  const version = stampOf();
  if (existsSync(outFile) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return outFile;
  mkdirSync(dirname(outFile), { recursive: true });
  // The UMD builds `require('trtc-js-sdk')` / `require('tim-js-sdk')` and use the result as the
  // SDK object itself, so the shims hand over the fakes' default exports as module.exports.
  const shims = {
    'trtc-js-sdk': `module.exports = require(${JSON.stringify(join(fakes, 'fake-trtc.ts'))}).default;`,
    'tim-js-sdk': `module.exports = require(${JSON.stringify(join(fakes, 'fake-tim.ts'))}).default;`,
  };
  const partial = `${outFile}.${process.pid}.tmp`;
  await build({
    stdin: {
      contents: "import TRTCCalling from 'trtc-calling-js';\nexport default TRTCCalling;\n",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: partial,
    logLevel: 'warning',
    plugins: [
      {
        name: 'tencent-sdk-fakes',
        setup(b) {
          b.onResolve({ filter: /^(trtc-js-sdk|tim-js-sdk)$/ }, ({ path }) => ({ path, namespace: 'tencent-fake-shim' }));
          b.onLoad({ filter: /.*/, namespace: 'tencent-fake-shim' }, ({ path }) => ({ contents: shims[path], loader: 'js', resolveDir: fakes }));
        },
      },
    ],
  });
  renameSync(partial, outFile);
  writeFileSync(stamp, version);
  return outFile;
}
