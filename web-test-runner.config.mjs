// Browser tests: real Debian Chromium with fake media devices, the development SIP servers
// started in-process, JsSIP pre-bundled to ESM. Run through scripts/test.mjs (`npm test`),
// which loads this file with tsx (so it can import dev-server/*.ts) and, as root, inside a
// loopback-only network namespace.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { JSSIP_ESM, bundleJssip } from './scripts/bundle-jssip.mjs';
import { startDevSipServer } from './dev-server/index.ts';

const netns = process.env.CALL_ELEMENTS_NETNS === '1';
const users = { alice: 'alice-secret', bob: 'bob-secret' };
const servers = {};

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const env = {};

/** Starts the SIP servers and serves `/__test-env.js` and the JsSIP bundle. */
const sipServersPlugin = {
  name: 'call-elements-test-servers',
  async serverStart() {
    await bundleJssip(JSSIP_ESM);
    const log = process.env.CALL_ELEMENTS_SIP_LOG === '1' ? (line) => console.log(`[sip] ${line}`) : undefined;
    servers.open = await startDevSipServer({ log });
    servers.auth = await startDevSipServer({ users, realm: 'tests' });
    Object.assign(env, {
      sipUrl: servers.open.url,
      sipAuthUrl: servers.auth.url,
      unreachableSipUrl: `ws://127.0.0.1:${await closedPort()}/sip`,
      users,
      netns,
    });
  },
  async serverStop() {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  },
  resolveImport({ source }) {
    if (source === 'jssip') return '/.cache/jssip.esm.js';
    return undefined;
  },
  serve(context) {
    if (context.path === '/__test-env.js') return { body: `export const testEnv = ${JSON.stringify(env)};`, type: 'js' };
    return undefined;
  },
  executeCommand({ command, payload }) {
    if (command === 'sip-stats') return servers[payload?.server ?? 'open'].server.stats();
    if (command === 'sip-reset-stats') {
      servers[payload?.server ?? 'open'].server.resetStats();
      return true;
    }
    return undefined;
  },
};

/** Writes pass/fail/skip counts for scripts/test.mjs. */
function countingReporter(file) {
  const count = (suite, totals) => {
    for (const test of suite.tests ?? []) {
      if (test.skipped) totals.skipped++;
      else if (test.passed) totals.passed++;
      else totals.failed++;
    }
    for (const child of suite.suites ?? []) count(child, totals);
  };
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.failed + totals.passed + totals.skipped;
        if (session.testResults) count(session.testResults, totals);
        const ran = totals.failed + totals.passed + totals.skipped - before;
        if (!session.passed && ran === 0) totals.failed++;
        else if (!session.passed && (session.errors?.length ?? 0) > 0 && totals.failed === 0) totals.failed++;
      }
      if (file) writeFileSync(file, JSON.stringify(totals));
    },
  };
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default {
  files: process.env.CALL_ELEMENTS_FILES ? process.env.CALL_ELEMENTS_FILES.split(',') : ['src/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 900_000,
  testFramework: { config: { timeout: 20_000 } },
  filterBrowserLogs: ({ type }) => type === 'error' || type === 'warn' || process.env.CALL_ELEMENTS_VERBOSE === '1',
  plugins: [
    sipServersPlugin,
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        headless: true,
        userDataDir: mkdtempSync(join(tmpdir(), 'call-elements-chromium-')),
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          '--autoplay-policy=no-user-gesture-required',
          ...(netns ? ['--allow-loopback-in-peer-connection'] : []),
        ],
      },
    }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countingReporter(process.env.CALL_ELEMENTS_COUNTS)],
};
