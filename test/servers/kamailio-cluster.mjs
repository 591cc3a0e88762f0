// The two-node Kamailio cluster of examples/kamailio-cluster/ (the file we document is the file
// we test): each node a child process in the foreground on its own 127.0.0.x address, stopped by
// PID. Each node answers JSON-RPC over UDP on port 8090 of its address (location, DMQ nodes).
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess, waitForTcp } from './processes.mjs';

const root = resolve(import.meta.dirname, '../..');
/** The nodes, as node-a.cfg and node-b.cfg set them up. */
export const CLUSTER_NODES = {
  a: { ip: '127.0.0.2', wsUrl: 'ws://127.0.0.2:8088', udpAddress: '127.0.0.2:5060' },
  b: { ip: '127.0.0.3', wsUrl: 'ws://127.0.0.3:8088', udpAddress: '127.0.0.3:5060' },
};
const WS_PORT = 8088;
const RPC_PORT = 8090;

/** Sends one JSON-RPC request to a node's datagram socket; resolves with its `result`. */
export function clusterRpc(node, method, params = [], ms = 3000) {
  const { ip } = CLUSTER_NODES[node];
  return new Promise((resolvePromise, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no JSON-RPC answer from cluster node ${node} (${ip}:${RPC_PORT}) to ${method} within ${ms} ms`));
    }, ms);
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      try {
        const reply = JSON.parse(data.toString('utf8'));
        resolvePromise(reply.error ? { error: reply.error } : reply.result);
      } catch (error) {
        reject(error);
      }
    });
    socket.bind(0, '127.0.0.1', () => {
      socket.send(JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }), RPC_PORT, ip);
    });
  });
}

/**
 * The contacts a node holds for a user (ul.lookup): `[{ contact, path, received, instance, regId }]`,
 * empty when it holds none.
 */
export async function clusterContacts(node, user) {
  const result = await clusterRpc(node, 'ul.lookup', ['location', user]);
  if (!result || result.error) return [];
  const contacts = result.Contacts ?? result['AoR']?.Contacts ?? [];
  return contacts.map((entry) => {
    const c = entry.Contact ?? entry;
    return { contact: c.Address, path: c.Path, received: c.Received, instance: c.Instance, regId: c['Reg-Id'], serverId: c['Server-Id'] };
  });
}

/** Starts one node (`a` or `b`); resolves when its WebSocket port accepts. */
export async function startClusterNode(node) {
  const { ip } = CLUSTER_NODES[node];
  const run = mkdtempSync(join(tmpdir(), `kamailio-${node}-`));
  const args = ['-f', join(root, `examples/kamailio-cluster/node-${node}.cfg`), '-DD', '-E', '-P', join(run, 'kamailio.pid'), '-Y', run, '-w', run];
  if (process.env.KAMAILIO_DEBUG) args.push('--debug', process.env.KAMAILIO_DEBUG);
  const proc = startProcess(`kamailio-cluster-${node}`, '/usr/sbin/kamailio', args, { cwd: run });
  const failed = proc.exited.then(({ code }) => {
    throw new Error(`kamailio cluster node ${node} exited (code ${code}); see .cache/server-logs/kamailio-cluster-${node}.log`);
  });
  await Promise.race([waitForTcp(WS_PORT, ip), failed]);
  failed.catch(() => undefined);
  return {
    ...proc,
    node,
    async stop() {
      await proc.stop();
      rmSync(run, { recursive: true, force: true });
    },
  };
}
