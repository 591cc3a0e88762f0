// Property tests (fast-check) of the SIP parser and of the server core behind it: arbitrary
// strings, strings built from SIP fragments, and mutated valid messages either parse or are
// rejected and counted as malformed; nothing throws, nothing the server sends is malformed,
// and the server keeps serving afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startDevSipServer } from './index.js';
import { SipCore } from './sip-core.js';
import { parseSip, serializeSip } from './sip-message.js';
import { callerDialog, TestSipClient } from './test-client.js';
import type { SipConnection } from './types.js';

const RUNS = 1000;

const SEEDS = [
  'INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WSS abc.invalid;branch=z9hG4bK776\r\nMax-Forwards: 69\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: "Alice" <sip:alice@127.0.0.1>;tag=1928\r\nCall-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nContact: <sip:x1@abc.invalid;transport=ws;ob>\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n',
  'REGISTER sip:127.0.0.1 SIP/2.0\r\nv: SIP/2.0/WSS abc.invalid;branch=z9hG4bKreg\r\nMax-Forwards: 69\r\nt: <sip:alice@127.0.0.1>\r\nf: <sip:alice@127.0.0.1>;tag=r1\r\ni: reg-call-id\r\nCSeq: 2 REGISTER\r\nm: <sip:x1@abc.invalid;transport=ws>;+sip.instance="<urn:uuid:1>";expires=600, <sip:x2@abc.invalid>\r\nExpires: 600\r\nAuthorization: Digest username="alice", realm="r", nonce="00", uri="sip:127.0.0.1", response="0", qop=auth, nc=00000001, cnonce="c"\r\nl: 0\r\n\r\n',
  'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/WSS call-elements-dev-proxy.invalid;branch=z9hG4bKabc, SIP/2.0/WSS abc.invalid;branch=z9hG4bK776\r\nTo: <sip:bob@127.0.0.1>;tag=b1\r\nFrom: <sip:alice@127.0.0.1>;tag=1928\r\nCall-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nRecord-Route: <sip:call-elements-dev-proxy.invalid;transport=ws;lr>\r\nContent-Length: 0\r\n\r\n',
  'BYE sip:x1@abc.invalid;transport=ws SIP/2.0\r\nVia: SIP/2.0/WSS def.invalid;branch=z9hG4bKbye\r\nRoute: <sip:call-elements-dev-proxy.invalid;transport=ws;lr>\r\nTo: <sip:alice@127.0.0.1>;tag=1928\r\nFrom: <sip:bob@127.0.0.1>;tag=b1\r\nCall-ID: a84b4c76e66710\r\nCSeq: 1 BYE\r\n\r\n',
  'CANCEL sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WSS abc.invalid;branch=z9hG4bK776\r\nTo: <sip:bob@127.0.0.1>\r\nFrom: <sip:alice@127.0.0.1>;tag=1928\r\nCall-ID: a84b4c76e66710\r\nCSeq: 314159 CANCEL\r\n\r\n',
];

const FRAGMENTS = [
  '\r\n', '\r\n\r\n', '\n', ' ', '\t', ':', ';', ',', '<', '>', '"', '\\', '=', '@', '%', '%zz', '\u0000', 'é', '😀', '\uFFFD',
  'SIP/2.0', 'SIP/2.0 ', 'INVITE ', 'REGISTER ', 'ACK ', 'sip:', 'sips:', 'tel:', 'z9hG4bK', 'branch=', 'tag=', 'expires=0', ';lr',
  'Via: ', 'v: ', 'From: ', 'To: ', 'Call-ID: ', 'CSeq: 1 INVITE', 'Content-Length: ', 'l: 99999999999', 'Contact: *', 'Max-Forwards: 0',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '__proto__: x', 'constructor: y',
  'call-elements-dev-proxy.invalid', '127.0.0.1', '[::1]', 'Digest ', 'username="__proto__"', 'Proxy-Authorization: ',
];

const fragment = fc.constantFrom(...FRAGMENTS);

/** Any text, including code points a SIP message never holds. */
const arbitraryText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fragment, maxLength: 60 }));

/** A valid message with edits: deletions, insertions of fragments, repeated slices, dropped or doubled lines, truncation. */
const mutatedMessage = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'repeat', 'drop-line', 'double-line', 'truncate'), fc.nat(), fc.nat({ max: 40 }), fragment), { minLength: 1, maxLength: 6 }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [op, position, length, piece] of edits) {
      const at = position % (text.length + 1);
      if (op === 'delete') text = text.slice(0, at) + text.slice(at + 1 + length);
      else if (op === 'insert') text = text.slice(0, at) + piece + text.slice(at);
      else if (op === 'repeat') text = text.slice(0, at) + text.slice(at, at + length).repeat(2 + (length % 3)) + text.slice(at);
      else if (op === 'truncate') text = text.slice(0, at);
      else {
        const lines = text.split('\r\n');
        const line = position % lines.length;
        lines.splice(line, op === 'drop-line' ? 1 : 0, ...(op === 'double-line' ? [lines[line]] : []));
        text = lines.join('\r\n');
      }
    }
    return text;
  });

/** Start line and headers drawn separately, with header names that are also Object.prototype members. */
const assembledMessage = fc
  .tuple(
    fc.oneof(fc.constantFrom('INVITE sip:bob@127.0.0.1 SIP/2.0', 'REGISTER sip:127.0.0.1 SIP/2.0', 'OPTIONS sip:127.0.0.1 SIP/2.0', 'SIP/2.0 200 OK', 'SIP/2.0 487 Request Terminated'), fc.string({ unit: fragment, maxLength: 6 })),
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('Via', 'v', 'From', 'f', 'To', 't', 'Call-ID', 'i', 'CSeq', 'Contact', 'm', 'Content-Length', 'l', 'Max-Forwards', 'Route', 'Expires', 'Authorization', 'Proxy-Authorization'),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'),
          fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,12}$/),
        ),
        fc.string({ unit: fragment, maxLength: 8 }),
      ),
      { maxLength: 14 },
    ),
    fc.string({ unit: fragment, maxLength: 10 }),
  )
  .map(([start, headers, body]) => `${start}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${body}`);

const anyFrame = fc.oneof(arbitraryText, mutatedMessage, assembledMessage);

/** A socket as the SIP core sees it, recording what it is sent. */
function fakeConnection(id: number, sent: string[]): SipConnection {
  return { id, open: true, host: '127.0.0.1:5062', send: (text) => void sent.push(text), close: () => undefined };
}

describe('SIP parser and core, property-based', { timeout: 60_000 }, () => {
  it(`parseSip: ${RUNS} frames either parse into a message or are rejected with a reason; never throw`, () => {
    fc.assert(
      fc.property(anyFrame, (text) => {
        const result = parseSip(text);
        if (!result.message) {
          assert.equal(typeof result.problem, 'string');
          return;
        }
        const { message } = result;
        assert.ok((message.method === undefined) !== (message.status === undefined), 'a request or a response');
        assert.ok(message.headers.every(([n, v]) => typeof n === 'string' && typeof v === 'string'));
        assert.equal(typeof message.body, 'string');
        const again = parseSip(serializeSip(message)).message;
        assert.ok(again, 'a parsed message serialises into one that parses');
        assert.deepEqual([again.method, again.uri, again.status], [message.method, message.uri, message.status]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`SipCore: ${RUNS} frames are handled or counted as malformed, with no internal error, and everything sent is well-formed SIP`, () => {
    const lines: string[] = [];
    const core = new SipCore({ log: (line) => lines.push(line) });
    const sent: string[] = [];
    const conns = [fakeConnection(1, sent), fakeConnection(2, sent)];
    conns.forEach((c) => core.opened(c));
    try {
      fc.assert(
        fc.property(anyFrame, fc.nat({ max: 1 }), (text, which) => {
          const before = core.stats.toJSON(new Map(), []).malformed;
          const logged = lines.length;
          sent.length = 0;
          core.handle(conns[which], text);
          const counted = core.stats.toJSON(new Map(), []).malformed - before;
          const isFrame = text !== '\r\n\r\n' && text.trim() !== '';
          if (isFrame && !parseSip(text).message) assert.equal(counted, 1, 'an unparsable frame is counted once');
          else assert.ok(counted === 0 || counted === 1);
          for (const frame of sent) {
            if (frame === '\r\n') continue;
            const out = parseSip(frame);
            assert.ok(out.message && out.problem === undefined, `sent a malformed frame: ${JSON.stringify(frame).slice(0, 200)} (${out.problem})`);
          }
          assert.deepEqual(lines.slice(logged).filter((l) => /internal error/.test(l)), []);
        }),
        { numRuns: RUNS },
      );
      assert.equal(({} as Record<string, unknown>).INVITE, undefined);
    } finally {
      conns.forEach((c) => core.closed(c));
      core.dispose();
    }
  });

  it('a running server keeps serving after the same kinds of frames over a WebSocket', async () => {
    const server = await startDevSipServer();
    const fuzz = await TestSipClient.connect(server.url, 'fuzz');
    const alice = await TestSipClient.connect(server.url, 'alice');
    const bob = await TestSipClient.connect(server.url, 'bob');
    try {
      for (const text of fc.sample(anyFrame, { numRuns: 500, seed: 7 })) fuzz.sendRaw(text);
      fuzz.send('OPTIONS', 'sip:127.0.0.1', { callId: 'after-fuzz' });
      await fuzz.next((m) => m.status === 200 && m.headers.some(([n, v]) => n === 'Call-ID' && v === 'after-fuzz'), 10_000);
      assert.ok(server.server.stats().malformed > 0);
      assert.equal((await alice.register()).status, 200);
      assert.equal((await bob.register()).status, 200);
      const sent = alice.send('INVITE', 'sip:bob@127.0.0.1', { body: 'v=0\r\n' });
      const invite = await bob.request('INVITE');
      bob.reply(invite, 200, 'OK', { body: 'v=0\r\n' });
      const ok = await alice.response(200, 'INVITE');
      alice.sendInDialog('ACK', callerDialog(sent, ok), { cseq: sent.cseq });
      await bob.request('ACK');
    } finally {
      await Promise.all([fuzz.close(), alice.close(), bob.close()]);
      await server.close();
    }
  });
});
