import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header } from './sip-message.js';
import { answerChallenge, callerDialog, TestSipClient, token } from './test-client.js';

const USERS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' };

describe('with users: requests from sockets that have not registered', { timeout: 15_000 }, () => {
  let server: RunningDevSipServer;
  const clients: TestSipClient[] = [];
  const client = async (user: string) => {
    const c = await TestSipClient.connect(server.url, user);
    clients.push(c);
    return c;
  };
  /** A socket with `user` registered through digest auth. */
  const registered = async (user: keyof typeof USERS) => {
    const c = await client(user);
    const challenge = await c.register();
    const auth = answerChallenge(header(challenge, 'WWW-Authenticate')!, { user, password: USERS[user], method: 'REGISTER', uri: 'sip:127.0.0.1' });
    assert.equal((await c.register({ authorization: auth })).status, 200);
    return c;
  };
  before(async () => {
    server = await startDevSipServer({ users: USERS, realm: 'proxy.test' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('challenges an INVITE with 407, and routes it with the From user\'s credentials', async () => {
    const bob = await registered('bob');
    const alice = await client('alice');
    const uri = 'sip:bob@127.0.0.1';
    const first = alice.send('INVITE', uri);
    const challenge = await alice.finalResponse('INVITE');
    assert.equal(challenge.status, 407);
    const proxyAuthenticate = header(challenge, 'Proxy-Authenticate')!;
    assert.match(proxyAuthenticate, /^Digest realm="proxy\.test", nonce="[0-9a-f]{16,}", qop="auth", algorithm=MD5$/);
    assert.equal(header(challenge, 'WWW-Authenticate'), undefined);
    assert.equal(await bob.arrives((m) => m.method === 'INVITE', 100), false, 'nothing reached bob');
    alice.send('ACK', uri, { branch: first.branch, callId: first.callId, cseq: first.cseq, from: first.from, to: header(challenge, 'To') });

    const credentials = answerChallenge(proxyAuthenticate, { user: 'alice', password: 'alice-pw', method: 'INVITE', uri });
    const sent = alice.send('INVITE', uri, { callId: first.callId, from: first.from, extra: [`Proxy-Authorization: ${credentials}`] });
    const invite = await bob.request('INVITE');
    bob.reply(invite, 200, 'OK');
    const ok = await alice.response(200, 'INVITE');
    const dialog = callerDialog(sent, ok);
    alice.sendInDialog('ACK', dialog, { cseq: sent.cseq });
    await bob.request('ACK');
    alice.sendInDialog('BYE', dialog);
    const bye = await bob.request('BYE');
    bob.reply(bye, 200, 'OK');
    assert.equal((await alice.finalResponse('BYE')).status, 200, 'in-dialog requests of the authenticated caller pass');
    assert.equal(server.server.stats().generated['407'], 1);
  });

  it('refuses wrong passwords and other users\' credentials with 403, and answers a foreign nonce with stale=true', async () => {
    await registered('bob');
    const mallory = await client('carol');
    const uri = 'sip:bob@127.0.0.1';
    mallory.send('MESSAGE', uri, { body: 'hi' });
    const challenge = header(await mallory.response(407, 'MESSAGE'), 'Proxy-Authenticate')!;
    const wrong = answerChallenge(challenge, { user: 'carol', password: 'guess', method: 'MESSAGE', uri });
    mallory.send('MESSAGE', uri, { body: 'hi', extra: [`Proxy-Authorization: ${wrong}`] });
    assert.equal((await mallory.finalResponse('MESSAGE')).status, 403);
    const asAlice = answerChallenge(challenge, { user: 'alice', password: 'alice-pw', method: 'MESSAGE', uri });
    mallory.send('MESSAGE', uri, { body: 'hi', extra: [`Proxy-Authorization: ${asAlice}`] });
    assert.equal((await mallory.finalResponse('MESSAGE')).status, 403, 'the digest user must be the From user');
    const foreign = answerChallenge(challenge, { user: 'carol', password: 'carol-pw', method: 'MESSAGE', uri, nonce: 'feedfacefeedface' });
    mallory.send('MESSAGE', uri, { body: 'hi', extra: [`Proxy-Authorization: ${foreign}`] });
    assert.match(header(await mallory.response(407, 'MESSAGE'), 'Proxy-Authenticate')!, /stale=true/);
  });

  it('does not challenge a registered socket, an ACK or a CANCEL', async () => {
    const carol = await registered('carol');
    carol.send('INVITE', `sip:nobody-${token(4)}@127.0.0.1`);
    assert.equal((await carol.finalResponse('INVITE')).status, 404, 'routed without a challenge');
    const stranger = await client('alice');
    stranger.send('CANCEL', 'sip:bob@127.0.0.1');
    assert.equal((await stranger.finalResponse('CANCEL')).status, 481, 'a CANCEL is matched, not challenged');
    stranger.send('ACK', 'sip:bob@127.0.0.1', { to: '<sip:bob@127.0.0.1>;tag=x' });
    assert.equal(await stranger.arrives(() => true, 150), false, 'an ACK gets nothing');
  });
});

describe('without users: nothing is challenged', { timeout: 15_000 }, () => {
  it('routes an INVITE from a socket that never registered', async () => {
    const server = await startDevSipServer();
    const bob = await TestSipClient.connect(server.url, 'bob');
    const alice = await TestSipClient.connect(server.url, 'alice');
    try {
      await bob.register();
      alice.send('INVITE', 'sip:bob@127.0.0.1');
      assert.equal((await bob.request('INVITE')).method, 'INVITE');
    } finally {
      await Promise.all([alice.close(), bob.close()]);
      await server.close();
    }
  });
});
