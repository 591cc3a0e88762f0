// rtpengine for the end-to-end suite, from examples/rtpengine/rtpengine.conf (userspace,
// table = -1), in the foreground, bound to 127.0.0.1; Kamailio's WITH_RTPENGINE drives it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess } from './processes.mjs';

const root = resolve(import.meta.dirname, '../..');

/** Starts rtpengine and resolves once it logs that start-up is complete. */
export async function startRtpengine() {
  const dir = mkdtempSync(join(tmpdir(), 'rtpengine-'));
  const proc = startProcess('rtpengine', '/usr/bin/rtpengine', [
    `--config-file=${join(root, 'examples/rtpengine/rtpengine.conf')}`,
    '--foreground', '--log-stderr', `--pidfile=${join(dir, 'rtpengine.pid')}`,
  ], { cwd: dir });
  await new Promise((resolvePromise, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`rtpengine did not start: ${seen.slice(-500)}`)), 10_000);
    const onData = (data) => {
      seen += String(data);
      if (/Startup complete/.test(seen)) {
        clearTimeout(timer);
        proc.child.stderr.off('data', onData);
        resolvePromise();
      }
    };
    proc.child.stderr.on('data', onData);
    proc.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`rtpengine exited (${code}): ${seen.slice(-500)}`));
    });
  });
  return {
    ...proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
