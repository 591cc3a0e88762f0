#!/usr/bin/env node
// Where the bytes go: each chunk of the CDN build and of the Vite-built React example, split by
// source module through its source map. A module's share of a chunk's gzip -9 size is estimated
// as the gzip of its own minified text scaled so that the shares add up to the chunk's size (so
// a module that repeats what its neighbours say counts less than alone).
//
//   node bench/size-breakdown.mjs                 every chunk, its 12 largest modules
//   node bench/size-breakdown.mjs --most 40       more modules per chunk
//   node bench/size-breakdown.mjs --cdn | --vite  one build only
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';
import { buildCdn } from '../scripts/build-cdn.mjs';
import { bundledAppChunks } from './bundled-size.mjs';

const args = process.argv.slice(2);
const most = Number(args[args.indexOf('--most') + 1]) || 12;
const gz = (text) => gzipSync(text, { level: 9 }).length;

/** A readable name for a source of a map: the package, or the path in the repository. */
function label(source) {
  const path = source.replace(/^(?:\.\.\/)+/, '').replace(/\\/g, '/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (pkg && pkg[1] === 'call-elements') return `dist/${pkg[2].replace(/^dist\//, '')}`;
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  return path;
}

/**
 * The gzip share of each source in `code`, by its source map.
 * @param {string} code
 * @param {{ sources: string[], mappings: string }} map
 * @returns {Map<string, number>} source → estimated gzip bytes
 */
export function shares(code, map) {
  const lines = code.split('\n');
  const text = new Map();
  const add = (source, part) => text.set(source, (text.get(source) ?? '') + part);
  decode(map.mappings).forEach((segments, line) => {
    const row = lines[line] ?? '';
    let last = 0;
    let owner = '(unmapped)';
    for (const segment of segments) {
      add(owner, row.slice(last, segment[0]));
      last = segment[0];
      owner = segment.length > 1 ? label(map.sources[segment[1]] ?? '?') : '(unmapped)';
    }
    add(owner, `${row.slice(last)}\n`);
  });
  const alone = new Map([...text].map(([source, part]) => [source, gz(part)]));
  const total = gz(code);
  const sumAlone = [...alone.values()].reduce((a, b) => a + b, 0);
  return new Map([...alone].map(([source, size]) => [source, (size * total) / sumAlone]).sort((a, b) => b[1] - a[1]));
}

function print(title, chunks) {
  console.log(`\n${title}`);
  for (const { file, code, map } of chunks) {
    const split = shares(code, map);
    console.log(`\n${file}: ${(gz(code) / 1024).toFixed(1)} KiB gzip`);
    for (const [source, size] of [...split].slice(0, most)) console.log(`  ${(size / 1024).toFixed(2).padStart(6)}  ${source}`);
    if (split.size > most) console.log(`  ${(([...split].slice(most).reduce((a, [, s]) => a + s, 0)) / 1024).toFixed(2).padStart(6)}  ${split.size - most} more`);
  }
}

if (!args.includes('--vite')) {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-breakdown-'));
  try {
    await buildCdn(dir, { sourcemap: true });
    // A file of a few re-exports has no map.
    const files = readdirSync(dir).filter((f) => f.endsWith('.js') && existsSync(join(dir, `${f}.map`))).sort();
    print(
      'CDN build (dist/cdn), estimated gzip KiB per source module:',
      files.map((file) => ({ file, code: readFileSync(join(dir, file), 'utf8'), map: JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!args.includes('--cdn')) {
  print('React example built with Vite, estimated gzip KiB per source module:', (await bundledAppChunks({ sourcemap: true })).map(({ file, code, map }) => ({ file, code, map })));
}
