// coturn for the end-to-end suite, from examples/coturn/turnserver.conf, bound to 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess } from './processes.mjs';

const root = resolve(import.meta.dirname, '../..');
/** What browsers put in `ice-servers` to use it (credentials from the example config). */
export const TURN = { urls: 'turn:127.0.0.1:3478?transport=udp', username: 'webrtc', credential: 'webrtc-secret' };

/** A second account, added on the command line: tests rotate TURN credentials mid-call to it. */
export const TURN_ROTATED = { ...TURN, username: 'rotated', credential: 'rotated-secret' };

/** Starts coturn and resolves once it logs that it listens. */
export async function startCoturn() {
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const proc = startProcess('coturn', '/usr/bin/turnserver', [
    '-c', join(root, 'examples/coturn/turnserver.conf'),
    '--userdb', join(dir, 'turndb'), '--pidfile', join(dir, 'turnserver.pid'),
    '--user', `${TURN_ROTATED.username}:${TURN_ROTATED.credential}`,
  ]);
  await new Promise((resolvePromise, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`coturn did not start: ${seen.slice(-500)}`)), 10_000);
    const onData = (data) => {
      seen += String(data);
      if (/listener opened on|Total General servers/i.test(seen)) {
        clearTimeout(timer);
        proc.child.stdout.off('data', onData);
        resolvePromise();
      }
    };
    proc.child.stdout.on('data', onData);
    proc.exited.then(({ code }) => reject(new Error(`coturn exited (${code}): ${seen.slice(-500)}`)));
  });
  return {
    ...proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
