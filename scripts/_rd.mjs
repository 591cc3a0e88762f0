import { build } from 'rolldown';
import { CDN_ENTRIES, cdnSizes, fullClosure, staticClosure } from './build-cdn.mjs';
const out = '/tmp/rd-cdn';
const t0 = Date.now();
await build({
  input: CDN_ENTRIES,
  platform: 'browser',
  transform: { define: { 'process.env.NODE_ENV': '"production"' }, decorator: { legacy: true }, target: 'es2022' },
  tsconfig: 'tsconfig.json',
  output: { dir: out, format: 'esm', minify: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', legalComments: 'none',
    advancedChunks: process.env.GROUPS ? { groups: [{ name: 'shared', minShareCount: 1, minSize: 0 , test: /src[\\/](core|media|quality|i18n[\\/]en|elements|base)|node_modules[\\/](lit|lit-html|lit-element|@lit)/ }] } : undefined },
  logLevel: 'warn',
});
console.log('ms', Date.now() - t0);
const sizes = cdnSizes(out);
for (const s of sizes) console.log(s.file.padEnd(30), (s.gzip/1024).toFixed(1));
for (const e of ['call-phone.js', 'call-elements.js']) {
  const st = staticClosure(sizes, e), all = fullClosure(sizes, e, (f) => !f.startsWith('trtc'));
  console.log(e, st.length, (st.reduce((a, s) => a + s.gzip, 0)/1024).toFixed(1), all.length, (all.reduce((a, s) => a + s.gzip, 0)/1024).toFixed(1));
}
