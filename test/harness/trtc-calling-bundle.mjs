// Tencent's own web calling clients, bundled to one ESM file each whose Tencent SDK imports are
// the fakes of test/fakes/tencent (compiled from TypeScript by esbuild), so browser tests run
// Tencent's clients on the fake cloud:
// - trtc-calling-js 1.0.6 + tsignaling 1.0.8 on trtc-js-sdk 4 + tim-js-sdk (bare import
//   `trtc-calling-js`, resolved by web-test-runner.config.mjs);
// - TUICallEngine (tuicall-engine-webrtc) 1.6.1 on trtc-js-sdk 4 + tim-js-sdk + tsignaling, and
//   3.1.7 on @tencentcloud/chat + trtc-cloud-js-sdk over trtc-sdk-v5 (the page imports
//   `/.cache/tuicall-engine-<major>.esm.js`, see test/e2e/tuicall-helpers.ts).
// Each is rebuilt only when the packages' versions or the fakes' sources change (the stamp in
// `<outFile>.version`). Nothing here is shipped: the packages are devDependencies.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const fakes = join(root, 'test', 'fakes', 'tencent');
const cache = join(root, '.cache');
/** Changes when the bundles' shape changes, so old bundles get rebuilt. */
const FORMAT = 'esm-default-2';

/** Where the test runner keeps the trtc-calling-js bundle. */
export const TRTC_CALLING_ESM = join(cache, 'trtc-calling.esm.js');

/** A fake SDK module as a CommonJS shim: the UMD builds use `require(name)` as the SDK object itself. */
const fake = (file) => `module.exports = require(${JSON.stringify(join(fakes, file))}).default;`;

/**
 * trtc-cloud-js-sdk reads two members of trtc-sdk-v5's TRTC class that its index.d.ts does not
 * declare: `_loggerManager` (a logger factory: `info`, `createLogger`) and `_addKVStat` (usage
 * statistics). The fake follows the d.ts, so this shim adds silent stand-ins beside it.
 */
const TRTC_V5_FOR_TRTC_CLOUD = `const TRTC = require(${JSON.stringify(join(fakes, 'fake-trtc-v5.ts'))}).default;
const logger = { debug() {}, info() {}, log() {}, warn() {}, error() {}, update() {} };
module.exports = Object.assign(Object.create(TRTC), { _loggerManager: { ...logger, createLogger: () => logger }, _addKVStat() {} });`;

/**
 * The clients: the package to bundle, the versions that make its stamp, and the SDK modules
 * replaced by fakes (every other import, e.g. tsignaling or trtc-cloud-js-sdk, is the real package).
 */
export const TENCENT_CLIENTS = {
  'trtc-calling': { entry: 'trtc-calling-js', packages: ['trtc-calling-js', 'tsignaling'], shims: { 'trtc-js-sdk': fake('fake-trtc.ts'), 'tim-js-sdk': fake('fake-tim.ts') } },
  'tuicall-engine-1': {
    entry: 'tuicall-engine-webrtc-1',
    packages: ['tuicall-engine-webrtc-1', 'tsignaling'],
    shims: { 'trtc-js-sdk': fake('fake-trtc.ts'), 'tim-js-sdk': fake('fake-tim.ts') },
  },
  'tuicall-engine-3': {
    entry: 'tuicall-engine-webrtc-3',
    packages: ['tuicall-engine-webrtc-3', 'trtc-cloud-js-sdk'],
    // TRTCCloud keeps one shared instance per page (getTRTCShareInstance); the tests run several
    // engines in one page, each with its own, as on several devices.
    also: "export { default as TRTCCloud } from 'trtc-cloud-js-sdk';\n",
    shims: { '@tencentcloud/chat': fake('fake-chat.ts'), 'trtc-sdk-v5': TRTC_V5_FOR_TRTC_CLOUD },
  },
};

const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;

/** Versions of the bundled packages plus a hash of the fakes' sources. */
function stampOf(client) {
  const hash = createHash('sha256').update(JSON.stringify(client));
  for (const file of readdirSync(fakes).filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(readFileSync(join(fakes, file)));
  return `${client.packages.map((name) => `${name}@${versionOf(name)}`).join(' ')} fakes:${hash.digest('hex').slice(0, 16)} ${FORMAT}`;
}

/**
 * Bundles one client of {@link TENCENT_CLIENTS} (default export: its class or namespace) to
 * `.cache/<name>.esm.js` unless it is already built from the same versions and fakes.
 * Returns the file.
 * @param {keyof typeof TENCENT_CLIENTS} name
 */
export async function bundleTencentClient(name, outFile = join(cache, `${name}.esm.js`)) {
  const client = TENCENT_CLIENTS[name];
  const stamp = `${outFile}.version`;
  const version = stampOf(client);
  if (existsSync(outFile) && existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return outFile;
  mkdirSync(dirname(outFile), { recursive: true });
  const names = Object.keys(client.shims).map((n) => n.replace(/[/@.-]/g, '\\$&'));
  const filter = new RegExp(`^(${names.join('|')})$`);
  const partial = `${outFile}.${process.pid}.tmp`;
  await build({
    stdin: { contents: `import client from '${client.entry}';\nexport default client;\n${client.also ?? ''}`, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    outfile: partial,
    logLevel: 'error',
    plugins: [
      {
        name: 'tencent-sdk-fakes',
        setup(b) {
          b.onResolve({ filter }, ({ path }) => ({ path, namespace: 'tencent-fake-shim' }));
          b.onLoad({ filter: /.*/, namespace: 'tencent-fake-shim' }, ({ path }) => ({ contents: client.shims[path], loader: 'js', resolveDir: fakes }));
        },
      },
    ],
  });
  renameSync(partial, outFile);
  writeFileSync(stamp, version);
  return outFile;
}

/**
 * Bundles every client (the runner's one call before a run): trtc-calling-js to `outFile`, the
 * TUICallEngine versions beside it. Returns `outFile`.
 * @param {string} [outFile]
 */
export async function bundleTrtcCalling(outFile = TRTC_CALLING_ESM) {
  await bundleTencentClient('trtc-calling', outFile);
  await bundleTencentClient('tuicall-engine-1');
  await bundleTencentClient('tuicall-engine-3');
  return outFile;
}
