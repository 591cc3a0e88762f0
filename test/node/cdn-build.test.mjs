// The CDN build's JsSIP trims (scripts/build-cdn.mjs, scripts/cdn-shims/): the EventEmitter
// stand-in behaves as Node's for what JsSIP uses, the grammar without failure reporting parses
// exactly as JsSIP's own, and the built SIP chunk has neither the stubbed classes nor the
// full `events` package.
import assert from 'node:assert/strict';
import { EventEmitter as NodeEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCdn, trimGrammar } from '../../scripts/build-cdn.mjs';

const require = createRequire(import.meta.url);
const Shim = require('../../scripts/cdn-shims/events.cjs');

/** What a run of emitter calls observes, for the shim and Node's EventEmitter alike. */
function scenario(Emitter) {
  const seen = [];
  class Session extends Emitter {
    constructor() {
      super();
      this.name = 'session';
    }
  }
  const e = new Session();
  const a = (x) => seen.push(`a${x}`);
  const b = function (x) {
    seen.push(`b${x}:${this.name}`);
    e.removeListener('x', a); // during an emit: this emit still calls the rest of its copy
    e.on('x', (y) => seen.push(`late${y}`));
  };
  e.on('x', b).on('x', a);
  e.once('x', (x) => seen.push(`once${x}`));
  seen.push(`listeners ${e.listeners('x').length}`);
  seen.push(`emit ${e.emit('x', 1)}`);
  seen.push(`emit ${e.emit('x', 2)}`);
  seen.push(`none ${e.emit('nothing')}`);
  const twice = () => seen.push('twice');
  e.on('t', twice).on('t', twice).removeListener('t', twice);
  e.emit('t');
  const o = () => seen.push('o');
  e.once('o', o);
  seen.push(`listed once ${e.listeners('o')[0] === o}`);
  e.removeListener('o', o);
  seen.push(`removed once ${e.emit('o')}`);
  e.removeAllListeners('x');
  seen.push(`after removeAll(x) ${e.listenerCount('x')} ${e.listenerCount('t')}`);
  e.removeAllListeners();
  seen.push(`after removeAll() ${e.listenerCount('t')}`);
  assert.throws(() => e.emit('error', new Error('boom')), /boom/);
  e.on('error', (err) => seen.push(`handled ${err.message}`));
  e.emit('error', new Error('ok'));
  return seen;
}

test('the events stand-in behaves as Node’s EventEmitter for what JsSIP uses', () => {
  assert.deepEqual(scenario(Shim.EventEmitter), scenario(NodeEmitter));
  assert.equal(Shim, Shim.EventEmitter);
});

test('the grammar without failure reporting parses as JsSIP’s own', () => {
  const path = require.resolve('jssip/lib/Grammar.js');
  const original = require(path);
  const text = readFileSync(path, 'utf8');
  const trimmed = trimGrammar(text);
  assert.ok(trimmed.length < text.length - 5000, 'the failure reporting came out');
  const module = { exports: {} };
  new Function('module', 'exports', 'require', trimmed)(module, module.exports, createRequire(path));
  const cases = [
    ['sip:alice@example.com;transport=ws', 'SIP_URI'],
    ['sips:bob:secret@[2001:db8::1]:5061;lr?subject=hi', 'SIP_URI'],
    ['not a uri', 'SIP_URI'],
    ['"Alice" <sip:alice@example.com>;tag=abc', 'Name_Addr_Header'],
    ['<sip:bob@example.com?Replaces=1%40x%3Bto-tag%3Da%3Bfrom-tag%3Db>', 'Refer_To'],
    ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport', 'Via'],
    ['<sip:alice@192.0.2.4:5060;ob>;expires=600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>"', 'Contact'],
    ['INVITE sip:bob@example.com SIP/2.0', 'Request_Response'],
    ['SIP/2.0 180 Ringing', 'Request_Response'],
    ['SIP/2.0 18 Ringing', 'Request_Response'],
    ['Digest realm="example.com", nonce="abc", qop="auth", algorithm=MD5', 'WWW_Authenticate'],
    ['refer;id=12', 'Event'],
    ['active;expires=60', 'Subscription_State'],
    ['SIP ;cause=200 ;text="Call completed elsewhere"', 'Reason'],
    ['90;refresher=uac', 'Session_Expires'],
    ['application/sdp', 'Content_Type'],
    ['4711 INVITE', 'CSeq'],
    ['a84b4c76e66710@pc33.atlanta.example.com', 'Call_ID'],
    ['"quoted"', 'quoted_string'],
    ['example.com', 'host'],
    ['http://example.com/x', 'absoluteURI'],
    ['', 'SIP_URI'],
  ];
  for (const [input, rule] of cases) {
    assert.deepEqual(module.exports.parse(input, rule), original.parse(input, rule), `${rule}: ${input}`);
  }
  assert.equal(trimGrammar('something else'), 'something else', 'an unknown shape is left as it is');
});

test('the built SIP chunk has the stand-ins, not the stubbed classes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-cdn-'));
  try {
    await buildCdn(dir);
    const sip = readdirSync(dir).find((f) => /^sip-.*\.js$/.test(f));
    const text = readFileSync(join(dir, sip), 'utf8');
    assert.match(text, /JsSIP Subscriber is not in the call-elements CDN build/);
    assert.doesNotMatch(text, /Not enough arguments. Missing subscribe request|sendMessage\(\) ?failed|MaxListenersExceededWarning/);
    assert.doesNotMatch(text, /matchFailed\("/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
