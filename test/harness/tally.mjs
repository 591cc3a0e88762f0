// Test counts for scripts/test.mjs: read from node:test's TAP summary and from the browser
// runner's counting reporter, summed, and printed as the run's last line.

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/** @returns {Counts} */
export function emptyCounts() {
  return { passed: 0, failed: 0, skipped: 0 };
}

/**
 * Counts from the summary node:test writes at the end of its TAP output
 * (`# pass N`, `# fail N`, `# cancelled N`, `# skipped N`, `# todo N`).
 * Cancelled tests count as failed, todo tests as skipped.
 * @param {string} tap
 * @returns {Counts & { found: boolean }}
 */
export function parseTapSummary(tap) {
  const read = (name) => {
    const match = new RegExp(`^# ${name} (\\d+)\\s*$`, 'm').exec(tap);
    return match ? Number(match[1]) : undefined;
  };
  const pass = read('pass');
  return {
    found: pass !== undefined,
    passed: pass ?? 0,
    failed: (read('fail') ?? 0) + (read('cancelled') ?? 0),
    skipped: (read('skipped') ?? 0) + (read('todo') ?? 0),
  };
}

/**
 * Adds the counts of one runner to `totals`. A runner that exited non-zero without
 * reporting a failure (it crashed, or a file failed to load) counts as one failure.
 * @param {Counts} totals
 * @param {Counts | undefined} counts  undefined when the runner reported nothing
 * @param {number} exitCode
 */
export function addRunner(totals, counts, exitCode) {
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  if (!counts || (exitCode !== 0 && counts.failed === 0)) totals.failed++;
  return totals;
}

/** The last line of `npm test`: `N passed, N failed` and `, N skipped` when any were. */
export function formatCounts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}
