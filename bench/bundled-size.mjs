// What call-elements costs a bundled app (a step of bench/size.mjs): builds examples/react with
// its own Vite (as `npm run build` there does, into a temporary folder), React and ReactDOM left
// external so that what remains is call-elements, Lit, @lit/react and the example's few lines,
// and returns every output chunk with its gzip -9 size and how the page loads it: the entry and
// its static imports are the first paint; the SIP chunk (our provider and JsSIP) and the other
// lazy chunks load later.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { installExamples } from '../scripts/examples.mjs';

const root = resolve(import.meta.dirname, '..');
const app = join(root, 'examples/react');
/** React itself is the app's cost, not ours: left out of the bundle. */
const REACT = /^react(?:-dom)?(?:\/|$)/;

/**
 * Builds the React example and sizes its chunks.
 * @param {{ sourcemap?: boolean }} [options] `sourcemap: true` adds each chunk's code and source
 *   map (for bench/size-breakdown.mjs)
 * @returns {Promise<{ file: string, gzip: number, entry: boolean, imports: string[], dynamicImports: string[], sip: boolean, code?: string, map?: object }[]>}
 */
export async function bundledAppChunks({ sourcemap = false } = {}) {
  installExamples();
  const { build } = await import(pathToFileURL(join(app, 'node_modules/vite/dist/node/index.js')).href);
  const outDir = mkdtempSync(join(tmpdir(), 'call-elements-react-'));
  try {
    const result = await build({
      root: app,
      configFile: join(app, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, sourcemap, rollupOptions: { external: (id) => REACT.test(id) } },
    });
    const output = (Array.isArray(result) ? result[0] : result).output;
    return output
      .filter((chunk) => chunk.type === 'chunk')
      .map((chunk) => ({
        file: chunk.fileName.replace(/^assets\//, ''),
        gzip: gzipSync(readFileSync(join(outDir, chunk.fileName)), { level: 9 }).length,
        entry: chunk.isEntry,
        imports: chunk.imports.map((f) => f.replace(/^assets\//, '')),
        dynamicImports: chunk.dynamicImports.map((f) => f.replace(/^assets\//, '')),
        sip: Object.keys(chunk.modules).some((id) => /providers[\\/]sip[\\/]jssip\.js$/.test(id)),
        ...(sourcemap ? { code: readFileSync(join(outDir, chunk.fileName), 'utf8'), map: JSON.parse(readFileSync(join(outDir, `${chunk.fileName}.map`), 'utf8')) } : {}),
      }));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
