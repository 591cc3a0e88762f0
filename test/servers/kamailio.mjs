// Kamailio for the end-to-end suite, run from examples/kamailio/kamailio.cfg (the file we
// document is the file we test), in the foreground, bound to 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess, waitForTcp } from './processes.mjs';

const root = resolve(import.meta.dirname, '../..');
/** Ports fixed by the example configuration. */
export const KAMAILIO = { wsPort: 8088, udpPort: 5060, wsUrl: 'ws://127.0.0.1:8088', udpAddress: '127.0.0.1:5060' };

/**
 * Starts Kamailio (with digest auth when `auth`; media through rtpengine, which must be running,
 * when `rtpengine`); resolves when its WebSocket port accepts.
 */
export async function startKamailio({ auth = false, rtpengine = false } = {}) {
  const run = mkdtempSync(join(tmpdir(), 'kamailio-'));
  const args = ['-f', join(root, 'examples/kamailio/kamailio.cfg'), '-DD', '-E', '-P', join(run, 'kamailio.pid'), '-Y', run, '-w', run];
  if (auth) args.push('-A', 'WITH_AUTH');
  if (rtpengine) args.push('-A', 'WITH_RTPENGINE');
  if (process.env.KAMAILIO_DEBUG) args.push('--debug', process.env.KAMAILIO_DEBUG);
  const name = ['kamailio', auth && 'auth', rtpengine && 'rtpengine'].filter(Boolean).join('-');
  const proc = startProcess(name, '/usr/sbin/kamailio', args, { cwd: run });
  const failed = proc.exited.then(({ code }) => {
    throw new Error(`kamailio exited (code ${code}); see .cache/server-logs/`);
  });
  await Promise.race([waitForTcp(KAMAILIO.wsPort), failed]);
  failed.catch(() => undefined);
  return {
    ...proc,
    auth,
    rtpengine,
    async stop() {
      await proc.stop();
      rmSync(run, { recursive: true, force: true });
    },
  };
}
