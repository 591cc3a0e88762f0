// The example apps (examples/react, vue, angular, html), for test/e2e/examples.test.ts:
//   command `example-call` { name }   builds examples/<name> with its own `npm run build` (its
//                                     type check included: tsc, vue-tsc, ng build with
//                                     strictTemplates; the html app has no build), serves the
//                                     output on Vite's preview server with the development SIP
//                                     server mounted by the app's installed `call-elements/vite`
//                                     plugin (digest auth: the passwords must reach the phones),
//                                     opens it in a new tab and places a call from Alice to Bob
//                                     through the app's own buttons; returns what it saw.
// Dependencies are installed before the run, outside the network namespace, by
// scripts/examples.mjs (scripts/test.mjs runs it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.mjs';

const root = join(import.meta.dirname, '..', '..');
const USERS = { alice: 'alice-secret', bob: 'bob-secret' };
/** Where each app's build lands (the html app is served as it is). */
const OUTPUT = { react: 'dist', vue: 'dist', angular: 'dist/browser', html: '.' };

/** Runs `npm run build` in `dir`; resolves with its duration and output, rejects with the output. */
function build(dir) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    // NODE_ENV: a Vite dev server started in this process earlier (the CSP demo test) sets it
    // to `development`, which would make these production builds use Lit's dev build.
    const env = { ...process.env, NODE_ENV: 'production', NG_CLI_ANALYTICS: 'false', NO_COLOR: '1', CI: '1' };
    const child = spawn('npm', ['run', 'build'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ ms: Date.now() - started, output }) : reject(new Error(`npm run build failed in ${dir} (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

/** The built app on Vite's preview server, with the app's own installed dev SIP server plugin. */
async function serve(dir, outDir) {
  const vite = await import('vite');
  const { devSipServerPlugin } = await import(pathToFileURL(join(dir, 'node_modules/call-elements/dist/dev-server/vite-plugin.js')).href);
  const port = await freePort();
  const server = await vite.preview({
    configFile: false,
    // Vite refuses an outDir equal to its root (the html app is served from its own folder).
    root: outDir === '.' ? dirname(dir) : dir,
    logLevel: 'warn',
    build: { outDir: join(dir, outDir) },
    preview: { port, strictPort: true, host: '127.0.0.1' },
    plugins: [devSipServerPlugin({ users: USERS })],
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** Opens `url` in a new tab and places a call through the app's buttons (#dial, #answer, #hangup). */
async function callThroughApp(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => ['error', 'warn', 'warning'].includes(message.type()) && !message.text().startsWith('Failed to load resource') && problems.push(`${message.type()}: ${message.text().slice(0, 300)}`));
  page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && problems.push(`HTTP ${response.status()} ${response.url()}`));
  page.on('pageerror', (error) => problems.push(`pageerror: ${String(error?.message ?? error).slice(0, 300)}`));
  const states = () => page.evaluate(() => ['alice', 'bob'].map((id) => document.getElementById(id)?.getAttribute('state')));
  const caller = () => page.$eval('#caller', (p) => p.textContent.trim());
  const steps = {};
  const started = Date.now();
  const mark = (name) => (steps[name] = Date.now() - started);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => ['alice', 'bob'].every((id) => document.getElementById(id)?.registered === true), { timeout: 15_000 });
    mark('registered');
    const secrets = await page.evaluate(() => ({
      attributes: ['alice', 'bob'].map((id) => document.getElementById(id).hasAttribute('password')),
      inHtml: document.documentElement.outerHTML.includes('-secret'),
    }));
    const before = await caller();
    await page.click('#dial');
    await page.waitForFunction(() => document.getElementById('bob')?.getAttribute('state') === 'incoming', { timeout: 10_000 });
    // The caller's name reaches the app's state (rendered by the framework) from call-incoming.
    await page.waitForFunction(() => document.getElementById('caller')?.textContent.includes('Alice'), { timeout: 5_000 });
    mark('incoming');
    const ringing = await caller();
    await page.waitForFunction(() => !document.getElementById('answer')?.disabled, { timeout: 5_000 });
    await page.click('#answer');
    await page.waitForFunction(() => ['alice', 'bob'].every((id) => document.getElementById(id)?.getAttribute('state') === 'connected'), { timeout: 10_000 });
    mark('connected');
    const connected = await states();
    // Media flows: Alice's peer connection has received audio packets.
    await page.waitForFunction(
      async () => {
        const report = await document.getElementById('alice')?.activeCall?.getStats();
        return [...(report?.values() ?? [])].some((s) => s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0);
      },
      { timeout: 5_000, polling: 200 },
    );
    mark('audio');
    // An app that keeps the call in its own state reads the call's stats from there (#stats).
    let packets;
    if (await page.$('#stats')) {
      await page.click('#stats');
      await page.waitForFunction(() => Number(document.getElementById('packets')?.textContent) > 0, { timeout: 5_000, polling: 200 });
      packets = Number(await page.$eval('#packets', (o) => o.textContent));
    }
    // A quality meter the app binds to Alice's phone (#alice-quality) follows her controller.
    const meterFollowsAlice = await page.evaluate(() => {
      const meter = document.getElementById('alice-quality');
      return meter ? meter.controller !== undefined && meter.controller === document.getElementById('alice').controller : undefined;
    });
    await page.click('#hangup');
    await page.waitForFunction(() => ['alice', 'bob'].every((id) => document.getElementById(id)?.getAttribute('state') === 'idle'), { timeout: 10_000 });
    await page.waitForFunction(() => !document.getElementById('caller')?.textContent.includes('Alice'), { timeout: 5_000 });
    mark('ended');
    return { before, ringing, connected, ended: await states(), after: await caller(), secrets, packets, meterFollowsAlice, problems, steps };
  } catch (error) {
    throw new Error(`${error.message}\nphones: ${JSON.stringify(await states().catch(() => null))}, caller: ${JSON.stringify(await caller().catch(() => null))}\nconsole:\n${problems.join('\n')}`);
  } finally {
    await page.close();
  }
}

/** Lines of a build's output that warn (esbuild's ▲, "warning", "WARN"). */
const warnings = (output) => output.split('\n').filter((line) => /\bwarn(ing)?\b|▲/i.test(line)).slice(0, 20);

export function examplesPlugin() {
  /** One build per app and run: name → promise of { ms, output }. */
  const builds = new Map();
  const appDir = (name) => {
    if (!Object.hasOwn(OUTPUT, name)) throw new Error(`No example app named ${JSON.stringify(name)}`);
    const dir = join(root, 'examples', name);
    if (!existsSync(join(dir, 'node_modules', 'call-elements'))) {
      throw new Error(`examples/${name} is not installed: run \`node scripts/examples.mjs\` (npm test does, before the browser tests)`);
    }
    return dir;
  };
  return {
    name: 'call-elements-examples',
    async executeCommand({ command, payload, session }) {
      if (command === 'example-build') {
        // A command must answer within 20 s (web-test-runner's limit): this one starts the build
        // and answers { done: false } after 15 s; the test asks again until it is done.
        const dir = appDir(payload?.name);
        if (!builds.has(payload.name)) builds.set(payload.name, payload.name === 'html' ? Promise.resolve({ ms: 0, output: '' }) : build(dir));
        const pending = new Promise((resolve) => setTimeout(resolve, 15_000, undefined));
        const built = await Promise.race([builds.get(payload.name), pending]);
        return built ? { done: true, ms: built.ms, warnings: warnings(built.output) } : { done: false };
      }
      if (command === 'example-call') {
        const name = payload?.name;
        const dir = appDir(name);
        if (!builds.has(name)) throw new Error(`examples/${name} has not been built in this run (command example-build first)`);
        await builds.get(name);
        const server = await serve(dir, OUTPUT[name]);
        try {
          return await callThroughApp(session.browser.getPage(session.id).browserContext(), server.url);
        } finally {
          await server.close();
        }
      }
      return undefined;
    },
  };
}
