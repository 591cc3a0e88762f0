// Starts test servers as child processes we wait for and stop by PID (never by name).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
/** Where server logs go (scripts/test.mjs gives each web-test-runner run beside another its own). */
export const LOG_DIR = process.env.CALL_ELEMENTS_SERVER_LOGS || join(root, '.cache', 'server-logs');

/** Resolves once something accepts TCP connections on host:port, or rejects after `ms`. */
export async function waitForTcp(port, host = '127.0.0.1', ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((r) => {
      const socket = connect(port, host, () => {
        socket.destroy();
        r(true);
      });
      socket.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${host}:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Spawns a server with its output in LOG_DIR/<name>.log. Returns `{ pid, exited, stop() }`;
 * `stop()` sends SIGTERM to that PID (SIGKILL after 3 s) and waits for the exit.
 */
export function startProcess(name, command, args, options = {}) {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`));
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  void exited.then(() => log.end());
  let stopping;
  return {
    pid: child.pid,
    child,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
