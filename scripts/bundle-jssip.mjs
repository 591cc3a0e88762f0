// JsSIP is CommonJS with circular requires, which on-the-fly CJS→ESM conversion in a dev
// server cannot handle: bundle it once into a single ESM file, rebuilt only when the installed
// jssip version changes. Used by the browser tests (web-test-runner.config.mjs); the library
// build and the demo may reuse it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
/** Changes when the bundle's shape changes, so old bundles get rebuilt. */
const FORMAT = 'esm-named-1';

/** Where the test runner keeps the bundle. */
export const JSSIP_ESM = join(import.meta.dirname, '..', '.cache', 'jssip.esm.js');

/**
 * Bundles jssip to `outFile` as ESM (default and named exports), unless it is already built
 * for the installed version (recorded in `<outFile>.version`). Returns `outFile`.
 * @param {string} [outFile]
 */
export async function bundleJssip(outFile = JSSIP_ESM) {
  const packageJson = require.resolve('jssip/package.json');
  const version = `${JSON.parse(readFileSync(packageJson, 'utf8')).version} ${FORMAT}`;
  const stamp = `${outFile}.version`;
  if (existsSync(outFile) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return outFile;
  mkdirSync(dirname(outFile), { recursive: true });
  // The default export is JsSIP's module.exports; its properties (UA, WebSocketInterface, …)
  // are also named exports, as Node's CommonJS interop would give them.
  const names = Object.keys(require('jssip')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  const contents = [
    "import JsSIP from 'jssip';",
    'export default JsSIP;',
    ...names.map((name) => `export const ${name} = JsSIP[${JSON.stringify(name)}];`),
  ].join('\n');
  // Build beside the target and rename, so a concurrent run never reads half a file.
  const partial = `${outFile}.${process.pid}.tmp`;
  await build({
    stdin: {
      contents,
      resolveDir: dirname(packageJson),
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: partial,
    logLevel: 'warning',
  });
  renameSync(partial, outFile);
  writeFileSync(stamp, version);
  return outFile;
}
