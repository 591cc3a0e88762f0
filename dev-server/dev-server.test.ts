import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { createDevSipServer, startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { parseDigest } from './digest.js';
import { header, headers, param } from './sip-message.js';
import { TestSipClient } from './test-client.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('development SIP server', () => {
  let server: RunningDevSipServer;
  const clients: TestSipClient[] = [];
  const client = async (user: string) => {
    const c = await TestSipClient.connect(server.url, user);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startDevSipServer();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('answers keep-alives and registers, refreshes and unregisters contacts', async () => {
    const alice = await client('alice1');
    const pong = new Promise((resolve) => alice.ws.once('message', (d) => resolve(d.toString())));
    alice.sendRaw('\r\n\r\n');
    assert.equal(await pong, '\r\n');
    const ok = await alice.register(7200);
    assert.equal(ok.status, 200);
    assert.match(header(ok, 'Contact') ?? '', /expires=3600/, 'expires is capped at 3600');
    assert.deepEqual(server.server.stats().registered.includes('alice1'), true);
    const gone = await alice.register(0);
    assert.equal(gone.status, 200);
    assert.equal(server.server.stats().registered.includes('alice1'), false);
  });

  it('proxies a whole call: INVITE with Record-Route, 180/200 back, ACK and BYE in dialog', async () => {
    const alice = await client('alice2');
    const bob = await client('bob2');
    await alice.register();
    await bob.register();
    const { callId } = alice.send('INVITE', 'sip:bob2@127.0.0.1', { body: 'v=0\r\n' });
    const invite = await bob.request('INVITE');
    assert.equal(invite.uri, bob.contact, 'Request-URI rewritten to the registered contact');
    assert.match(header(invite, 'Record-Route') ?? '', /;lr/);
    assert.equal(headers(invite, 'Via').length, 2, 'the proxy added its Via');
    assert.equal(header(invite, 'Max-Forwards'), '68');
    assert.equal(invite.body, 'v=0\r\n');
    bob.reply(invite, 180, 'Ringing');
    const ringing = await alice.response(180, 'INVITE');
    assert.equal(headers(ringing, 'Via').length, 1, 'the proxy removed its Via');
    bob.reply(invite, 200, 'OK');
    const ok = await alice.response(200, 'INVITE');
    const route = header(ok, 'Record-Route')!;
    alice.send('ACK', bob.contact, { callId, to: `${header(ok, 'To')}`, extra: [`Route: ${route}`] });
    const ack = await bob.request('ACK');
    assert.equal(header(ack, 'Route'), undefined, 'our own Route is stripped');
    alice.send('BYE', bob.contact, { callId, to: `${header(ok, 'To')}`, extra: [`Route: ${route}`] });
    const bye = await bob.request('BYE');
    bob.reply(bye, 200, 'OK');
    await alice.response(200, 'BYE');
    // bob hangs up a second dialog towards alice's contact the same way
    bob.send('INFO', alice.contact, { to: '<sip:alice2@127.0.0.1>;tag=x', extra: [`Route: ${route}`], body: 'Signal=5' });
    const info = await alice.request('INFO');
    assert.equal(info.body, 'Signal=5');
  });

  it('forwards CANCEL with the INVITE branch and relays the 487', async () => {
    const alice = await client('alice3');
    const bob = await client('bob3');
    await alice.register();
    await bob.register();
    const { branch, callId } = alice.send('INVITE', 'sip:bob3@127.0.0.1', { cseq: 1 });
    const invite = await bob.request('INVITE');
    bob.reply(invite, 180, 'Ringing');
    await alice.response(180, 'INVITE');
    alice.send('CANCEL', 'sip:bob3@127.0.0.1', { branch, callId, cseq: 1 });
    const cancel = await bob.request('CANCEL');
    assert.equal(param(header(cancel, 'Via'), 'branch'), param(header(invite, 'Via'), 'branch'), 'same branch as the INVITE');
    bob.reply(cancel, 200, 'OK');
    bob.reply(invite, 487, 'Request Terminated');
    await alice.response(200, 'CANCEL');
    await alice.response(487, 'INVITE');
  });

  it('answers 404 for unknown users and 481 for in-dialog requests it cannot route', async () => {
    const alice = await client('alice4');
    alice.send('INVITE', 'sip:nobody@127.0.0.1');
    await alice.response(404, 'INVITE');
    alice.send('BYE', 'sip:nobody@127.0.0.1', { to: '<sip:nobody@127.0.0.1>;tag=abc' });
    await alice.response(481, 'BYE');
    alice.send('OPTIONS', 'sip:127.0.0.1');
    await alice.response(200, 'OPTIONS');
  });

  it('answers 480 to the caller when the callee vanishes while ringing, then 404 once it is gone', async () => {
    const alice = await client('alice5');
    const bob = await client('bob5');
    await alice.register();
    await bob.register();
    alice.send('INVITE', 'sip:bob5@127.0.0.1');
    const invite = await bob.request('INVITE');
    bob.reply(invite, 180, 'Ringing');
    await alice.response(180, 'INVITE');
    await bob.close();
    await alice.response(480, 'INVITE');
    alice.send('INVITE', 'sip:bob5@127.0.0.1');
    await alice.response(404, 'INVITE');
  });

  it('survives malformed and hostile input and keeps serving', async () => {
    const mallory = await client('mallory');
    mallory.sendRaw('this is not SIP');
    mallory.sendRaw('INVITE sip:x SIP/2.0\r\nVia SIP/2.0/WSS broken\r\n\r\n');
    mallory.sendRaw('INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\n\r\n');
    await mallory.response(400, 'INVITE').catch(() => undefined);
    const big = new WebSocket(server.url, 'sip');
    await new Promise((r) => big.once('open', r));
    const closed = new Promise((r) => big.once('close', r));
    big.send('X'.repeat(70 * 1024));
    await closed;
    const ok = await (await client('after')).register();
    assert.equal(ok.status, 200, 'still serving');
    assert.ok(server.server.stats().malformed >= 2);
  });

  it('counts requests per method and per user', async () => {
    server.server.resetStats();
    const carol = await client('carol');
    await carol.register();
    carol.send('OPTIONS', 'sip:127.0.0.1');
    await carol.response(200, 'OPTIONS');
    const stats = server.server.stats();
    assert.equal(stats.requests.REGISTER, 1);
    assert.equal(stats.requests.OPTIONS, 1);
    assert.equal(stats.byUser.carol.OPTIONS, 1);
  });
});

describe('development SIP server with credentials', () => {
  it('challenges REGISTER, accepts the right digest and refuses a wrong one with 403', async () => {
    const server = await startDevSipServer({ users: { dave: 'pw-dave' }, realm: 'test' });
    const dave = await TestSipClient.connect(server.url, 'dave');
    try {
      const challenge = await dave.register();
      assert.equal(challenge.status, 401);
      const params = parseDigest(header(challenge, 'WWW-Authenticate')!.replace(/^Digest/, 'Digest'));
      const authorization = (password: string) => {
        const uri = 'sip:127.0.0.1';
        const ha1 = md5(`dave:${params.realm}:${password}`);
        const ha2 = md5(`REGISTER:${uri}`);
        const response = md5(`${ha1}:${params.nonce}:00000001:abc:auth:${ha2}`);
        return `Authorization: Digest username="dave", realm="${params.realm}", nonce="${params.nonce}", uri="${uri}", response="${response}", qop=auth, nc=00000001, cnonce="abc", algorithm=MD5`;
      };
      assert.equal((await dave.register(600, [authorization('wrong')])).status, 403);
      assert.equal((await dave.register(600, [authorization('pw-dave')])).status, 200);
      assert.deepEqual(server.server.stats().registered, ['dave']);
    } finally {
      await dave.close();
      await server.close();
    }
  });
});

describe('attach()', () => {
  it('serves SIP at its path only and leaves other WebSocket upgrades alone', async () => {
    const http = createServer();
    const sip = createDevSipServer();
    sip.attach(http, '/sip');
    const other = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      if (req.url === '/other') other.handleUpgrade(req, socket, head, (ws) => ws.send('other server'));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as { port: number }).port;
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/other`);
      assert.equal(await new Promise((r) => ws.once('message', (d) => r(d.toString()))), 'other server');
      ws.close();
      const client = await TestSipClient.connect(`ws://127.0.0.1:${port}/sip`, 'erin');
      assert.equal(client.ws.protocol, 'sip');
      assert.equal((await client.register()).status, 200);
      await client.close();
    } finally {
      await sip.close();
      other.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      await sleep(10);
    }
  });
});
