import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header, headers } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { sleep, TestSipClient } from './test-client.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Reads `key="value"` or `key=value` out of a WWW-Authenticate header (written here, not borrowed from the server). */
function challengeParam(challenge: SipMessage, key: string): string | undefined {
  const value = header(challenge, 'WWW-Authenticate') ?? '';
  return new RegExp(`${key}="?([^",]+)"?`).exec(value)?.[1];
}

/** The Authorization header JsSIP would send for a 401 (qop=auth). */
function authorization(challenge: SipMessage, user: string, password: string, uri = 'sip:127.0.0.1', nonce?: string): string {
  const realm = challengeParam(challenge, 'realm')!;
  const n = nonce ?? challengeParam(challenge, 'nonce')!;
  const cnonce = 'f3a9c1d2e4b5';
  const nc = '00000001';
  const response = md5(`${md5(`${user}:${realm}:${password}`)}:${n}:${nc}:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
  return `Digest algorithm=MD5, username="${user}", realm="${realm}", nonce="${n}", uri="${uri}", response="${response}", qop=auth, cnonce="${cnonce}", nc=${nc}`;
}

describe('registrar without credentials', { timeout: 15_000 }, () => {
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

  it('uses the sip subprotocol and answers a CRLFCRLF keep-alive with CRLF only', async () => {
    const alice = await client('ka');
    assert.equal(alice.ws.protocol, 'sip');
    alice.sendRaw('\r\n');
    alice.sendRaw('\r\n\r\n');
    await sleep(100);
    assert.deepEqual(alice.frames, ['\r\n'], 'one pong for the ping, nothing for the pong');
  });

  it('registers with the default, requested and capped expiry, echoing the Contact', async () => {
    const alice = await client('alice');
    const ok = await alice.register({ expires: 120 });
    assert.equal(ok.status, 200);
    const contacts = headers(ok, 'Contact');
    assert.equal(contacts.length, 1);
    assert.match(contacts[0], new RegExp(`^<${alice.contact.replace(/[.;]/g, '\\$&')}>;expires=120$`));
    assert.match(header((await alice.register({ expires: 7200 }))!, 'Contact')!, /;expires=3600$/, 'capped at 3600');
    // Only the Expires header, no contact parameter; then neither (default 600).
    assert.match(header(await alice.register({ expires: 300, contactExpires: false }), 'Contact')!, /;expires=300$/);
    alice.send('REGISTER', 'sip:127.0.0.1', { to: `<${alice.aor}>`, from: `<${alice.aor}>;tag=x1`, noContact: true, extra: [`Contact: <${alice.contact}>`] });
    const plain = await alice.finalResponse('REGISTER');
    assert.deepEqual(headers(plain, 'Contact'), [`<${alice.contact}>;expires=600`]);
    assert.deepEqual(server.server.stats().registered, ['alice']);
  });

  it('unregisters with expires=0 (parameter, Expires header, or Contact *)', async () => {
    const bob = await client('bob');
    await bob.register();
    assert.ok(server.server.stats().registered.includes('bob'));
    const gone = await bob.register({ expires: 0 });
    assert.equal(gone.status, 200);
    assert.equal(headers(gone, 'Contact').length, 0, 'no contact left to echo');
    assert.ok(!server.server.stats().registered.includes('bob'));

    await bob.register();
    await bob.register({ expires: 0, contactExpires: false });
    assert.ok(!server.server.stats().registered.includes('bob'), 'Expires: 0 header alone unregisters');

    await bob.register();
    bob.send('REGISTER', 'sip:127.0.0.1', { to: `<${bob.aor}>`, from: `<${bob.aor}>;tag=x2`, noContact: true, extra: ['Contact: *', 'Expires: 0'] });
    assert.equal((await bob.finalResponse('REGISTER')).status, 200);
    assert.ok(!server.server.stats().registered.includes('bob'), 'Contact: * unregisters everything');
    bob.send('REGISTER', 'sip:127.0.0.1', { to: `<${bob.aor}>`, from: `<${bob.aor}>;tag=x3`, noContact: true, extra: ['Contact: *', 'Expires: 60'] });
    assert.equal((await bob.finalResponse('REGISTER')).status, 400, 'Contact: * needs Expires: 0');
  });

  it('lets a registration expire and drops the contacts of a closed socket', async () => {
    const carol = await client('carol');
    await carol.register({ expires: 1 });
    assert.ok(server.server.stats().registered.includes('carol'));
    await sleep(1100);
    assert.ok(!server.server.stats().registered.includes('carol'), 'expired after 1 s');

    const dave = await client('dave');
    await dave.register();
    assert.deepEqual(server.server.stats().sockets[String(Object.keys(server.server.stats().sockets).at(-1))].aors, ['dave']);
    await dave.close();
    await sleep(50);
    assert.ok(!server.server.stats().registered.includes('dave'), 'unregistered when its socket closed');
  });

  it('answers 400 to a REGISTER without a user in To', async () => {
    const erin = await client('erin');
    erin.send('REGISTER', 'sip:127.0.0.1', { to: '<sip:127.0.0.1>', from: '<sip:127.0.0.1>;tag=1' });
    assert.equal((await erin.finalResponse('REGISTER')).status, 400);
  });
});

describe('registrar with credentials (digest, qop=auth)', { timeout: 15_000 }, () => {
  let server: RunningDevSipServer;
  const clients: TestSipClient[] = [];
  before(async () => {
    server = await startDevSipServer({ users: { alice: 'alice-secret', bob: 'b0b' }, realm: 'tests.invalid' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });
  const client = async (user: string) => {
    const c = await TestSipClient.connect(server.url, user);
    clients.push(c);
    return c;
  };

  it('challenges with 401 and accepts the right password', async () => {
    const alice = await client('alice');
    const challenge = await alice.register();
    assert.equal(challenge.status, 401);
    const www = header(challenge, 'WWW-Authenticate')!;
    assert.match(www, /^Digest /);
    assert.match(www, /realm="tests\.invalid"/);
    assert.match(www, /nonce="[0-9a-f]{16,}"/);
    assert.match(www, /qop="auth"/);
    assert.match(www, /algorithm=MD5/);
    assert.deepEqual(server.server.stats().registered, [], 'a challenge registers nothing');
    const ok = await alice.register({ authorization: authorization(challenge, 'alice', 'alice-secret') });
    assert.equal(ok.status, 200);
    assert.deepEqual(server.server.stats().registered, ['alice']);
  });

  it('refuses a wrong password, an unknown user and another user\'s credentials with 403', async () => {
    const bob = await client('bob');
    const challenge = await bob.register();
    assert.equal((await bob.register({ authorization: authorization(challenge, 'bob', 'wrong') })).status, 403);
    const mallory = await client('mallory');
    const c2 = await mallory.register();
    assert.equal(c2.status, 401, 'unknown users are challenged like anyone');
    assert.equal((await mallory.register({ authorization: authorization(c2, 'mallory', 'x') })).status, 403);
    const eve = await client('bob');
    const c3 = await eve.register();
    // eve knows alice's password and tries to register as bob with it
    const asAlice = authorization(c3, 'alice', 'alice-secret');
    assert.equal((await eve.register({ authorization: asAlice })).status, 403);
    assert.ok(!server.server.stats().registered.includes('bob'));
  });

  it('challenges again (stale=true) for the right password with a nonce it never issued', async () => {
    const bob = await client('bob');
    const challenge = await bob.register();
    const stale = await bob.register({ authorization: authorization(challenge, 'bob', 'b0b', 'sip:127.0.0.1', 'feedfacefeedface') });
    assert.equal(stale.status, 401);
    assert.match(header(stale, 'WWW-Authenticate')!, /stale=true/);
    assert.equal((await bob.register({ authorization: authorization(stale, 'bob', 'b0b') })).status, 200);
  });

  it('never logs the password or the Authorization header', async () => {
    const lines: string[] = [];
    const logged = await startDevSipServer({ users: { zed: 'top-secret-pw' }, log: (l) => lines.push(l) });
    const zed = await TestSipClient.connect(logged.url, 'zed');
    try {
      const challenge = await zed.register();
      const auth = authorization(challenge, 'zed', 'top-secret-pw');
      assert.equal((await zed.register({ authorization: auth })).status, 200);
      assert.ok(lines.length > 0);
      const all = lines.join('\n');
      assert.ok(!all.includes('top-secret-pw'));
      assert.ok(!/authorization|response=/i.test(all), all);
    } finally {
      await zed.close();
      await logged.close();
    }
  });
});
