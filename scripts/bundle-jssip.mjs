// JsSIP is CommonJS with circular requires, which on-the-fly CJS→ESM conversion in the test
// server cannot handle: bundle it once into a single ESM file (rebuilt when its version changes).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Bundles jssip to `outFile` (ESM) unless it is already built for the installed version. */
export async function bundleJssip(outFile) {
  const version = JSON.parse(readFileSync(require.resolve('jssip/package.json'), 'utf8')).version;
  const stamp = `${outFile}.version`;
  if (existsSync(outFile) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return outFile;
  mkdirSync(dirname(outFile), { recursive: true });
  await build({
    stdin: { contents: "export * from 'jssip'; export { default } from 'jssip';", resolveDir: dirname(require.resolve('jssip/package.json')), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: outFile,
    logLevel: 'warning',
  });
  writeFileSync(stamp, version);
  return outFile;
}

/** Default location used by the test runner. */
export const JSSIP_ESM = join(import.meta.dirname, '..', '.cache', 'jssip.esm.js');
