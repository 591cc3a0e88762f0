import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedCountTable, BoundedCounts } from './counters.js';
import { DigestAuthenticator, digestResponse, NONCE_LIFETIME_MS, parseDigest } from './digest.js';
import { ConnectionDirectory } from './directory.js';
import { DEFAULT_LIMITS, MAX_NAME_LENGTH, MAX_URI_LENGTH, OVERFLOW_KEY, resolveLimits } from './limits.js';
import { Registrar } from './registrar.js';
import { parseSip } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { normalizeAddress, SocketLimiter } from './socket-limiter.js';
import { SipStats } from './stats.js';
import { keptOf, TransactionTable } from './transactions.js';
import type { SipConnection } from './types.js';

let nextId = 1;
const conn = (): SipConnection => ({ id: nextId++, open: true, host: '127.0.0.1:5062', send: () => undefined, close: () => undefined });
const request = (text: string): SipMessage => parseSip(text.replace(/\n/g, '\r\n')).message!;

describe('limits', () => {
  it('resolves overrides over the defaults and rejects unknown names and bad values', () => {
    assert.deepEqual(resolveLimits(), DEFAULT_LIMITS);
    assert.equal(resolveLimits({ sockets: 5 }).sockets, 5);
    assert.equal(resolveLimits({ sockets: undefined }).sockets, DEFAULT_LIMITS.sockets);
    assert.throws(() => resolveLimits({ sockets: 0 }), /positive integer/);
    assert.throws(() => resolveLimits({ sockets: 1.5 }), /positive integer/);
    assert.throws(() => resolveLimits({ socket: 1 } as never), /unknown dev SIP server limit "socket"/);
    assert.throws(() => resolveLimits(JSON.parse('{"__proto__": 1}')), /unknown/);
  });

  it('SocketLimiter: caps sockets in total and per address, and gives slots back once', () => {
    const limiter = new SocketLimiter(3, 2);
    const a1 = limiter.admit('10.0.0.1');
    const a2 = limiter.admit('10.0.0.1');
    assert.match(limiter.admit('10.0.0.1').refused!, /10\.0\.0\.1 already has 2 sockets open \(limits\.socketsPerAddress\)/);
    const b1 = limiter.admit('10.0.0.2');
    assert.match(limiter.admit('10.0.0.3').refused!, /all 3 sockets .* \(limits\.sockets\)/);
    a1.release!();
    a1.release!();
    assert.equal(limiter.size, 2, 'a second release changes nothing');
    assert.ok(limiter.admit('10.0.0.3').release);
    assert.ok(a2.release && b1.release);
    assert.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('::1'), '::1');
  });

  it('BoundedCounts and BoundedCountTable: count new keys beyond the cap under (other)', () => {
    const counts = new BoundedCounts(2);
    for (const key of ['a', 'b', 'c', 'd', 'a']) counts.bump(key);
    assert.deepEqual(counts.toJSON(), { a: 2, b: 1, [OVERFLOW_KEY]: 2 });
    const table = new BoundedCountTable(1, 1);
    table.bump('alice', 'INVITE');
    table.bump('alice', 'BYE');
    table.bump('bob', 'INVITE');
    assert.deepEqual(table.toJSON(), { alice: { INVITE: 1, [OVERFLOW_KEY]: 1 }, [OVERFLOW_KEY]: { INVITE: 1 } });
    assert.equal(table.size, 2);
  });

  it('SipStats keeps the counters of at most trackedSockets closed sockets', () => {
    const stats = new SipStats({ ...DEFAULT_LIMITS, trackedSockets: 2 });
    for (let id = 1; id <= 5; id++) {
      stats.connected(id);
      stats.request(id, 'OPTIONS', `user${id}`);
      if (id < 5) stats.disconnected(id);
    }
    assert.deepEqual(Object.keys(stats.toJSON(new Map([[5, []]]), []).sockets), ['3', '4', '5']);
    assert.equal(stats.sizes().sockets, 3);
  });

  it('TransactionTable: caps each socket, and when full drops the oldest of the heaviest socket, never of a lighter one', () => {
    const table = new TransactionTable({ transactions: 4, transactionBytes: 1 << 20, transactionsPerSocket: 3 });
    const [a, b, c, target] = [conn(), conn(), conn(), conn()];
    const invite = request('INVITE sip:b@h SIP/2.0\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bK1\nFrom: <sip:a@h>;tag=1\nTo: <sip:b@h>\nCall-ID: c\nCSeq: 1 INVITE\nContent-Length: 3\n\nv=0');
    const tx = (source: SipConnection, branch: string) => ({ branch, method: 'INVITE', source, target, received: invite, forwarded: invite, final: false });
    const a1 = tx(a, 'a1');
    assert.equal(table.add(a1), true);
    assert.equal(table.add(tx(a, 'a2')), true);
    assert.equal(table.add(tx(a, 'a3')), true);
    assert.equal(table.add(tx(a, 'a4')), false, 'a has its share (transactionsPerSocket)');
    assert.equal(table.add(tx(a, 'a3')), true, 'the same branch replaces');
    assert.equal(table.add(tx(b, 'b1')), true);
    assert.equal(table.size, 4);
    assert.equal(table.add(tx(c, 'c1')), true, 'full: the heaviest socket (a) makes room');
    assert.equal(table.get('a1', 'INVITE'), undefined, "a's oldest went");
    assert.equal(table.size, 4);
    assert.equal(table.add(tx(c, 'c2')), false, 'c would hold as much as a: refused');
    assert.deepEqual(table.involving(a).map((t) => t.branch), ['a2', 'a3']);
    assert.equal(table.involving(target).length, 4);
    const bytes = table.byteSize;
    table.remove(table.get('b1', 'INVITE')!);
    assert.ok(table.byteSize < bytes && table.byteSize > 0);
    table.clear();
    assert.equal(table.byteSize, 0);
  });

  it('TransactionTable: bounds the bytes it keeps, and keeps no bodies', () => {
    const big = request(`INVITE sip:b@h SIP/2.0\nVia: SIP/2.0/WSS h.invalid\nFrom: <sip:a@h>;tag=1\nTo: <sip:b@h>\nCall-ID: c\nCSeq: 1 INVITE\nX-Junk: ${'j'.repeat(5000)}\nRoute: <sip:${'r'.repeat(900)}@h>\nContent-Length: 10000\n\n${'b'.repeat(10_000)}`);
    const kept = keptOf(big);
    assert.equal(kept.body, '');
    assert.deepEqual(kept.headers.map(([n]) => n), ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Route']);
    const table = new TransactionTable({ transactions: 100, transactionBytes: 10_000, transactionsPerSocket: 100 });
    const [a, b, target] = [conn(), conn(), conn()];
    for (let i = 0; i < 20; i++) table.add({ branch: `a${i}`, method: 'INVITE', source: a, target, received: kept, forwarded: kept, final: false });
    assert.ok(table.byteSize <= 10_000, `${table.byteSize} bytes`);
    assert.ok(table.size < 20);
    table.add({ branch: 'b', method: 'INVITE', source: b, target, received: kept, forwarded: kept, final: false });
    assert.ok(table.get('b', 'INVITE'), 'room made for a lighter socket');
    table.clear();
  });

  it('ConnectionDirectory: learns at most learnedPerSocket names per socket and keeps the newest dialogs per caller', () => {
    const directory = new ConnectionDirectory('proxy.invalid', { learnedPerSocket: 3, dialogsPerSocket: 2 });
    const [flood, callee] = [conn(), conn()];
    for (let i = 0; i < 10; i++) {
      directory.learn(flood, request(`OPTIONS sip:x@h SIP/2.0\nVia: SIP/2.0/WSS via${i}.invalid\nContact: <sip:u${i}@h${i}.invalid>\n\n`));
    }
    const sizes = directory.sizes();
    assert.equal(sizes.contacts + sizes.hosts, 3);
    for (let i = 0; i < 5; i++) directory.addDialog(`call-${i}`, flood, callee);
    assert.equal(directory.sizes().dialogs, 2);
    assert.equal(directory.inDialog('call-4', callee), true);
    assert.equal(directory.inDialog('call-0', flood), false, 'the oldest went first');
    directory.forget(callee);
    assert.deepEqual(directory.sizes(), { contacts: 1, hosts: 2, dialogs: 0 });
    directory.forget(flood);
    assert.deepEqual(directory.sizes(), { contacts: 0, hosts: 0, dialogs: 0 });
  });

  it('Registrar: refuses more than contactsPerSocket contacts on one socket with 503, and remembers knownUsers users', () => {
    const registrar = new Registrar({ users: ['configured'], limits: { contactsPerSocket: 2, knownUsers: 2 } });
    const socket = conn();
    const register = (user: string, contacts: string[]) =>
      registrar.register(socket, request(`REGISTER sip:h SIP/2.0\nTo: <sip:${user}@h>\n${contacts.map((c) => `Contact: <${c}>`).join('\n')}\n\n`));
    assert.equal(register('a', ['sip:1@x.invalid', 'sip:2@x.invalid']).status, 200);
    assert.equal(register('b', ['sip:3@x.invalid']).status, 503);
    assert.match(register('b', ['sip:3@x.invalid']).reason!, /more than 2 contacts on one connection/);
    assert.equal(register('a', ['sip:1@x.invalid']).status, 200, 'refreshing an existing contact is fine');
    assert.equal(register('c', Array.from({ length: 5 }, (_, i) => `sip:${i}@y.invalid`)).status, 503, 'too many in one REGISTER');
    assert.equal(registrar.register(conn(), request('REGISTER sip:h SIP/2.0\nTo: <sip:b@h>\nContact: <sip:3@x.invalid>\n\n')).status, 200, 'another socket may');
    for (const user of ['d', 'e', 'f']) registrar.register(conn(), request(`REGISTER sip:h SIP/2.0\nTo: <sip:${user}@h>\nContact: <sip:${user}@z.invalid>\n\n`));
    assert.equal(registrar.sizes().known, 2);
    assert.equal(registrar.isKnown('a'), false, 'the oldest was forgotten');
    assert.equal(registrar.isKnown('configured'), true, 'configured users are never forgotten');
    assert.deepEqual(registrar.aorsOf(socket), ['a']);
    assert.deepEqual(registrar.dropConnection(socket), ['a']);
  });

  it(`stores no name longer than MAX_NAME_LENGTH (${MAX_NAME_LENGTH}) and no Contact longer than MAX_URI_LENGTH (${MAX_URI_LENGTH})`, () => {
    const long = 'x'.repeat(MAX_NAME_LENGTH + 1);
    const counts = new BoundedCounts(10);
    counts.bump(long);
    assert.deepEqual(counts.toJSON(), { [OVERFLOW_KEY]: 1 });
    const table = new BoundedCountTable(10, 10);
    table.bump(long, 'INVITE');
    assert.deepEqual(table.toJSON(), { [OVERFLOW_KEY]: { INVITE: 1 } });
    const directory = new ConnectionDirectory('proxy.invalid');
    const socket = conn();
    directory.learn(socket, request(`OPTIONS sip:x@h SIP/2.0\nVia: SIP/2.0/WSS ${long}.invalid\nContact: <sip:${long}@h.invalid>\n\n`));
    directory.addDialog(long, socket, conn());
    assert.deepEqual(directory.sizes(), { contacts: 0, hosts: 1, dialogs: 0 }, 'only h.invalid');
    const registrar = new Registrar();
    const register = (to: string, contact: string) => registrar.register(socket, request(`REGISTER sip:h SIP/2.0\nTo: <${to}>\nContact: <${contact}>\n\n`));
    assert.match(register(`sip:${long}@h`, 'sip:c@h.invalid').reason!, /user longer than 256/);
    assert.match(register('sip:u@h', `sip:c@h.invalid;${'p'.repeat(MAX_URI_LENGTH)}`).reason!, /Contact longer than 1024/);
    assert.equal(register('sip:u@h', 'sip:c@h.invalid').status, 200);
  });

  it('DigestAuthenticator: nonces carry their time, expire after NONCE_LIFETIME_MS, and cannot be forged', () => {
    let now = 1_700_000_000_000;
    const auth = new DigestAuthenticator('r', { alice: 'pw' }, () => now);
    const answer = (challenge: string, nonce = parseDigest(challenge).nonce) => {
      const p = { username: 'alice', realm: 'r', nonce, uri: 'sip:h', qop: 'auth', nc: '00000001', cnonce: 'c' };
      return `Digest username="alice", realm="r", nonce="${nonce}", uri="sip:h", qop=auth, nc=00000001, cnonce="c", response="${digestResponse(p, 'REGISTER', 'pw')}"`;
    };
    const challenge = auth.challenge();
    for (let i = 0; i < 5000; i++) auth.challenge();
    assert.equal(auth.verify(answer(challenge), 'REGISTER', 'alice'), 'ok', 'a flood of challenges evicts nothing');
    now += NONCE_LIFETIME_MS + 1;
    assert.equal(auth.verify(answer(challenge), 'REGISTER', 'alice'), 'stale');
    const nonce = parseDigest(auth.challenge()).nonce;
    const later = (parseInt(nonce.slice(0, 12), 16) + 60_000).toString(16).padStart(12, '0') + nonce.slice(12);
    assert.equal(auth.verify(answer('', later), 'REGISTER', 'alice'), 'stale', 'a changed time breaks the MAC');
    const other = new DigestAuthenticator('r', { alice: 'pw' }, () => now);
    assert.equal(other.verify(answer('', nonce), 'REGISTER', 'alice'), 'stale', 'another server (a restart) issued it');
  });
});
