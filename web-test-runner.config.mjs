// Browser tests: real Chromium with fake media devices, the development SIP servers started
// in-process, JsSIP pre-bundled to ESM. Run it through scripts/test.mjs (`npm test`), which
// loads this file with `node --import tsx` (so it can import dev-server/*.ts) and, as root,
// inside a loopback-only network namespace (CALL_ELEMENTS_NETNS=1).
//
// Environment:
//   CHROMIUM_PATH          the browser (default /usr/bin/chromium; Chromium or Chrome >= 120)
//   FIREFOX_PATH           Firefox for the Firefox pass (default /usr/bin/firefox-esr)
//   CALL_ELEMENTS_BROWSER  chromium (default), firefox or webkit: the engine of this run
//   CALL_ELEMENTS_FILES    comma-separated globs replacing the default test files (scripts/test.mjs
//                          gives each Chromium shard its share of the files this way)
//   CALL_ELEMENTS_COUNTS   file the counting reporter writes { passed, failed, skipped } to
//   CALL_ELEMENTS_NETNS=1  set by scripts/test.mjs inside the namespace: loopback ICE allowed
//   CALL_ELEMENTS_VERBOSE=1  show every browser log line, not only errors and warnings
//   CALL_ELEMENTS_SIP_LOG=1  log the open SIP server's traffic
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { CHROMIUM_FILES, POLICY_FILES, chromiumArgs, chromiumPath, firefoxLaunchOptions } from './test/harness/engines.mjs';
import { JSSIP_ESM, bundleJssip } from './scripts/bundle-jssip.mjs';
import { bundleTrtcCalling } from './test/harness/trtc-calling-bundle.mjs';
import { countingReporter } from './test/harness/counting-reporter.mjs';
import { cspPlugin } from './test/harness/csp-plugin.mjs';
import { examplesPlugin } from './test/harness/examples-plugin.mjs';
import { peerPlugin } from './test/harness/peer-plugin.mjs';
import { webkitLauncher } from './test/harness/webkit-launcher.mjs';
import { startDevSipServer } from './dev-server/index.ts';
import { KAMAILIO, startKamailio } from './test/servers/kamailio.mjs';
import { CLUSTER_NODES, clusterContacts, startClusterNode } from './test/servers/kamailio-cluster.mjs';
import { sippResult, startSipp, stopAllSipp } from './test/servers/sipp.mjs';
import { TURN, startCoturn } from './test/servers/coturn.mjs';
import { startImpairmentProxy } from './test/servers/netem.mjs';
import { startRtpengine } from './test/servers/rtpengine.mjs';
import { startBaresip } from './test/servers/baresip.mjs';

const root = import.meta.dirname;
const netns = process.env.CALL_ELEMENTS_NETNS === '1';
const verbose = process.env.CALL_ELEMENTS_VERBOSE === '1';
const users = { alice: 'alice-secret', bob: 'bob-secret' };

/** The running SIP servers by name, as the `sip-stats` commands know them. */
const servers = {};
/** Real servers (Kamailio, sipp, coturn) bind fixed loopback ports: only inside our namespace. */
const realServers = netns && existsSync('/usr/sbin/kamailio');
let kamailio;
let coturn;
let impairment;
let rtpengine;
let baresip;
/** The running nodes of examples/kamailio-cluster by name (`a`, `b`). */
const clusterNodes = {};
const performanceSessions = new Map();
/** CDP sessions of the `heap-after-gc` command, one per page. */
const heapSessions = new Map();

async function restartKamailio(auth, withRtpengine = false) {
  if (kamailio && kamailio.auth === auth && kamailio.rtpengine === withRtpengine) return true;
  await kamailio?.stop();
  kamailio = await startKamailio({ auth, rtpengine: withRtpengine });
  return true;
}

/** The running baresip, or an error saying to start it. */
function runningBaresip() {
  if (!baresip) throw new Error('baresip is not running (baresip-start first)');
  return baresip;
}
/** What `/__test-env.js` exports as `testEnv` (see test/harness/env.ts). */
const env = {};

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function serverNamed(payload) {
  const name = payload?.server ?? 'open';
  const server = servers[name];
  if (!server) throw new Error(`No test SIP server named "${name}" (there are: ${Object.keys(servers).join(', ')})`);
  return server.server;
}

/**
 * Starts the SIP servers before the run and stops them after; serves `/__test-env.js`;
 * resolves `jssip` to the ESM bundle; answers the `sip-stats` and `sip-reset-stats` commands.
 */
const testServersPlugin = {
  name: 'call-elements-test-servers',
  async serverStart() {
    await bundleJssip(JSSIP_ESM);
    // Tencent's trtc-calling-js + tsignaling on the SDK fakes of test/fakes/tencent.
    await bundleTrtcCalling();
    const log = process.env.CALL_ELEMENTS_SIP_LOG === '1' ? (line) => console.log(`[sip] ${line}`) : undefined;
    servers.open = await startDevSipServer({ log });
    servers.auth = await startDevSipServer({ users, realm: 'tests' });
    // Grants 10 s registrations: clients refresh every 5 s (registration recovery tests).
    servers.short = await startDevSipServer({ maxExpires: 10 });
    Object.assign(env, {
      sipUrl: servers.open.url,
      sipAuthUrl: servers.auth.url,
      sipShortUrl: servers.short.url,
      unreachableSipUrl: `ws://127.0.0.1:${await closedPort()}/sip`,
      users,
      netns,
      kamailioUrl: realServers ? KAMAILIO.wsUrl : '',
      clusterUrls: realServers ? { a: CLUSTER_NODES.a.wsUrl, b: CLUSTER_NODES.b.wsUrl } : null,
    });
  },
  async serverStop() {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await stopAllSipp();
    await baresip?.stop();
    await kamailio?.stop();
    await Promise.all(Object.values(clusterNodes).map((node) => node.stop()));
    await rtpengine?.stop();
    await coturn?.stop();
    impairment?.close();
  },
  resolveImport({ source }) {
    // Static and dynamic imports alike (wtr rewrites both).
    if (source === 'jssip') return '/.cache/jssip.esm.js';
    if (source === 'trtc-calling-js') return '/.cache/trtc-calling.esm.js';
    return undefined;
  },
  serve(context) {
    if (context.path === '/__test-env.js') return { body: `export const testEnv = ${JSON.stringify(env)};\n`, type: 'js' };
    return undefined;
  },
  async executeCommand({ command, payload, session }) {
    if (command === 'script-duration' || command === 'page-metrics') {
      // CDP Performance.getMetrics of this page so far: `script-duration` gives its main-thread
      // script time (seconds); `page-metrics` every metric by name (ScriptDuration, TaskDuration,
      // ThreadTime: the main thread's CPU time, ProcessTime: the renderer process's CPU time,
      // WebRTC's threads included; seconds). One CDP session per page: enabling the domain again
      // would restart the counters.
      let cdp = performanceSessions.get(session.id);
      if (!cdp) {
        cdp = await session.browser.getPage(session.id).createCDPSession();
        await cdp.send('Performance.enable');
        performanceSessions.set(session.id, cdp);
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      if (command === 'page-metrics') return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
      return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
    }
    if (command === 'heap-after-gc') {
      // The page's heap after a forced GC (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage)
      // and, for each `payload.count` entry (name → expression giving a prototype), how many
      // objects with that prototype in their chain are alive (Runtime.queryObjects). For benches.
      return (async () => {
        let cdp = heapSessions.get(session.id);
        if (!cdp) {
          cdp = await session.browser.getPage(session.id).createCDPSession();
          heapSessions.set(session.id, cdp);
        }
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = await cdp.send('Runtime.getHeapUsage');
        const objects = {};
        const objectGroup = 'heap-after-gc';
        for (const [name, expression] of Object.entries(payload?.count ?? {})) {
          const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup });
          const { objects: found } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId, objectGroup });
          const { result: length } = await cdp.send('Runtime.callFunctionOn', {
            objectId: found.objectId,
            functionDeclaration: 'function () { return this.length; }',
            returnByValue: true,
          });
          objects[name] = length.value;
        }
        await cdp.send('Runtime.releaseObjectGroup', { objectGroup });
        return { ...heap, objects };
      })();
    }
    if (command === 'bench-env') {
      // The BENCH_* environment variables (sizes of a benchmark run, e.g. BENCH_SOAK_CALLS=50).
      return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('BENCH_')));
    }
    if (command === 'set-permissions') {
      // Overrides the page's permissions (CDP): those in `grant` are granted, every other one
      // denied; `grant: null` removes the override.
      const page = session.browser.getPage(session.id);
      const context = page.browserContext();
      if (payload?.grant === null || payload?.grant === undefined) return context.clearPermissionOverrides().then(() => true);
      return context.overridePermissions(new URL(page.url()).origin, payload.grant).then(() => true);
    }
    if (command === 'sip-stats') return serverNamed(payload).stats();
    if (command === 'kamailio-start') {
      if (!realServers) throw new Error('Kamailio runs only inside the test network namespace (npm test as root)');
      return restartKamailio(!!payload?.auth);
    }
    if (command === 'cluster-start') {
      // Starts the cluster nodes named in payload.nodes (default both) that are not running.
      if (!realServers) throw new Error('The Kamailio cluster runs only inside the test network namespace (npm test as root)');
      return (async () => {
        for (const name of payload?.nodes ?? ['a', 'b']) clusterNodes[name] ??= await startClusterNode(name);
        return true;
      })();
    }
    if (command === 'cluster-stop') {
      // Stops one cluster node (SIGTERM to its PID): its WebSockets close, its peers stay.
      const node = clusterNodes[payload.node];
      delete clusterNodes[payload.node];
      return node ? node.stop().then(() => true) : true;
    }
    if (command === 'cluster-contacts') return clusterContacts(payload.node, payload.user);
    if (command === 'impaired-turn') {
      // A TURN server entry whose packets pass through the impairment proxy.
      if (!realServers) throw new Error('TURN runs only inside the test network namespace (npm test as root)');
      return (async () => {
        coturn ??= await startCoturn();
        impairment ??= await startImpairmentProxy(3478);
        return { ...TURN, urls: `turn:127.0.0.1:${impairment.port}?transport=udp` };
      })();
    }
    if (command === 'impair') return impairment ? impairment.impair(payload ?? null) : false;
    if (command === 'coturn-start') {
      if (!realServers) throw new Error('coturn runs only inside the test network namespace (npm test as root)');
      return (async () => {
        coturn ??= await startCoturn();
        return TURN;
      })();
    }
    if (command === 'sipp-start') {
      if (!realServers) throw new Error('sipp runs only inside the test network namespace (npm test as root)');
      return startSipp(payload);
    }
    if (command === 'baresip-start') {
      // Kamailio with WITH_RTPENGINE, rtpengine, and baresip registered as payload.user (G.711; Opus too with payload.opus).
      if (!realServers) throw new Error('baresip runs only inside the test network namespace (npm test as root)');
      return (async () => {
        rtpengine ??= await startRtpengine();
        await restartKamailio(false, true);
        await baresip?.stop();
        baresip = undefined;
        baresip = await startBaresip({ user: payload.user, opus: !!payload.opus });
        return { user: baresip.user, uri: baresip.uri };
      })();
    }
    if (command === 'baresip-command') return runningBaresip().send(payload.command, payload.params ?? '');
    if (command === 'baresip-events') {
      // ctrl_tcp events since index `since` (call states, CALL_DTMF_START/END of received digits).
      const phone = runningBaresip();
      return { events: phone.events.slice(payload?.since ?? 0), count: phone.events.length };
    }
    if (command === 'baresip-recording') return runningBaresip().recording(payload?.fromSeconds ?? 0);
    if (command === 'baresip-stop') {
      const running = baresip;
      baresip = undefined;
      return running ? running.stop().then(() => true) : true;
    }
    if (command === 'sipp-result') return sippResult(payload.id, payload.ms);
    if (command === 'kamailio-stop') {
      const running = kamailio;
      kamailio = undefined;
      return running ? running.stop().then(() => true) : true;
    }
    if (command === 'sip-fail-registrations') {
      // The next `count` REGISTERs to the named dev server are answered `status` (null: stop).
      const server = serverNamed(payload);
      if (payload?.status) server.failRegistrations({ status: payload.status, count: payload.count ?? 1 });
      else server.clearFailures();
      return true;
    }
    if (command === 'sip-reset-stats') {
      serverNamed(payload).resetStats();
      return true;
    }
    return undefined;
  },
};

/** Browser log lines to print: errors and warnings, minus Lit's dev-mode notice. */
function filterBrowserLogs({ type, args }) {
  if (verbose) return true;
  if (type !== 'error' && type !== 'warn') return false;
  return !(typeof args?.[0] === 'string' && args[0].startsWith('Lit is in dev mode'));
}

/** Chromium's files: CHROMIUM_FILES and POLICY_FILES (real permission prompts), in engines.mjs. */
const defaultFiles = CHROMIUM_FILES;
const policyFiles = POLICY_FILES;
/**
 * Element tests that need what only Chromium's harness has, left out of the other engines:
 * call-devices counts and names Chromium's fake devices (three microphones and cameras,
 * `fake_device_0`…, switched between; Firefox's fake backend has one of each, WebKit's mock
 * devices other names), theming switches `prefers-color-scheme` through emulate-media (CDP or
 * Playwright only).
 */
const CHROMIUM_HARNESS_ONLY = ['!src/elements/call-devices/call-devices.test.ts', '!src/elements/shared/theming.test.ts'];
/**
 * The files the Firefox pass of `npm test` runs (the same files as in Chromium, not copies):
 * the elements and the core (`src/**`); real calls over the dev server with energy measured at
 * both ends, hold, DTMF, mute at the far end, autoplay recovery, recording, ICE restart, the
 * DTLS role of a first offer (Firefox answering it); the
 * calls across engines through Kamailio; what Firefox differs on (capabilities, quality stats).
 */
const FIREFOX_FILES = [
  'src/**/*.test.ts',
  ...CHROMIUM_HARNESS_ONLY,
  'test/e2e/sip-calls.test.ts',
  'test/e2e/quality-report.test.ts',
  'test/e2e/capabilities.test.ts',
  'test/e2e/speaker-choice.test.ts',
  'test/e2e/mute-far-end.test.ts',
  'test/e2e/sound-blocked.test.ts',
  'test/e2e/conference-recording.test.ts',
  'test/e2e/ice-restart.test.ts',
  'test/e2e/dtls-role.test.ts',
  'test/e2e/**/*.firefox.test.ts',
];
/**
 * The files the WebKit pass runs (in a plain `npm test`, after Firefox): what a build without
 * WebRTC can run — the elements, their keyboard and a11y, settings, errors, the core on its
 * memory provider —, the phone from the keyboard (phone-a11y.test.ts: trusted keys through
 * WebDriver Actions, its far end on the memory provider where there is no WebRTC), the harness
 * itself (harness.test.ts: fake devices, the SIP servers, trusted keys; its loopback WebRTC
 * check is loopback-webrtc.test.ts), *Enable sound* on the engine's real autoplay policy,
 * unblocked by a trusted click (sound-blocked.test.ts), and *.webkit.test.ts. Left out:
 * ice-servers (RTCPeerConnection), the TRTC group call on the SDK fakes (RTCPeerConnection),
 * CHROMIUM_HARNESS_ONLY, and every other test/e2e file: each places or answers calls over the
 * dev server or Kamailio (`dial()` / `answer()` are media/unsupported without RTCPeerConnection),
 * runs Tencent's clients on the SDK fakes (RTCPeerConnection), or drives CDP (emulate-media,
 * permissions, metrics). Where a file held tests that need none of that, they were split out
 * into files WebKit runs: the reachability walk of the secrets tests (test/harness/reachable.test.ts,
 * from controller-sip), a refused ice-servers value keeping its TURN credential out of sight
 * (secrets-config.test.ts, from secrets), TRTCCalling's signalling on the SDK fakes — reject,
 * cancel, timeout, with no peer connection before an accept (trtc-fakes.test.ts; accept with
 * audio and busy: trtc-fakes-media.test.ts). Every test of tones.test.ts dials over SIP (180
 * ringback, 486 busy tone, DTMF feedback in a call; call audio refused by autoplay): none runs
 * here; the tones themselves are tested on the memory provider (media.webkit.test.ts). Call
 * audio held back by the autoplay policy cannot happen here: every call captures the
 * microphone, and WebKit (as Safari) lets a capturing page play audio without a gesture.
 */
const WEBKIT_FILES = [
  'src/**/*.test.ts',
  '!src/core/ice-servers.test.ts',
  '!src/elements/call-phone/call-phone.participants.test.ts',
  ...CHROMIUM_HARNESS_ONLY,
  'test/e2e/phone-a11y.test.ts',
  'test/e2e/sound-blocked.test.ts',
  'test/e2e/secrets-config.test.ts',
  'test/e2e/trtc-fakes.test.ts',
  'test/e2e/**/*.webkit.test.ts',
  'test/harness/harness.test.ts',
  'test/harness/reachable.test.ts',
];
/** `chromium` (default), `firefox` or `webkit`: the engine of this run (scripts/test.mjs runs one after the other). */
const engine = process.env.CALL_ELEMENTS_BROWSER || 'chromium';
const chosenFiles = process.env.CALL_ELEMENTS_FILES?.split(',').map((f) => f.trim()).filter(Boolean);
const isPolicy = (f) => f.includes('.policy.');
/** Files for the default browser, and those for the one with real permission prompts. */
const plainFiles = chosenFiles ? chosenFiles.filter((f) => !isPolicy(f)) : defaultFiles;
const policyChosen = chosenFiles ? chosenFiles.filter(isPolicy) : [policyFiles];

/**
 * Debian's Chromium with fake devices, inside our namespace. `fakeUi` grants every capture
 * request at once; without it, permissions set through CDP decide. (Headless Chromium does not
 * enforce the autoplay policy whatever --autoplay-policy says: checked on Chromium 156.)
 */
function chromium(fakeUi) {
  // No userDataDir: puppeteer makes a fresh temporary profile and removes it on close.
  return chromeLauncher({ launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs({ fakeUi, netns }) } });
}

/** Firefox ESR over WebDriver BiDi (puppeteer-core), fake devices and loopback ICE (test/harness/engines.mjs). */
function firefox() {
  return chromeLauncher({ puppeteer: puppeteerCore, launchOptions: firefoxLaunchOptions() });
}

const useFirefox = engine === 'firefox';
const useWebkit = engine === 'webkit';
/** The Firefox pass runs FIREFOX_FILES (or the chosen files), all with fake permissions. */
const firefoxChosen = chosenFiles ?? FIREFOX_FILES;

export default {
  rootDir: root,
  files: useWebkit ? (chosenFiles ?? WEBKIT_FILES) : useFirefox ? firefoxChosen : plainFiles.length ? plainFiles : policyChosen,
  nodeResolve: true,
  concurrency: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 20_000 } },
  filterBrowserLogs,
  plugins: [
    testServersPlugin,
    cspPlugin({ sipUrl: () => env.sipUrl }),
    examplesPlugin(),
    peerPlugin({ netns }),
    // tsconfig.json has experimentalDecorators and useDefineForClassFields: false (Lit
    // decorators); esbuild reads them from here. test/harness/harness.test.ts checks it.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') }),
  ],
  browsers: [useWebkit ? webkitLauncher() : useFirefox ? firefox() : chromium(plainFiles.length > 0)],
  groups: !useFirefox && !useWebkit && plainFiles.length && policyChosen.length ? [{ name: 'real-permissions', files: policyChosen, browsers: [chromium(false)] }] : [],
  reporters: [
    defaultReporter({ reportTestResults: true, reportTestProgress: Boolean(process.stdout.isTTY && !process.env.CI) }),
    countingReporter({ file: process.env.CALL_ELEMENTS_COUNTS }),
  ],
};
