// Thousands of hostile messages over hundreds of sockets: sockets beyond the limits are
// refused, every table stays within its bound, memory stops growing once the tables are full,
// and a legitimate pair of phones still registers (with digest auth) and calls afterwards.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header } from './sip-message.js';
import { answerChallenge, callerDialog, sleep, TestSipClient, token } from './test-client.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in MiB. */
function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Opens `count` sockets from `localAddress` at once; resolves with the open ones and the refusals. */
async function connectMany(url: string, localAddress: string, count: number): Promise<{ open: TestSipClient[]; refused: string[] }> {
  const attempts = await Promise.allSettled(Array.from({ length: count }, (_, i) => TestSipClient.connect(url, `f${i}-${token(4)}`, { localAddress })));
  return {
    open: attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])),
    refused: attempts.flatMap((a) => (a.status === 'rejected' ? [String(a.reason?.message)] : [])),
  };
}

/** Connects from `localAddress`, retrying while the server still counts sockets that are closing. */
async function connectWithin(url: string, localAddress: string, ms: number): Promise<TestSipClient> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await TestSipClient.connect(url, `late-${token(4)}`, { localAddress });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

/** Sends an OPTIONS and waits for its answer: every frame the socket sent before has been handled. */
async function barrier(client: TestSipClient): Promise<void> {
  const callId = `barrier-${token(12)}`;
  client.send('OPTIONS', 'sip:127.0.0.1', { callId });
  await client.next((m) => m.status !== undefined && header(m, 'Call-ID') === callId, 30_000);
}

/** Forgets what a test client received, so the client side holds nothing between rounds. */
function drain(clients: TestSipClient[]): void {
  for (const c of clients) {
    c.received.length = 0;
    c.frames.length = 0;
  }
}

/** What one flooding socket sends in a round: registrations, calls, messages, made-up names and garbage. */
function floodRound(c: TestSipClient, i: number, target: string): number {
  const hostile = ['__proto__', 'constructor', 'toString'][i % 3];
  let sent = 0;
  const send = (...args: Parameters<TestSipClient['send']>) => {
    c.send(...args);
    sent++;
  };
  for (let k = 0; k < 6; k++) {
    const user = k === 0 ? hostile : `reg-${token(8)}`;
    send('REGISTER', 'sip:127.0.0.1', { to: `<sip:${user}@127.0.0.1>`, from: `<sip:${user}@127.0.0.1>;tag=${token(6)}`, noContact: true, extra: [`Contact: <sip:${token(8)}@${token(8)}.invalid;transport=ws>`, 'Expires: 600'] });
  }
  for (let k = 0; k < 15; k++) send('INVITE', target, { from: `<sip:inv-${token(8)}@127.0.0.1>;tag=${token(6)}`, body: 'v=0\r\n' });
  for (let k = 0; k < 5; k++) {
    send('MESSAGE', 'sip:nobody@127.0.0.1', { from: `<sip:msg-${token(8)}@127.0.0.1>;tag=${token(6)}`, body: 'x' });
    send('OPTIONS', `sip:nobody-${token(4)}@127.0.0.1`, { extra: [`Contact: <sip:${token(8)}@${token(10)}.invalid>`] });
  }
  for (let k = 0; k < 3; k++) {
    c.sendRaw(`garbage ${token(20)}`);
    sent++;
  }
  return sent;
}

/** Registers `user` on a digest-auth server, answering the challenge it got earlier (`challenge`) or a fresh one. */
async function registerWithDigest(c: TestSipClient, password: string, challenge?: string): Promise<number> {
  const www = challenge ?? header(await c.register(), 'WWW-Authenticate')!;
  const authorization = answerChallenge(www, { user: c.user, password, method: 'REGISTER', uri: 'sip:127.0.0.1' });
  return (await c.register({ authorization })).status!;
}

/** alice calls bob: INVITE, 180, 200, ACK, BYE, 200. */
async function call(alice: TestSipClient, bob: TestSipClient): Promise<void> {
  const sent = alice.send('INVITE', `sip:${bob.user}@127.0.0.1`, { body: 'v=0\r\n' });
  const invite = await bob.request('INVITE', 10_000);
  bob.reply(invite, 180, 'Ringing');
  bob.reply(invite, 200, 'OK', { body: 'v=0\r\n' });
  await alice.response(180, 'INVITE', 10_000);
  const ok = await alice.response(200, 'INVITE', 10_000);
  const dialog = callerDialog(sent, ok);
  alice.sendInDialog('ACK', dialog, { cseq: sent.cseq });
  await bob.request('ACK', 10_000);
  alice.sendInDialog('BYE', dialog);
  const bye = await bob.request('BYE', 10_000);
  bob.reply(bye, 200, 'OK');
  assert.equal((await alice.finalResponse('BYE', 10_000)).status, 200);
}

describe('flood', { timeout: 120_000 }, () => {
  it('refuses sockets beyond the limits; a digest-auth server keeps its nonces and serves alice and bob after 10,000 hostile messages', async () => {
    const users = { alice: 'alice-pw', bob: 'bob-pw' };
    const server: RunningDevSipServer = await startDevSipServer({ users, limits: { sockets: 300, socketsPerAddress: 100 } });
    const everyone: TestSipClient[] = [];
    try {
      const alice = await TestSipClient.connect(server.url, 'alice');
      const bob = await TestSipClient.connect(server.url, 'bob');
      everyone.push(alice, bob);
      const aliceChallenge = header(await alice.register(), 'WWW-Authenticate')!;

      const perAddress = await Promise.all(['127.0.0.2', '127.0.0.3'].map((address) => connectMany(server.url, address, 150)));
      const fourth = await connectMany(server.url, '127.0.0.4', 60);
      for (const { open, refused } of perAddress) {
        assert.equal(open.length, 100, 'socketsPerAddress');
        assert.equal(refused.length, 50);
        assert.ok(refused.every((r) => /503/.test(r)), refused[0]);
      }
      assert.equal(fourth.open.length, 60);
      const fifth = await connectMany(server.url, '127.0.0.5', 60);
      assert.equal(fifth.open.length, 300 - 2 - 260, 'sockets (total)');
      const flooders = [...perAddress.flatMap((p) => p.open), ...fourth.open, ...fifth.open];
      everyone.push(...flooders);
      assert.equal(server.server.tables().sockets, 300);

      let sent = 0;
      flooders.forEach((c, i) => (sent += floodRound(c, i, 'sip:alice@127.0.0.1')));
      await Promise.all(flooders.map(barrier));
      assert.ok(sent > 10_000, `${sent} messages`);

      const stats = server.server.stats();
      const tables = server.server.tables();
      assert.equal(stats.malformed, flooders.length * 3);
      assert.equal(stats.generated['401'], flooders.length * 6 + 1, 'every REGISTER challenged');
      assert.equal(stats.generated['407'], flooders.length * (15 + 10 + 1), 'every other request from an unregistered socket challenged');
      assert.ok(tables.statsUsers <= 1001, `${tables.statsUsers} users in byUser`);
      assert.ok(stats.byUser['(other)'], 'users beyond the cap counted together');
      assert.deepEqual([tables.contacts, tables.transactions, tables.dialogs], [0, 0, 0]);
      assert.ok(tables.directoryContacts + tables.directoryHosts <= 300 * 64);
      assert.equal(({} as Record<string, unknown>).REGISTER, undefined);

      assert.equal(await registerWithDigest(alice, users.alice, aliceChallenge), 200, 'the nonce issued before the flood is still good');
      assert.equal(await registerWithDigest(bob, users.bob), 200);
      await call(alice, bob);
    } finally {
      await Promise.all(everyone.map((c) => c.close()));
      await server.close();
    }
  });

  it('an open server bounds registrations, transactions, names and stats; memory stops growing; alice still calls bob', async () => {
    const limits = { sockets: 200, socketsPerAddress: 200, contactsPerSocket: 4, transactions: 500, transactionsPerSocket: 10, learnedPerSocket: 8, dialogsPerSocket: 5, trackedUsers: 100 };
    const server = await startDevSipServer({ limits });
    const everyone: TestSipClient[] = [];
    try {
      const alice = await TestSipClient.connect(server.url, 'alice');
      const bob = await TestSipClient.connect(server.url, 'bob');
      everyone.push(alice, bob);
      assert.equal((await alice.register()).status, 200);
      assert.equal((await bob.register()).status, 200);
      const { open: flooders, refused } = await connectMany(server.url, '127.0.0.2', 200);
      everyone.push(...flooders);
      assert.equal(flooders.length, 198, 'sockets (total)');
      assert.equal(refused.length, 2);
      assert.match(refused[0], /503/);

      // Each flooder registers itself first, then calls itself (nobody answers: pending INVITEs).
      await Promise.all(flooders.map((c) => c.register()));
      const round = async () => {
        flooders.forEach((c, i) => floodRound(c, i, `sip:${c.user}@127.0.0.1`));
        await Promise.all(flooders.map(barrier));
        drain(everyone);
      };
      await round();
      const tables = server.server.tables();
      const stats = server.server.stats();
      assert.equal(tables.contacts, 2 + flooders.length * limits.contactsPerSocket, 'contactsPerSocket');
      assert.ok(stats.generated['503'] > 0);
      assert.ok(tables.transactions <= limits.transactions, `${tables.transactions} transactions`);
      assert.ok(tables.directoryContacts + tables.directoryHosts <= 200 * limits.learnedPerSocket);
      assert.ok(tables.dialogs <= 200 * limits.dialogsPerSocket);
      assert.ok(tables.statsUsers <= limits.trackedUsers + 1, `${tables.statsUsers} users`);
      assert.ok(tables.statsResponders <= limits.trackedUsers + 1);
      assert.ok(Object.keys(stats.generated).length <= 65);

      const full = heapMiB();
      await round();
      await round();
      const after = heapMiB();
      const later = server.server.tables();
      assert.deepEqual([later.contacts, later.directoryContacts, later.directoryHosts], [tables.contacts, tables.directoryContacts, tables.directoryHosts], 'full tables stay full, not larger');
      assert.ok(later.transactions <= limits.transactions && later.statsUsers <= limits.trackedUsers + 1);
      assert.ok(after - full < 8, `heap grew ${(after - full).toFixed(1)} MiB over two more rounds (${full.toFixed(1)} → ${after.toFixed(1)} MiB)`);

      await call(alice, bob);
      await Promise.all(flooders.map((c) => c.close()));
      const settled = server.server.tables();
      assert.deepEqual([settled.sockets, settled.contacts, settled.aors], [2, 2, 2], 'closing the flood frees its registrations');
      assert.ok(settled.transactions <= 1, 'and its transactions');
      const late = await connectWithin(server.url, '127.0.0.2', 2000);
      everyone.push(late);
      assert.equal((await late.register()).status, 200, 'and its socket slots');
    } finally {
      await Promise.all(everyone.map((c) => c.close()));
      await server.close();
    }
  });
});
