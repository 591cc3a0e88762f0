#!/usr/bin/env node
// Size report of the CDN bundle (a step of `npm run bench`, or `node bench/size.mjs`): builds
// dist/cdn into a temporary folder twice — as shipped, and without the size work (literal
// minification, JsSIP trims) for comparison — and prints every entry and chunk, minified and
// gzipped (level 9), then what a page loads, against the budgets:
//   core entry (call-elements.js and its static chunks: four elements, controller, media,
//   quality; no provider; what an idle page loads) ≤ 20 KiB gz;
//   a whole SIP page (that + every chunk it can load for SIP: the SIP/JsSIP chunk and every
//   lazy chunk — translation, … —, other providers' chunks left out) ≤ 80 KiB gz.
// Budgets are printed, not enforced, unless BENCH_SIZE_STRICT=1 (then over budget exits 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCdn, cdnSizes, CDN_ENTRIES, fullClosure, providerOfChunk, staticClosure } from '../scripts/build-cdn.mjs';

/** Budgets in KiB, gzipped. */
export const BUDGETS = { core: 20, sipPage: 80 };

const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(6);
const work = mkdtempSync(join(tmpdir(), 'call-elements-size-'));
try {
  const shipped = join(work, 'shipped');
  const plain = join(work, 'plain');
  const plainMeta = await buildCdn(plain, { minifyLiterals: false });
  const shippedMeta = await buildCdn(shipped);
  const report = (dir, metafile) => {
    const sizes = cdnSizes(dir);
    const provider = (file) => providerOfChunk(metafile, file);
    // A SIP page follows every dynamic import but another provider's.
    const forSip = (file) => (provider(file) ?? 'sip') === 'sip';
    const lazy = new Set(sizes.flatMap((s) => s.dynamic));
    const pages = Object.keys(CDN_ENTRIES).map((name) => {
      const idle = staticClosure(sizes, `${name}.js`);
      const sip = fullClosure(sizes, `${name}.js`, forSip);
      const sum = (files, key) => files.reduce((total, s) => total + s[key], 0);
      return { name, files: idle.length, min: sum(idle, 'min'), gzip: sum(idle, 'gzip'), sipFiles: sip.length, sipMin: sum(sip, 'min'), sipGzip: sum(sip, 'gzip') };
    });
    return { sizes, pages, lazy, provider };
  };
  const before = report(plain, plainMeta);
  const after = report(shipped, shippedMeta);
  const lines = ['', 'CDN bundle (dist/cdn), KiB: minified, gzip -9', `${'file'.padEnd(28)}     min    gzip  loaded`];
  for (const s of after.sizes) {
    const how = after.lazy.has(s.file) ? `lazily${after.provider(s.file) ? ` (the ${after.provider(s.file)} provider)` : ''}` : '';
    lines.push(`${s.file.padEnd(28)} ${kib(s.min)}  ${kib(s.gzip)}  ${how}`);
  }
  lines.push('', 'What a page loads before a call (entry + its static chunks), then everything it can load for SIP (+ the SIP/JsSIP chunk and every lazy chunk):');
  lines.push(`${'entry'.padEnd(22)} files     min    gzip | files  SIP min   gzip | without size work: gzip, SIP`);
  for (const page of after.pages) {
    const was = before.pages.find((p) => p.name === page.name);
    lines.push(
      `${`${page.name}.js`.padEnd(22)} ${String(page.files).padStart(5)} ${kib(page.min)}  ${kib(page.gzip)} | ${String(page.sipFiles).padStart(5)} ${kib(page.sipMin)} ${kib(page.sipGzip)} | ${kib(was.gzip)} ${kib(was.sipGzip)}`,
    );
  }
  const core = after.pages.find((p) => p.name === 'call-elements');
  const phone = after.pages.find((p) => p.name === 'call-phone');
  const verdict = (value, budget) => `${kib(value)} KiB gz vs budget ${budget} KiB: ${value / 1024 <= budget ? 'within' : `OVER by ${(value / 1024 - budget).toFixed(1)} KiB`}`;
  lines.push(
    '',
    'Budgets:',
    `  core entry (call-elements.js, all four elements)      ${verdict(core.gzip, BUDGETS.core)}`,
    `  phone-only entry (call-phone.js)                      ${verdict(phone.gzip, BUDGETS.core)}`,
    `  whole SIP page (call-elements.js + all it can load)   ${verdict(core.sipGzip, BUDGETS.sipPage)}`,
    `  phone-only SIP page (call-phone.js + all it can load) ${verdict(phone.sipGzip, BUDGETS.sipPage)}`,
  );
  console.log(lines.join('\n'));
  const over = core.gzip / 1024 > BUDGETS.core || core.sipGzip / 1024 > BUDGETS.sipPage;
  if (over && process.env.BENCH_SIZE_STRICT === '1') process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
