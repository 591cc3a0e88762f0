// Splits the browser test files of one engine into shards, for scripts/test.mjs: each shard is
// its own web-test-runner run in its own loopback-only network namespace (its own servers on the
// same fixed ports), so the shards run side by side. Balanced by each file's measured time
// (test/harness/file-durations.json, written by `CALL_ELEMENTS_RECORD_DURATIONS=1 npm test`);
// a file missing from it (a new one) is estimated from its number of tests and the measured time
// per test of its folder, so it needs no entry to be run, only for a better balance.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
// globby 11: what web-test-runner expands its `files` with, so the shards see the same files.
import globby from 'globby';

const root = resolve(import.meta.dirname, '..', '..');
/** Measured time of each browser file's tests (ms), by engine then path from the repository root. */
export const DURATIONS_FILE = join(root, 'test', 'harness', 'file-durations.json');
/**
 * What a file costs besides its tests' own time (page load, module compilation, hooks): added to
 * every file's weight. The total run minus the sum of the tests' times, over the files: ~1.5 s.
 */
const FILE_OVERHEAD_MS = 1500;
/** Time per test when nothing of a folder was measured yet. */
const DEFAULT_MS_PER_TEST = { 'test/e2e': 4000, default: 300 };

/** The files the globs (with `!negations`) match, as paths from the repository root, sorted. */
export function expandGlobs(globs) {
  return globby.sync(globs, { cwd: root }).sort();
}

/** `{ path: ms }` measured for `engine`, or `{}`. */
export function readDurations(engine, file = DURATIONS_FILE) {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'))[engine] ?? {};
  } catch {
    return {};
  }
}

/** How many tests a file declares (`it(`, `it.skip(`, `test(`): for files not measured yet. */
function countTests(path) {
  try {
    return Math.max(1, (readFileSync(join(root, path), 'utf8').match(/(^|[^\w.$])(it|test)(\.skip|\.only)?\(/gm) ?? []).length);
  } catch {
    return 1;
  }
}

const folderOf = (path) => (path.startsWith('test/e2e/') ? 'test/e2e' : 'default');

/** Each file's expected time (ms): measured, else estimated. */
export function weigh(paths, durations) {
  // Measured time per test, by folder, from the files that were measured.
  const perFolder = {};
  for (const [path, ms] of Object.entries(durations)) {
    const folder = (perFolder[folderOf(path)] ??= { ms: 0, tests: 0 });
    folder.ms += ms;
    folder.tests += countTests(path);
  }
  return paths.map((path) => {
    if (durations[path] !== undefined) return { path, ms: durations[path] + FILE_OVERHEAD_MS, measured: true };
    const folder = perFolder[folderOf(path)];
    const perTest = folder?.tests ? folder.ms / folder.tests : DEFAULT_MS_PER_TEST[folderOf(path)];
    return { path, ms: countTests(path) * perTest + FILE_OVERHEAD_MS, measured: false };
  });
}

/**
 * Splits `paths` into `count` shards of about equal expected time: the longest file first onto
 * the shard with the least so far (deterministic: ties go to the lower shard, then by path).
 * `offsets[i]`: time shard i starts late by (ms), counted as work it already has. `pinned`:
 * `{ path: shard }` for files that must run in one shard (they are placed first).
 * @returns {{ files: string[], ms: number }[]}
 */
export function splitIntoShards(paths, count, { durations = {}, offsets = [], pinned = {} } = {}) {
  const shards = Array.from({ length: count }, (_, i) => ({ files: [], ms: offsets[i] ?? 0 }));
  const weighed = weigh(paths, durations).sort((a, b) => b.ms - a.ms || a.path.localeCompare(b.path));
  for (const { path, ms } of weighed) {
    if (pinned[path] === undefined) continue;
    shards[Math.min(pinned[path], count - 1)].files.push(path);
    shards[Math.min(pinned[path], count - 1)].ms += ms;
  }
  for (const { path, ms } of weighed) {
    if (pinned[path] !== undefined) continue;
    const lightest = shards.reduce((best, shard) => (shard.ms < best.ms ? shard : best));
    lightest.files.push(path);
    lightest.ms += ms;
  }
  for (const shard of shards) shard.files.sort();
  return shards;
}

/** `{ path: ms }` from counting-reporter files lists (absolute paths), paths from the root. */
export function durationsOf(fileLists) {
  const out = {};
  for (const { file, ms } of fileLists.flat()) out[relative(root, file)] = Math.round(ms);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
