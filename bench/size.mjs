#!/usr/bin/env node
// Size report (a step of `npm run bench`, or `node bench/size.mjs`), KiB of gzip -9, each file
// gzipped on its own as a server sends it:
// - the CDN bundle (dist/cdn), built into a temporary folder twice — as shipped, and without the
//   size work (literal minification, JsSIP trims) for comparison —: every entry and chunk, and
//   when a page loads each lazy one;
// - the React example built with Vite (bench/bundled-size.mjs), React itself left out: what the
//   same code costs a bundled app;
// then, for each build, what a page loads against the budgets:
//   first paint ≤ 40 KiB: the entry and its static chunks, all a page loads before its phone
//     renders and starts registering;
//   whole SIP page ≤ 95 KiB: that and every chunk it can load for SIP (the SIP/JsSIP chunk, the
//     calls' code, the zh-CN catalogue; another provider's chunk left out).
// Budgets are printed, not enforced, unless BENCH_SIZE_STRICT=1 (then over budget exits 1).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildCdn, cdnSizes, CDN_ENTRIES, fullClosure, providerOfChunk, staticClosure } from '../scripts/build-cdn.mjs';
import { bundledAppChunks } from './bundled-size.mjs';

const require = createRequire(import.meta.url);

/** Budgets in KiB, gzipped. */
export const BUDGETS = { firstPaint: 40, sipPage: 95 };

const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(6);
const sum = (files, key = 'gzip') => files.reduce((total, s) => total + s[key], 0);

/** When a page loads a lazy chunk, from the module it was built for. */
function whenLoaded(chunks, file) {
  const from = chunks[file]?.entry ?? '';
  const provider = providerOfChunk(chunks, file);
  if (provider) return `when a phone starts with provider="${provider}"`;
  if (from.endsWith('core/call-parts.ts')) return 'when a phone starts (calls’ code), before it registers';
  if (from.endsWith('call-phone/call-phone.call-views.ts')) return 'when a phone renders (templates of calls), after its first paint';
  if (isTabSharing(chunks, file)) return 'when a SIP phone starts (one phone across tabs), before it registers';
  if (/call-devices\/device-preview\.ts$|media\/level-meter\.ts$/.test(from)) return 'when a <call-devices> renders (level and preview), after its first paint';
  if (from.endsWith('call-quality-meter/call-quality-meter.details.ts')) return 'when a <call-quality-meter> renders (its details), after its first paint';
  if (/i18n\/[\w-]+\.ts$/.test(from)) return `on a page in ${from.replace(/^.*\/|\.ts$/g, '')}`;
  return 'when first used';
}

/** Whether `file` is the tab-sharing chunk (loaded with a provider that can be shared, SIP; not for TRTC). */
function isTabSharing(chunks, file) {
  return (chunks[file]?.entry ?? '').endsWith('core/tabs/shared-provider.ts');
}

const work = mkdtempSync(join(tmpdir(), 'call-elements-size-'));
const lines = [];
const verdicts = [];
const verdict = (what, value, budget) => {
  const within = value / 1024 <= budget;
  verdicts.push(within);
  return `  ${what.padEnd(44)} ${kib(value)} KiB vs ${budget}: ${within ? 'within' : `OVER by ${(value / 1024 - budget).toFixed(1)}`}`;
};
try {
  const shipped = join(work, 'shipped');
  const plain = join(work, 'plain');
  const plainMeta = await buildCdn(plain, { minifyLiterals: false });
  const shippedMeta = await buildCdn(shipped);
  const pages = (dir, metafile) => {
    const sizes = cdnSizes(dir);
    // A SIP page follows every dynamic import but another provider's.
    const forSip = (file) => (providerOfChunk(metafile, file) ?? 'sip') === 'sip';
    return {
      sizes,
      pages: Object.keys(CDN_ENTRIES).map((name) => {
        const idle = staticClosure(sizes, `${name}.js`);
        const sip = fullClosure(sizes, `${name}.js`, forSip);
        return { name, files: idle.length, min: sum(idle, 'min'), gzip: sum(idle), sipFiles: sip.length, sipMin: sum(sip, 'min'), sipGzip: sum(sip) };
      }),
    };
  };
  /** A page with the four per-element entries (what `call-elements.js` defines, without the API exports). */
  const elementsPage = (dir, metafile) => {
    const sizes = cdnSizes(dir);
    const forSip = (file) => (providerOfChunk(metafile, file) ?? 'sip') === 'sip';
    const entries = Object.keys(CDN_ENTRIES).filter((name) => name !== 'call-elements').map((name) => `${name}.js`);
    const union = (closure) => [...new Set(entries.flatMap((entry) => closure(sizes, entry)))];
    return { gzip: sum(union(staticClosure)), sipGzip: sum(union((all, entry) => fullClosure(all, entry, forSip))) };
  };
  const before = pages(plain, plainMeta);
  const after = pages(shipped, shippedMeta);
  const lazy = new Set(after.sizes.flatMap((s) => s.dynamic));
  lines.push('', 'CDN bundle (dist/cdn), KiB: minified, gzip -9', `${'file'.padEnd(28)}     min    gzip  loaded`);
  for (const s of after.sizes) lines.push(`${s.file.padEnd(28)} ${kib(s.min)}  ${kib(s.gzip)}  ${lazy.has(s.file) ? whenLoaded(shippedMeta, s.file) : ''}`);
  lines.push('', 'Per CDN entry: first paint (entry + static chunks), then the whole SIP page (+ every chunk it can load for SIP):');
  lines.push(`${'entry'.padEnd(22)} files     min    gzip | files  SIP min   gzip | without size work: gzip, SIP`);
  for (const page of after.pages) {
    const was = before.pages.find((p) => p.name === page.name);
    lines.push(
      `${`${page.name}.js`.padEnd(22)} ${String(page.files).padStart(5)} ${kib(page.min)}  ${kib(page.gzip)} | ${String(page.sipFiles).padStart(5)} ${kib(page.sipMin)} ${kib(page.sipGzip)} | ${kib(was.gzip)} ${kib(was.sipGzip)}`,
    );
  }

  const four = elementsPage(shipped, shippedMeta);
  lines.push(`${'the four element entries'.padEnd(22)}       ${' '.repeat(6)}  ${kib(four.gzip)} |       ${' '.repeat(6)} ${kib(four.sipGzip)} |`);

  const app = await bundledAppChunks();
  const byFile = new Map(app.map((c) => [c.file, c]));
  const entry = app.find((c) => c.entry);
  const firstPaint = [];
  const walk = (chunk) => {
    if (!chunk || firstPaint.includes(chunk)) return;
    firstPaint.push(chunk);
    for (const next of chunk.imports) walk(byFile.get(next));
  };
  walk(entry);
  const forSip = app.filter((c) => !firstPaint.includes(c) && !/^trtc-/.test(c.file));
  lines.push('', 'The React example built with Vite (examples/react, `vite build`; React and ReactDOM left out), KiB gzip -9:');
  for (const c of app) lines.push(`${c.file.padEnd(28)}         ${kib(c.gzip)}  ${firstPaint.includes(c) ? 'first paint' : c.sip ? 'when a phone starts (SIP provider + JsSIP)' : /^trtc-/.test(c.file) ? 'when a phone starts with provider="trtc"' : /^call-parts-/.test(c.file) ? 'when a phone starts (calls’ code)' : /^call-phone\.call-views-/.test(c.file) ? 'when a phone renders (templates of calls), after its first paint' : /^(?:device-preview|level-meter)-/.test(c.file) ? 'when a <call-devices> renders (level and preview), after its first paint' : /^call-quality-meter\.details-/.test(c.file) ? 'when a <call-quality-meter> renders (its details), after its first paint' : /^shared-provider-/.test(c.file) ? 'when a SIP phone starts (one phone across tabs)' : /^zh-CN-/.test(c.file) ? 'on a page in zh-CN' : 'lazily'}`);

  const cdn = (name) => after.pages.find((p) => p.name === name);
  // A TRTC page: the phone, its TRTC chunk and the calls' code, plus Tencent's SDKs as the page
  // loads them (the ES modules the provider imports), beside Tencent's own TRTCCalling stack.
  const gzipOf = (specifier) => gzipSync(readFileSync(require.resolve(specifier)), { level: 9 }).length;
  const versionOf = (name) => require(`${name}/package.json`).version;
  const sdks = gzipOf('trtc-js-sdk/trtc.esm.js') + gzipOf('tim-js-sdk/tim-js.es.js');
  // The current generation as the README's ES-module example loads it: chat's core and its signalling module.
  const sdks5 = gzipOf('trtc-sdk-v5/trtc.esm.js') + gzipOf('@tencentcloud/chat/index.es.js') + gzipOf('@tencentcloud/chat/modules/signaling-module.js');
  const trtcOnly = (file) => (providerOfChunk(shippedMeta, file) ?? 'trtc') === 'trtc' && !isTabSharing(shippedMeta, file);
  const trtcPage = sum(fullClosure(after.sizes, 'call-phone.js', trtcOnly));
  const trtcCalling = gzipOf('trtc-calling-js') + gzipOf('tsignaling') + sdks;
  lines.push(
    '',
    'A TRTC page, KiB gzip -9 (Tencent’s SDKs as the page loads them):',
    `  call-phone.js + all it loads for TRTC                ${kib(trtcPage)}`,
    `  + trtc-js-sdk ${versionOf('trtc-js-sdk')} and tim-js-sdk ${versionOf('tim-js-sdk')} (ES modules)   ${kib(sdks)}  = ${kib(trtcPage + sdks).trim()}`,
    `  + trtc-sdk-v5 ${versionOf('trtc-sdk-v5')} and @tencentcloud/chat ${versionOf('@tencentcloud/chat')} (+ its signalling module) ${kib(sdks5)}  = ${kib(trtcPage + sdks5).trim()}`,
    `  Tencent's TRTCCalling ${versionOf('trtc-calling-js')} stack (+ tsignaling ${versionOf('tsignaling')}, no UI)  ${kib(trtcCalling)}`,
  );
  lines.push(
    '',
    `Budgets (first paint ≤ ${BUDGETS.firstPaint} KiB, whole SIP page ≤ ${BUDGETS.sipPage} KiB):`,
    verdict('CDN call-phone.js, first paint', cdn('call-phone').gzip, BUDGETS.firstPaint),
    verdict('CDN call-phone.js, whole SIP page', cdn('call-phone').sipGzip, BUDGETS.sipPage),
    verdict('CDN, the four element entries, first paint', four.gzip, BUDGETS.firstPaint),
    verdict('CDN, the four element entries, whole SIP page', four.sipGzip, BUDGETS.sipPage),
    verdict('CDN call-elements.js, first paint', cdn('call-elements').gzip, BUDGETS.firstPaint),
    verdict('CDN call-elements.js, whole SIP page', cdn('call-elements').sipGzip, BUDGETS.sipPage),
    verdict('React + Vite (all four elements), first paint', sum(firstPaint), BUDGETS.firstPaint),
    verdict('React + Vite, whole SIP page', sum(firstPaint) + sum(forSip), BUDGETS.sipPage),
  );
  console.log(lines.join('\n'));
  if (verdicts.includes(false) && process.env.BENCH_SIZE_STRICT === '1') process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
