// sipp as scripted SIP peers behind Kamailio (UDP on 127.0.0.1). Scenarios live in sipp/.
// UAS scenarios start listening right after register.xml has registered their user.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOG_DIR, startProcess } from './processes.mjs';
import { KAMAILIO } from './kamailio.mjs';

const scenarios = resolve(import.meta.dirname, 'sipp');
const running = new Map();
let nextId = 1;

/** Lines the scenario logged with <log message="…"/>. */
function logged(dir) {
  const file = ['logs.log'].map((f) => join(dir, f)).find(existsSync);
  return file ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/**
 * Starts scenario `name` (a file in sipp/) as SIP user `service` on UDP `port`; for a UAS
 * scenario, once `service` is registered at that port. Resolves with a run id.
 */
export async function startSipp({ name, service, port, calls = 1, timeout = 90 }) {
  if (name.startsWith('uas-')) {
    // sipp maps messages to calls by Call-ID, so one scenario cannot register and then take a
    // new INVITE: register first with register.xml, then serve the port with the UAS scenario.
    const registration = await sippResult(await launch({ name: 'register', service, port, calls: 1, timeout: 10 }), 12_000);
    if (registration.code !== 0) throw new Error(`sipp could not register ${service}: ${registration.errors}`);
  }
  return launch({ name, service, port, calls, timeout });
}

async function launch({ name, service, port, calls, timeout }) {
  const file = join(scenarios, `${name}.xml`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) throw new Error(`no sipp scenario "${name}"`);
  const dir = mkdtempSync(join(tmpdir(), `sipp-${name}-`));
  const args = [KAMAILIO.udpAddress, '-sf', file, '-s', service, '-i', '127.0.0.1', '-p', String(port), '-t', 'u1',
    '-m', String(calls), '-nostdin', '-timeout', `${timeout}s`, '-timeout_error',
    '-trace_logs', '-log_file', join(dir, 'logs.log'), '-trace_err', '-error_file', join(dir, 'errors.log'),
    '-trace_msg', '-message_file', join(LOG_DIR, `sipp-${name}-messages.log`)];
  const proc = startProcess(`sipp-${name}`, '/usr/bin/sipp', args, { cwd: dir });
  const id = nextId++;
  running.set(id, { proc, dir });
  return id;
}

function readErrors(dir) {
  const file = join(dir, 'errors.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}

/** Waits (at most `ms`) for a scenario to end: exit code 0 means every call passed. */
export async function sippResult(id, ms = 30_000) {
  const entry = running.get(id);
  if (!entry) throw new Error(`no sipp run ${id}`);
  const timer = setTimeout(() => void entry.proc.stop(), ms);
  const { code, signal } = await entry.proc.exited;
  clearTimeout(timer);
  running.delete(id);
  const result = { code, signal, logs: logged(entry.dir), errors: readErrors(entry.dir) };
  rmSync(entry.dir, { recursive: true, force: true });
  return result;
}

/** Stops every sipp still running. */
export async function stopAllSipp() {
  await Promise.all([...running.values()].map(({ proc }) => proc.stop()));
  running.clear();
}
