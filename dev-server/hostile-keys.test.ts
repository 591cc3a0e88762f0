// User names, header names and digest parameters that are also names of Object.prototype's
// properties must stay plain keys: nothing may be written onto a prototype or a constructor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDigest } from './digest.js';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header, parseSip } from './sip-message.js';
import { sleep, TestSipClient } from './test-client.js';

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/** The own property names of the objects a polluting write would land on. */
function shapes(): string {
  return JSON.stringify([Object.prototype, Object, Function.prototype, Array.prototype].map((o) => Object.getOwnPropertyNames(o).sort()));
}

describe('hostile keys from the wire', { timeout: 15_000 }, () => {
  let server: RunningDevSipServer;
  let before_: string;
  const clients: TestSipClient[] = [];
  before(async () => {
    before_ = shapes();
    server = await startDevSipServer();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('parses header names such as constructor and __proto__ as headers', () => {
    const { message, problem } = parseSip('OPTIONS sip:a@b SIP/2.0\r\nconstructor: 1\r\n__proto__: 2\r\ntoString: 3\r\nv: SIP/2.0/WSS h.invalid\r\n\r\n');
    assert.equal(problem, undefined);
    assert.deepEqual(message!.headers, [['constructor', '1'], ['__proto__', '2'], ['toString', '3'], ['Via', 'SIP/2.0/WSS h.invalid']]);
    assert.equal(header(message!, '__proto__'), '2');
    const digest = parseDigest('Digest __proto__="x", constructor=y, username="u"');
    assert.equal(digest.constructor, 'y');
    assert.equal(Object.getPrototypeOf(digest), null);
    assert.equal(parseDigest('Digest username="u"').constructor, undefined, 'no inherited members to mistake for parameters');
  });

  it('registers, calls and counts users named like Object.prototype members without polluting it', async () => {
    for (const name of HOSTILE) {
      const c = await TestSipClient.connect(server.url, name);
      clients.push(c);
      assert.equal((await c.register()).status, 200, `REGISTER ${name}`);
    }
    const [proto, ctor] = clients;
    proto.send('MESSAGE', 'sip:constructor@127.0.0.1', { body: 'hi' });
    const message = await ctor.request('MESSAGE');
    ctor.reply(message, 200, 'OK');
    assert.equal((await proto.finalResponse('MESSAGE')).status, 200, '__proto__ → constructor');
    proto.send('INVITE', 'sip:toString@127.0.0.1', { from: '<sip:__proto__@127.0.0.1>;tag=p', to: '<sip:toString@127.0.0.1>' });
    const invite = await clients[3].request('INVITE');
    clients[3].reply(invite, 486, 'Busy Here');
    await proto.response(486, 'INVITE');
    proto.send('OPTIONS', 'sip:nobody@127.0.0.1', { extra: ['constructor: x', '__proto__: y'], from: '<sip:polluted@127.0.0.1>;tag=q' });
    await proto.finalResponse('OPTIONS');
    await sleep(50);

    assert.equal(shapes(), before_, 'no new properties on Object.prototype, Object, Function.prototype or Array.prototype');
    const blank = {} as Record<string, unknown>;
    for (const key of ['polluted', 'INVITE', 'MESSAGE', 'REGISTER', 'OPTIONS', '200', '486']) assert.equal(blank[key], undefined, key);
    assert.equal((Object as unknown as Record<string, unknown>).MESSAGE, undefined);

    const stats = server.server.stats();
    const row = (table: Record<string, Record<string, number>>, key: string) => table[key];
    assert.deepEqual(Object.keys(stats.byUser).sort(), [...HOSTILE, 'polluted'].sort());
    assert.ok(Object.hasOwn(stats.byUser, '__proto__'));
    assert.deepEqual(row(stats.byUser, '__proto__'), { REGISTER: 1, MESSAGE: 1, INVITE: 1 });
    assert.deepEqual(row(stats.byUser, 'constructor'), { REGISTER: 1 });
    assert.deepEqual(row(stats.responsesByUser, 'constructor'), { 200: 1 });
    assert.deepEqual(row(stats.responsesByUser, 'toString'), { 486: 1 });
    assert.deepEqual(row(stats.byUser, 'polluted'), { OPTIONS: 1 });
    assert.deepEqual([...stats.registered].sort(), [...HOSTILE].sort());
    assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats, 'the JSON round trip keeps __proto__ as a key');
    assert.equal(Object.getPrototypeOf(stats.byUser), Object.prototype, 'plain objects, as before');
  });
});
