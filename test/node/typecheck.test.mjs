// The whole project type-checks (`tsc --noEmit -p tsconfig.json`): source, tests, and the
// type-level tests that hold the Tencent SDKs' shipped types to the narrow interfaces the TRTC
// adapters use (test/types/trtc-sdk-conformance.ts) and the SDK fakes to the real SDK types
// (test/fakes/tencent/conformance.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const root = join(import.meta.dirname, '..', '..');

test('tsc --noEmit passes for src and test, SDK conformance included', () => {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
});
