#!/usr/bin/env node
// Size report of the CDN bundle (a step of `npm run bench`, or `node bench/size.mjs`): builds
// dist/cdn into a temporary folder twice — as shipped, and without the size work (literal
// minification, JsSIP trims) for comparison — and prints every entry and chunk, minified and
// gzipped (level 9), then what a page loads, against the budgets:
//   core entry (call-elements.js and its static chunks: four elements, controller, media,
//   quality; no provider) ≤ 20 KiB gz; a whole SIP page (that + the SIP/JsSIP chunk) ≤ 80 KiB gz.
// Budgets are printed, not enforced, unless BENCH_SIZE_STRICT=1 (then over budget exits 1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCdn, cdnSizes, CDN_ENTRIES, staticClosure } from '../scripts/build-cdn.mjs';

/** Budgets in KiB, gzipped. */
export const BUDGETS = { core: 20, sipPage: 80 };

const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(6);
const work = mkdtempSync(join(tmpdir(), 'call-elements-size-'));
try {
  const shipped = join(work, 'shipped');
  const plain = join(work, 'plain');
  await buildCdn(plain, { minifyLiterals: false });
  await buildCdn(shipped);
  const report = (dir) => {
    const sizes = cdnSizes(dir);
    const sip = sizes.find((s) => s.file.startsWith('sip-'));
    const pages = Object.keys(CDN_ENTRIES).map((name) => {
      const files = staticClosure(sizes, `${name}.js`);
      const sum = (key) => files.reduce((total, s) => total + s[key], 0);
      return { name, files: files.length, min: sum('min'), gzip: sum('gzip'), sipMin: sum('min') + (sip?.min ?? 0), sipGzip: sum('gzip') + (sip?.gzip ?? 0) };
    });
    return { sizes, pages };
  };
  const before = report(plain);
  const after = report(shipped);
  const lines = ['', 'CDN bundle (dist/cdn), KiB: minified, gzip -9', `${'file'.padEnd(28)}     min    gzip`];
  for (const s of after.sizes) lines.push(`${s.file.padEnd(28)} ${kib(s.min)}  ${kib(s.gzip)}`);
  lines.push('', 'What a page loads before a call (entry + its static chunks), then with the SIP chunk (JsSIP):');
  lines.push(`${'entry'.padEnd(22)} files     min    gzip |  + SIP min   gzip | without size work: gzip, + SIP`);
  for (const page of after.pages) {
    const was = before.pages.find((p) => p.name === page.name);
    lines.push(
      `${`${page.name}.js`.padEnd(22)} ${String(page.files).padStart(5)} ${kib(page.min)}  ${kib(page.gzip)} | ${kib(page.sipMin)}  ${kib(page.sipGzip)} | ${kib(was.gzip)} ${kib(was.sipGzip)}`,
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
    `  whole SIP page (call-elements.js + SIP chunk)          ${verdict(core.sipGzip, BUDGETS.sipPage)}`,
    `  phone-only SIP page (call-phone.js + SIP chunk)        ${verdict(phone.sipGzip, BUDGETS.sipPage)}`,
  );
  console.log(lines.join('\n'));
  const over = core.gzip / 1024 > BUDGETS.core || core.sipGzip / 1024 > BUDGETS.sipPage;
  if (over && process.env.BENCH_SIZE_STRICT === '1') process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
