import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.js';
import { attemptUpgrade, TestSipClient } from './test-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

/** Collects a child's output and resolves when `pattern` shows up in stdout. */
function waitFor(child: ChildProcessWithoutNullStreams, pattern: RegExp, ms = 10_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${out}`)), ms);
    child.stdout.on('data', (d) => {
      out += d;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.stderr.on('data', (d) => (out += d));
  });
}

/** Runs a command to its end; resolves with exit code and output. */
function run(args: string[], cwd = root): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('CLI arguments', { timeout: 15_000 }, () => {
  it('has development defaults', () => {
    assert.deepEqual(parseCliArgs([]), { port: 5062, host: '127.0.0.1', verbose: false, help: false });
  });

  it('reads ports, hosts, repeated users (passwords may hold colons), verbose and help', () => {
    const options = parseCliArgs(['--port', '0', '--host=0.0.0.0', '--user', 'alice:a:b', '--user=bob:pw', '--verbose', '--help']);
    assert.deepEqual(options, { port: 0, host: '0.0.0.0', users: { alice: 'a:b', bob: 'pw' }, verbose: true, help: true });
  });

  it('keeps user names from the command line as plain keys', () => {
    const { users } = parseCliArgs(['--user', '__proto__:p1', '--user', 'constructor:p2']);
    assert.deepEqual(Object.keys(users!), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(users), Object.prototype);
    assert.equal(users!.constructor, 'p2');
  });

  it('rejects bad values with a readable message', () => {
    assert.throws(() => parseCliArgs(['--port', 'http']), /--port needs a number/);
    assert.throws(() => parseCliArgs(['--port', '70000']), /--port needs a number/);
    assert.throws(() => parseCliArgs(['--port']), /--port needs a value/);
    assert.throws(() => parseCliArgs(['--user', 'nopassword']), /name:password/);
    assert.throws(() => parseCliArgs(['--user', ':pw']), /name:password/);
    assert.throws(() => parseCliArgs(['--bogus']), /unknown option "--bogus"/);
    assert.throws(() => parseCliArgs(['--allow-origin', 'http://x.test/path']), /--allow-origin/);
  });
});

describe('CLI process', { timeout: 15_000 }, () => {
  it('starts, serves SIP with the given users and origins, says it is for development only, and stops on SIGTERM', async () => {
    const args = ['--import', 'tsx', join(here, 'cli.ts'), '--port', '0', '--user', 'alice:pw', '--allow-origin', 'http://app.test:3000'];
    const child = spawn(process.execPath, args, { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const [, url] = await waitFor(child, /(ws:\/\/127\.0\.0\.1:\d+\/sip)\n[\s\S]*Kamailio/);
      assert.match(out, /development only/i);
      const alice = await TestSipClient.connect(url, 'alice');
      assert.equal((await alice.register()).status, 401, 'digest auth is on for --user');
      assert.match(out, /also accepted from: http:\/\/app\.test:3000/);
      assert.equal((await attemptUpgrade(url, { origin: 'http://app.test:3000' })).status, 101, '--allow-origin');
      assert.equal((await attemptUpgrade(url, { origin: 'http://other.test:3000' })).status, 403);
      const closed = new Promise((resolve) => alice.ws.once('close', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await closed;
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints help, and exits 2 on bad arguments', async () => {
    const help = await run(['--import', 'tsx', join(here, 'cli.ts'), '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--user name:password/);
    assert.match(help.out, /--allow-origin O/);
    const bad = await run(['--import', 'tsx', join(here, 'cli.ts'), '--port', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /--port needs a number/);
  });
});

describe('bin/call-elements-dev-server.mjs', { timeout: 15_000 }, () => {
  // A copy of the package layout, so the test controls whether a compiled CLI exists.
  const layout = () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-sip-bin-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(root, 'bin', 'call-elements-dev-server.mjs'), join(dir, 'bin', 'call-elements-dev-server.mjs'));
    symlinkSync(here, join(dir, 'dev-server'), 'dir');
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return dir;
  };

  it('runs the TypeScript CLI through tsx when there is no compiled build', async (t) => {
    const dir = layout();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { code, out } = await run([join(dir, 'bin', 'call-elements-dev-server.mjs'), '--help']);
    assert.equal(code, 0, out);
    assert.match(out, /Usage: call-elements-dev-server/);
  });

  it('prefers the compiled CLI in dist/dev-server', async (t) => {
    const dir = layout();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'dist', 'dev-server'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'dev-server', 'cli.js'), "console.log('compiled cli', process.argv.slice(2).join(' '));\n");
    const { code, out } = await run([join(dir, 'bin', 'call-elements-dev-server.mjs'), '--port', '1']);
    assert.equal(code, 0, out);
    assert.equal(out.trim(), 'compiled cli --port 1');
  });
});
