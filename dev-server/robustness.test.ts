import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header } from './sip-message.js';
import { sleep, TestSipClient, token } from './test-client.js';

/** A JsSIP-like INVITE as raw text, for mangling. */
function inviteText(to: string): string {
  return [
    `INVITE sip:${to}@127.0.0.1 SIP/2.0`,
    'Via: SIP/2.0/WSS abcdefgh.invalid;branch=z9hG4bK1234567',
    'Max-Forwards: 69',
    `To: <sip:${to}@127.0.0.1>`,
    'From: "M" <sip:mallory@127.0.0.1>;tag=m1',
    'Call-ID: mangle-1',
    'CSeq: 1 INVITE',
    'Contact: <sip:xyz@abcdefgh.invalid;transport=ws;ob>',
    'Content-Type: application/sdp',
    'Content-Length: 4',
    '',
    'v=0\r\n',
  ].join('\r\n');
}

describe('robustness', { timeout: 15_000 }, () => {
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

  it('answers 400 to requests it can reply to and drops what it cannot parse', async () => {
    const m = await client('mallory');
    const bad = (edit: (text: string) => string) => m.sendRaw(edit(inviteText('nobody')));
    bad((t) => t.replace(/^Call-ID: .*\r\n/m, ''));
    assert.match((await m.finalResponse('INVITE')).reason!, /Call-ID/);
    bad((t) => t.replace('CSeq: 1 INVITE', 'CSeq: one INVITE'));
    assert.equal((await m.next((r) => r.status === 400)).status, 400, 'bad CSeq');
    bad((t) => t.replace('CSeq: 1 INVITE', 'CSeq: 1 BYE'));
    assert.match((await m.finalResponse('BYE')).reason!, /CSeq method/);
    bad((t) => t.replace('Content-Length: 4', 'Content-Length: 400'));
    assert.match((await m.finalResponse('INVITE')).reason!, /Content-Length/);
    bad((t) => t.replace('Max-Forwards: 69', 'Max-Forwards: lots'));
    assert.match((await m.finalResponse('INVITE')).reason!, /Max-Forwards/);
    bad((t) => t.replace('Contact: <sip', 'this line has no colon\r\nContact: <sip'));
    assert.match((await m.finalResponse('INVITE')).reason!, /header/);
    bad((t) => t.replace('INVITE sip:nobody@127.0.0.1', 'INVITE tel:+15551234'));
    assert.equal((await m.finalResponse('INVITE')).status, 416);
    // Nothing to answer to: no Via, not SIP at all, binary garbage, an ACK.
    bad((t) => t.replace(/^Via: .*\r\n/m, ''));
    m.sendRaw('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    m.sendRaw(randomBytes(300));
    m.sendRaw('SIP/2.0 200 OK\r\n\r\n');
    bad((t) => t.replace(/INVITE/g, 'ACK').replace(/^Call-ID: .*\r\n/m, ''));
    assert.equal(await m.arrives(() => true, 200), false, 'no reply to unanswerable frames');
    assert.ok(server.server.stats().malformed >= 9);
    assert.equal(m.ws.readyState, WebSocket.OPEN, 'the socket stays open');
  });

  it('survives random mangling of valid messages and keeps serving', async () => {
    const m = await client('fuzz');
    const seeds = [inviteText('fuzzee'), 'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/WSS call-elements-dev-proxy.invalid;branch=z9hG4bKx\r\nCSeq: 1 INVITE\r\n\r\n'];
    const alphabet = ['\r\n', ':', ';', '<', '>', '"', ',', '=', '\\', ' ', '\u0000', 'é', '%', '@', 'SIP/2.0', 'z9hG4bK'];
    let state = 42;
    const rand = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 400; i++) {
      let text = seeds[i % seeds.length];
      for (let k = 0; k < 1 + rand(6); k++) {
        const at = rand(text.length);
        const op = rand(3);
        if (op === 0) text = text.slice(0, at) + text.slice(at + 1 + rand(10));
        else if (op === 1) text = text.slice(0, at) + alphabet[rand(alphabet.length)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at, at + rand(40)).repeat(1 + rand(3)) + text.slice(at);
      }
      m.sendRaw(text);
    }
    await sleep(100);
    const after = await client('after-fuzz');
    assert.equal((await after.register()).status, 200, 'still serving');
  });

  it(`closes a socket that sends more than ${MAX_MESSAGE_BYTES / 1024} KiB in one message`, async () => {
    const big = await client('big');
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.sendRaw(`MESSAGE sip:x@127.0.0.1 SIP/2.0\r\n\r\n${'x'.repeat(MAX_MESSAGE_BYTES + 1)}`);
    assert.equal(await closed, 1009);
    const ok = await client('after-big');
    assert.equal((await ok.register()).status, 200);
  });

  it('refuses WebSocket upgrades without the sip subprotocol, and upgrades on other paths', async () => {
    const attempt = (url: string, protocols?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, protocols);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => undefined);
      });
    assert.equal(await attempt(server.url), 400);
    assert.equal(await attempt(server.url.replace('/sip', '/other'), 'sip'), 404);
    assert.equal(await attempt(server.url, 'sip'), 101);
    const page = await new Promise<string>((resolve, reject) => {
      request(`http://127.0.0.1:${server.port}/`, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    assert.match(page, /development/i);
    assert.equal(page.trim().split('\n').length, 1);
  });
});

describe('standalone server options', { timeout: 15_000 }, () => {
  it('shows a loopback URL when bound to every address, and survives a throwing logger', async () => {
    const server = await startDevSipServer({
      host: '0.0.0.0',
      log: () => {
        throw new Error('logger broke');
      },
    });
    try {
      assert.equal(server.url, `ws://127.0.0.1:${server.port}/sip`);
      const alice = await TestSipClient.connect(server.url, 'alice');
      assert.equal((await alice.register()).status, 200);
      alice.sendRaw('garbage');
      alice.send('INVITE', 'sip:nobody@127.0.0.1');
      assert.equal((await alice.finalResponse('INVITE')).status, 404);
      await alice.close();
    } finally {
      await server.close();
    }
  });
});

describe('stats', { timeout: 15_000 }, () => {
  it('counts requests and responses overall, per user and per socket', async () => {
    const server = await startDevSipServer();
    const alice = await TestSipClient.connect(server.url, 'alice');
    const bob = await TestSipClient.connect(server.url, 'bob');
    try {
      await alice.register();
      await bob.register();
      server.server.resetStats();
      const sent = alice.send('INVITE', 'sip:bob@127.0.0.1');
      const invite = await bob.request('INVITE');
      bob.reply(invite, 180, 'Ringing');
      bob.reply(invite, 486, 'Busy Here');
      const busy = await alice.response(486, 'INVITE');
      alice.send('ACK', 'sip:bob@127.0.0.1', { branch: sent.branch, callId: sent.callId, cseq: sent.cseq, from: sent.from, to: header(busy, 'To') });
      await bob.request('ACK');
      alice.send('INVITE', `sip:nobody-${token(4)}@127.0.0.1`);
      await alice.response(404, 'INVITE');
      alice.sendRaw('not sip');
      await sleep(50);
      const stats = server.server.stats();
      assert.deepEqual(stats.requests, { INVITE: 2, ACK: 1 });
      assert.deepEqual(stats.responses, { 180: 1, 486: 1 });
      assert.deepEqual(stats.generated, { 404: 1 });
      assert.deepEqual(stats.byUser, { alice: { INVITE: 2, ACK: 1 } });
      assert.deepEqual(stats.responsesByUser, { bob: { 180: 1, 486: 1 } });
      assert.equal(stats.malformed, 1);
      assert.deepEqual(stats.registered, ['alice', 'bob']);
      assert.deepEqual(stats.connections, { opened: 0, open: 2 });
      const [a, b] = Object.values(stats.sockets);
      assert.deepEqual(a, { open: true, aors: ['alice'], requests: { INVITE: 2, ACK: 1 }, responses: {} });
      assert.deepEqual(b, { open: true, aors: ['bob'], requests: {}, responses: { 180: 1, 486: 1 } });
      assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats, 'plain JSON');
      stats.requests.INVITE = 99;
      assert.equal(server.server.stats().requests.INVITE, 2, 'a snapshot, not the live counters');
      server.server.resetStats();
      assert.deepEqual(server.server.stats().requests, {});
      assert.deepEqual(server.server.stats().registered, ['alice', 'bob'], 'registrations survive a reset');
    } finally {
      await alice.close();
      await bob.close();
      await server.close();
    }
  });
});
