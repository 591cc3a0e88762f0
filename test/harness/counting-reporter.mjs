// A web-test-runner reporter that counts passed, failed and skipped tests over all sessions
// and writes them as JSON to a file, for scripts/test.mjs's summary line. Use it beside the
// default reporter, which prints the readable output.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * Counts one session's results (`session.testResults`: suites of tests, nested).
 * A session that failed with no failing test (the file did not load, an error outside a
 * test, a hook failed, the browser timed out) counts as one failure.
 * @returns {{ passed: number, failed: number, skipped: number }}
 */
export function countSession(session) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const walk = (suite) => {
    if (!suite) return;
    for (const test of suite.tests ?? []) {
      if (test.skipped) counts.skipped++;
      else if (test.passed) counts.passed++;
      else counts.failed++;
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  walk(session.testResults);
  if (session.passed === false && counts.failed === 0) counts.failed++;
  return counts;
}

/** Sums `countSession` over sessions. */
export function countSessions(sessions) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const session of sessions) {
    const counts = countSession(session);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  return totals;
}

/** The time each test file's tests took (sum of their durations, ms), slowest first. */
export function fileDurations(sessions) {
  const byFile = new Map();
  const walk = (suite, file) => {
    if (!suite) return;
    for (const test of suite.tests ?? []) byFile.set(file, (byFile.get(file) ?? 0) + (test.duration ?? 0));
    for (const child of suite.suites ?? []) walk(child, file);
  };
  for (const session of sessions) walk(session.testResults, session.testFile);
  return [...byFile].map(([file, ms]) => ({ file, ms })).sort((a, b) => b.ms - a.ms);
}

/**
 * The tests that failed, as `file › suite › test: first line of the error`, and a failed file
 * with no failing test as `file: its error`: printed again at the end of `npm test`, where a
 * log's tail shows them.
 */
export function failures(sessions) {
  const found = [];
  const firstLine = (error) => String(error?.message ?? error ?? 'failed').split('\n')[0].slice(0, 300);
  const walk = (suite, path) => {
    if (!suite) return;
    for (const test of suite.tests ?? []) {
      if (!test.skipped && !test.passed) found.push(`${[...path, test.name].join(' › ')}: ${firstLine(test.error)}`);
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.name]);
  };
  for (const session of sessions) {
    const before = found.length;
    walk(session.testResults, [relative(process.cwd(), session.testFile)]);
    if (session.passed === false && found.length === before) found.push(`${relative(process.cwd(), session.testFile)}: ${firstLine(session.errors?.[0])}`);
  }
  return found;
}

/**
 * @param {{ file?: string }} options  where to write `{ passed, failed, skipped, files, failures }` (files:
 *   {@link fileDurations}, for the suite's time budget)
 * @returns {import('@web/test-runner').Reporter}
 */
export function countingReporter({ file } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = countSessions(sessions);
      if (file) writeFileSync(file, JSON.stringify({ ...totals, files: fileDurations(sessions), failures: failures(sessions) }));
    },
  };
}
