import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DigestAuthenticator, parseDigest } from './digest.js';
import { deriveBranch } from './proxy.js';
import { header, headers, parseSip, responseTo, serializeSip } from './sip-message.js';
import { addrUri, param, parseCseq, parseUri, parseVia } from './sip-uri.js';

/** A REGISTER exactly as JsSIP 3.13 sends it (compact forms mixed in for the parser). */
const JSSIP_REGISTER = [
  'REGISTER sip:127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/WSS q2l0c8s9iu4b.invalid;branch=z9hG4bK5226085',
  'Max-Forwards: 69',
  'To: <sip:alice@127.0.0.1>',
  'From: <sip:alice@127.0.0.1>;tag=c1ttc6k3o8',
  'Call-ID: a9qk3t1vch4tsq2vfqcq',
  'CSeq: 4 REGISTER',
  'Contact: <sip:n2o7t0c7@q2l0c8s9iu4b.invalid;transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:8c1b6f2e-0f5a-4b4c-9d1e-2f3a4b5c6d7e>";expires=600',
  'Expires: 600',
  'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
  'Supported: path,gruu,outbound',
  'User-Agent: JsSIP 3.13.8',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('SIP message parsing', { timeout: 15_000 }, () => {
  it('reads a JsSIP REGISTER, including the quoted <urn:uuid> in its Contact', () => {
    const { message, problem } = parseSip(JSSIP_REGISTER);
    assert.equal(problem, undefined);
    assert.equal(message?.method, 'REGISTER');
    const contact = header(message!, 'Contact');
    assert.equal(addrUri(contact), 'sip:n2o7t0c7@q2l0c8s9iu4b.invalid;transport=ws');
    assert.equal(param(contact, 'expires'), '600', 'the > inside +sip.instance does not end the address');
    assert.equal(param(contact, 'reg-id'), '1');
    assert.equal(param(contact, '+sip.ice'), '');
    assert.equal(param(contact, 'transport'), undefined, 'URI parameters are not header parameters');
  });

  it('expands compact headers, splits Via/Route/Contact lists, and unfolds continuation lines', () => {
    const text = [
      'INVITE sip:bob@example.com SIP/2.0',
      'v: SIP/2.0/WSS a.invalid;branch=z9hG4bK1, SIP/2.0/WSS b.invalid;branch=z9hG4bK2',
      'Route: <sip:p1;lr>, <sip:p2;lr>',
      'f: "Doe, John" <sip:john@example.com>;tag=1',
      't: <sip:bob@example.com>',
      'i: abc',
      'CSeq: 1',
      '  INVITE',
      'm: "A, B" <sip:x@h.invalid>, <sip:y@h.invalid>',
      'l: 0',
      '',
      '',
    ].join('\r\n');
    const { message, problem } = parseSip(text);
    assert.equal(problem, undefined);
    assert.deepEqual(headers(message!, 'Via').map((v) => parseVia(v)?.host), ['a.invalid', 'b.invalid']);
    assert.deepEqual(headers(message!, 'Route'), ['<sip:p1;lr>', '<sip:p2;lr>']);
    assert.equal(header(message!, 'From'), '"Doe, John" <sip:john@example.com>;tag=1', 'a comma in quotes is no separator');
    assert.deepEqual(headers(message!, 'Contact').map(addrUri), ['sip:x@h.invalid', 'sip:y@h.invalid']);
    assert.deepEqual(parseCseq(header(message!, 'CSeq')), { seq: 1, method: 'INVITE' });
    assert.equal(header(message!, 'Call-ID'), 'abc');
  });

  it('cuts the body to Content-Length in bytes and flags a short body', () => {
    const ok = parseSip('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\n✓ trailing');
    assert.equal(ok.message?.body, '✓', '✓ is three bytes');
    const short = parseSip('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 30\r\n\r\nshort');
    assert.equal(short.problem, 'body shorter than Content-Length');
    assert.equal(parseSip('HTTP/1.1 200 OK\r\n\r\n').message, undefined);
    assert.equal(parseSip('SIP/2.0 999 Nope\r\n\r\n').message, undefined);
  });

  it('serialises with a byte-accurate Content-Length and builds responses with a To tag', () => {
    const { message } = parseSip('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=z9hG4bKx\r\nTo: <sip:a@b>\r\nFrom: <sip:c@b>;tag=9\r\nCall-ID: 1\r\nCSeq: 2 MESSAGE\r\nContent-Length: 99\r\n\r\n');
    message!.body = 'héllo';
    assert.match(serializeSip(message!), /\r\nContent-Length: 6\r\n\r\nhéllo$/);
    const res = responseTo(message!, 404);
    assert.equal(res.reason, 'Not Found');
    assert.match(header(res, 'To')!, /^<sip:a@b>;tag=\w+$/);
    assert.equal(header(res, 'CSeq'), '2 MESSAGE');
    assert.equal(header(responseTo(message!, 100), 'To'), '<sip:a@b>', 'no tag on 100 Trying');
  });

  it('parses URIs: user, host, port, IPv6, escapes; rejects other schemes', () => {
    assert.deepEqual(parseUri('sip:al%69ce@Example.COM:5060;transport=ws'), { scheme: 'sip', user: 'alice', host: 'example.com', port: 5060 });
    assert.deepEqual(parseUri('sips:[::1]:5061'), { scheme: 'sips', user: '', host: '[::1]', port: 5061 });
    assert.equal(parseUri('sip:bad%zz@h')?.user, 'bad%zz', 'a malformed escape does not throw');
    assert.equal(parseUri('sip:user:pw@h')?.user, 'user');
    assert.equal(parseUri('tel:+15551234'), undefined);
    assert.equal(parseUri('http://x'), undefined);
  });

  it('derives the same branch for an INVITE, its CANCEL and its non-2xx ACK, and others for other requests', () => {
    const request = (method: string, branch: string, seq = 7) =>
      parseSip(`${method} sip:b@h SIP/2.0\r\nVia: SIP/2.0/WSS h.invalid;branch=${branch}\r\nFrom: <sip:a@h>;tag=f\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: ${seq} ${method}\r\n\r\n`).message!;
    const invite = deriveBranch(request('INVITE', 'z9hG4bKabc'));
    assert.match(invite, /^z9hG4bK[0-9a-f]{24}$/);
    assert.equal(deriveBranch(request('CANCEL', 'z9hG4bKabc')), invite);
    assert.equal(deriveBranch(request('ACK', 'z9hG4bKabc')), invite);
    assert.notEqual(deriveBranch(request('ACK', 'z9hG4bKother')), invite);
    assert.notEqual(deriveBranch(request('INVITE', 'z9hG4bKabc', 8)), invite);
  });
});

describe('digest authentication', { timeout: 15_000 }, () => {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const answer = (challenge: string, password: string, extra: Record<string, string> = {}) => {
    const p: Record<string, string> = { ...parseDigest(challenge), username: 'alice', uri: 'sip:example.com', nc: '00000001', cnonce: 'c0ffee', qop: 'auth', ...extra };
    const response = md5(`${md5(`${p.username}:${p.realm}:${password}`)}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${md5(`REGISTER:${p.uri}`)}`);
    return `Digest username="${p.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${p.uri}", response="${response}", qop=${p.qop}, nc=${p.nc}, cnonce="${p.cnonce}"`;
  };

  it('accepts the right answer and tells apart missing, wrong, foreign and stale credentials', () => {
    const auth = new DigestAuthenticator('realm.test', { alice: 's3cret', bob: 'x' });
    const challenge = auth.challenge();
    assert.equal(auth.verify(undefined, 'REGISTER', 'alice'), 'challenge');
    assert.equal(auth.verify('Basic YWxpY2U6czNjcmV0', 'REGISTER', 'alice'), 'challenge');
    assert.equal(auth.verify(answer(challenge, 's3cret'), 'REGISTER', 'alice'), 'ok');
    assert.equal(auth.verify(answer(challenge, 'nope'), 'REGISTER', 'alice'), 'forbidden');
    assert.equal(auth.verify(answer(challenge, 's3cret'), 'REGISTER', 'bob'), 'forbidden', 'alice may not register bob');
    assert.equal(auth.verify(answer(challenge, 's3cret', { realm: 'other' }), 'REGISTER', 'alice'), 'forbidden');
    assert.equal(auth.verify(answer(challenge, 's3cret', { nonce: 'abcdef' }), 'REGISTER', 'alice'), 'stale');
    assert.equal(auth.verify(answer(challenge, 's3cret'), 'INVITE', 'alice'), 'forbidden', 'the method is part of the digest');
    assert.equal(auth.verify(answer(challenge, 'x', { username: '__proto__' }), 'REGISTER', '__proto__'), 'forbidden');
  });
});
