#!/usr/bin/env node
// Bounded load across the two-node cluster of examples/kamailio-cluster, with sipp over UDP on
// loopback (run by `npm run bench` inside a loopback-only network namespace, as root): REGISTERs
// of BENCH_CLUSTER_USERS users (default 2,000, half through each node), then
// BENCH_CLUSTER_CPS calls per second (default 20, half entering each node, every call to a user
// registered on the other node) for BENCH_CLUSTER_SECONDS (default 30); each call is answered,
// held 1 s and hung up by the caller. Stops by itself; prints figures per node and overall,
// and exits non-zero when a registration or call failed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLUSTER_NODES, clusterRpc, startClusterNode } from '../test/servers/kamailio-cluster.mjs';
import { startProcess } from '../test/servers/processes.mjs';

const here = import.meta.dirname;
const users = Number(process.env.BENCH_CLUSTER_USERS ?? 2000);
const cps = Number(process.env.BENCH_CLUSTER_CPS ?? 20);
const seconds = Number(process.env.BENCH_CLUSTER_SECONDS ?? 30);
const work = mkdtempSync(join(tmpdir(), 'cluster-load-'));
/** Per node: where its users' UAS listens, and the port its callers send from. */
const SIDES = { a: { uasPort: 15001, uacPort: 15101 }, b: { uasPort: 15002, uacPort: 15102 } };
/** sipp binds media ports too (from 6000 by default): each run gets its own range. */
let mediaPort = 16000;
const other = { a: 'b', b: 'a' };

if (process.env.CALL_ELEMENTS_NETNS !== '1') {
  console.log('cluster load: skipped (it needs root and a loopback-only network namespace; `npm run bench` as root)');
  process.exit(0);
}

/** An injection file of user names `load<node><i>`. */
function usersFile(node, count) {
  const file = join(work, `users-${node}.csv`);
  writeFileSync(file, ['SEQUENTIAL', ...Array.from({ length: count }, (_, i) => `load${node}${i}`)].join('\n') + '\n');
  return file;
}

/** Runs a sipp scenario of bench/sipp/ against a node; `{ done, stop(), stats() }`. */
function sipp(name, node, { port, calls, rate, inf }) {
  const stats = join(work, `${name}-${node}-stats.csv`);
  const args = [CLUSTER_NODES[node].udpAddress, '-sf', join(here, 'sipp', `${name}.xml`), '-i', '127.0.0.1', '-p', String(port), '-t', 'u1',
    '-mp', String((mediaPort += 10)), '-nostdin', '-timeout', `${seconds + 60}s`, '-timeout_error', '-max_recv_loops', '10000',
    '-trace_stat', '-stf', stats, '-fd', '1', '-trace_err', '-error_file', join(work, `${name}-${node}-errors.log`)];
  if (calls) args.push('-m', String(calls));
  if (rate) args.push('-r', String(rate));
  if (inf) args.push('-inf', inf);
  const proc = startProcess(`sipp-bench-${name}-${node}`, '/usr/bin/sipp', args, { cwd: work });
  return {
    done: proc.exited,
    stop: () => proc.stop(),
    stats: () => lastStats(stats),
  };
}

/** The last row of a sipp statistics file, by column name. */
function lastStats(file) {
  if (!existsSync(file)) return {};
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0].split(';');
  const last = lines.at(-1).split(';');
  return Object.fromEntries(head.map((name, i) => [name, last[i]]));
}

const count = (stats, name) => Number(stats[name] ?? 0);
/** sipp's `HH:MM:SS:uuuuuu` as ms with one decimal, or '-'. */
function ms(time) {
  const parts = String(time ?? '').split(':').map(Number);
  if (parts.length !== 4 || parts.some(Number.isNaN)) return '-';
  return (((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + parts[3] / 1000).toFixed(1);
}

/** A node's counters: registrations, transactions, the contacts it holds (its own and replicated). */
async function nodeFigures(node) {
  const stats = await clusterRpc(node, 'stats.get_statistics', ['all']);
  const all = Object.fromEntries((Array.isArray(stats) ? stats : []).map((line) => line.split(' = ')));
  const get = (name) => Number(all[name] ?? 0);
  return {
    accepted: get('registrar:accepted_regs'),
    rejected: get('registrar:rejected_regs'),
    contacts: get('usrloc:location_contacts'),
    t2xx: get('tmx:2xx_transactions'),
    t4xx: get('tmx:4xx_transactions'),
    t5xx: get('tmx:5xx_transactions'),
    t6xx: get('tmx:6xx_transactions'),
  };
}

const started = Date.now();
const nodes = { a: await startClusterNode('a'), b: await startClusterNode('b') };
let failed = false;
try {
  // DMQ: the nodes know each other before the first REGISTER.
  for (let i = 0; i < 40; i++) {
    const list = await clusterRpc('a', 'dmq.list_nodes').catch(() => []);
    if (Array.isArray(list) && list.filter((n) => n.status === 'active').length >= 2) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const half = Math.floor(users / 2);
  const files = { a: usersFile('a', half), b: usersFile('b', users - half) };

  // 1. Registrations, half through each node, 200/s each.
  const t0 = Date.now();
  const regs = Object.fromEntries(Object.keys(SIDES).map((node) => [node, sipp('register-users', node, { port: SIDES[node].uasPort, calls: node === 'a' ? half : users - half, rate: 200, inf: files[node] })]));
  const regCodes = await Promise.all(Object.values(regs).map((r) => r.done));
  const regMs = Date.now() - t0;
  const regStats = Object.fromEntries(Object.entries(regs).map(([node, r]) => [node, r.stats()]));
  // Replication: every node holds every contact.
  for (let i = 0; i < 40; i++) {
    const figures = await Promise.all(['a', 'b'].map(nodeFigures));
    if (figures.every((f) => f.contacts >= users)) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  // 2. Calls: callers enter each node and call the users registered on the other one.
  const uas = Object.fromEntries(Object.keys(SIDES).map((node) => [node, sipp('uas-answer', node, { port: SIDES[node].uasPort })]));
  await new Promise((r) => setTimeout(r, 300));
  const t1 = Date.now();
  const perNode = Math.round((cps * seconds) / 2);
  const uacs = Object.fromEntries(
    Object.keys(SIDES).map((node) => [node, sipp('uac-call', node, { port: SIDES[node].uacPort, calls: perNode, rate: cps / 2, inf: files[other[node]] })]),
  );
  const callCodes = await Promise.all(Object.values(uacs).map((u) => u.done));
  const callMs = Date.now() - t1;
  await Promise.all(Object.values(uas).map((u) => u.stop()));
  const callStats = Object.fromEntries(Object.entries(uacs).map(([node, u]) => [node, u.stats()]));
  const figures = Object.fromEntries(await Promise.all(['a', 'b'].map(async (node) => [node, await nodeFigures(node)])));

  console.log(`\n== Cluster load (examples/kamailio-cluster, 2 nodes, sipp over UDP on loopback)`);
  console.log(`registrations: ${users} users at 200/s per node in ${(regMs / 1000).toFixed(1)} s; calls: ${cps}/s for ${seconds} s (${perNode * 2} calls, each to a user on the other node, held 1 s) in ${(callMs / 1000).toFixed(1)} s`);
  console.log('node | REGISTERs sent | ok | failed | accepted | rejected | contacts held | calls entering | ok | failed | INVITE to 200 ms (mean) | 2xx/4xx/5xx/6xx transactions');
  for (const node of ['a', 'b']) {
    const r = regStats[node];
    const c = callStats[node];
    const f = figures[node];
    console.log(
      [node.toUpperCase(), count(r, 'TotalCallCreated'), count(r, 'SuccessfulCall(C)'), count(r, 'FailedCall(C)'), f.accepted, f.rejected, f.contacts,
        count(c, 'TotalCallCreated'), count(c, 'SuccessfulCall(C)'), count(c, 'FailedCall(C)'), ms(c['ResponseTime1(C)']),
        `${f.t2xx}/${f.t4xx}/${f.t5xx}/${f.t6xx}`].join(' | '),
    );
  }
  const regFailed = ['a', 'b'].reduce((n, node) => n + count(regStats[node], 'FailedCall(C)'), 0) + users - ['a', 'b'].reduce((n, node) => n + count(regStats[node], 'SuccessfulCall(C)'), 0);
  const callsOk = ['a', 'b'].reduce((n, node) => n + count(callStats[node], 'SuccessfulCall(C)'), 0);
  const callFailed = perNode * 2 - callsOk;
  console.log(`failed registrations: ${regFailed}; failed calls: ${callFailed}; sipp exit codes ${[...regCodes, ...callCodes].map((c) => c.code).join(' ')}`);
  failed = regFailed > 0 || callFailed > 0;
} finally {
  await Promise.all(Object.values(nodes).map((node) => node.stop()));
  rmSync(work, { recursive: true, force: true });
  console.log(`cluster load took ${Math.round((Date.now() - started) / 1000)} s`);
}
process.exit(failed ? 1 : 0);
