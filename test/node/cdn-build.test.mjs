// The CDN build's JsSIP trims (scripts/build-cdn.mjs, scripts/cdn-shims/): the EventEmitter
// stand-in behaves as Node's for what JsSIP uses, the sdp-transform stand-in reads and writes
// back what JsSIP uses as sdp-transform does, the grammar without failure reporting parses
// exactly as JsSIP's own, and the built SIP chunk and the package's JsSIP module have neither
// the stubbed classes nor the full `events` package.
import assert from 'node:assert/strict';
import { EventEmitter as NodeEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import fc from 'fast-check';
import sdpTransform from 'sdp-transform';
import ts from 'typescript';
import { buildCdn, buildJssipModule, withoutDebugLines, withoutUnusedSessionMethods } from '../../scripts/build-cdn.mjs';
import { compactCatalogue } from '../../scripts/compact-catalogue.mjs';
import { compactGrammar, jssipStartRules, pruneGrammar, shrinkGrammar, trimGrammar } from '../../scripts/jssip-grammar.mjs';
import { combinatorGrammar } from '../../scripts/jssip-grammar-combinators.mjs';

const require = createRequire(import.meta.url);
const Shim = require('../../scripts/cdn-shims/events.cjs');
const SdpShim = require('../../scripts/cdn-shims/sdp-transform.cjs');

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

/** What JsSIP reads off a parsed SDP. */
const jssipView = (sdp) => ({ direction: sdp.direction, media: sdp.media.map((m) => ({ type: m.type, direction: m.direction })) });

/** JsSIP's hold mangling of its own offer (RTCSession#_mangleOffer), on a parsed SDP. */
function mangle(sdp, local, remote) {
  for (const m of sdp.media) {
    if (m.type !== 'audio' && m.type !== 'video') continue;
    if (local && remote) m.direction = 'inactive';
    else if (!m.direction || m.direction === 'sendrecv') m.direction = local ? 'sendonly' : 'recvonly';
    else if (m.direction === 'recvonly') m.direction = 'inactive';
  }
  return sdp;
}

const CHROMIUM_OFFER = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=extmap-allow-mixed', 'a=msid-semantic: WMS stream',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 127.0.0.1 51234 typ host generation 0', 'a=ice-ufrag:8hhY', 'a=ice-pwd:asd88fgpdd777uzjYhagZg',
  'a=ice-options:trickle', 'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
  'a=setup:actpass', 'a=mid:0', 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=sendrecv', 'a=msid:stream track-a', 'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1', 'a=rtpmap:0 PCMU/8000', 'a=ssrc:1001 cname:x',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=recvonly', 'a=rtcp-mux', 'a=rtcp-rsize', 'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack pli', 'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
].join('\r\n') + '\r\n';
const PLAIN_RTP_OFFER = 'v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\na=sendonly\r\nm=audio 6000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n';

test('the sdp-transform stand-in reads and writes back what JsSIP uses as sdp-transform does', () => {
  const check = (text, local, remote) => {
    assert.deepEqual(jssipView(SdpShim.parse(text)), jssipView(sdpTransform.parse(text)), text);
    // A mangled offer means to sdp-transform what sdp-transform's own writer would have made.
    const written = SdpShim.write(mangle(SdpShim.parse(text), local, remote));
    assert.deepEqual(sdpTransform.parse(written), mangle(sdpTransform.parse(text), local, remote), text);
    assert.ok(written.endsWith('\r\n'));
  };
  for (const text of [CHROMIUM_OFFER, PLAIN_RTP_OFFER, '']) {
    for (const [local, remote] of [[true, false], [false, true], [true, true], [false, false]]) check(text, local, remote);
  }
  // Every other line of the browser's offer stays as it was, in its order.
  const held = SdpShim.write(mangle(SdpShim.parse(CHROMIUM_OFFER), true, false));
  assert.equal(held, CHROMIUM_OFFER.replace('a=sendrecv', 'a=sendonly').replace('a=recvonly', 'a=inactive'));
  const line = fc.constantFrom(
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'c=IN IP4 127.0.0.1', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0', 'm=video 0 RTP/AVP 96',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'm=audio', 'm=123 9 RTP/AVP 0', 'm= 9 RTP/AVP 0', 'a=sendrecv', 'a=sendonly', 'a=recvonly',
    'a=inactive', 'a=sendrecvx', 'a=rtpmap:111 opus/48000/2', 'a=mid:0', 'A=sendonly', 'a=', '', ' a=inactive', 'garbage', 'a=ptime:20',
  );
  const sdp = fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\r\n', '\n', '\r')).map(([lines, eol]) => lines.join(eol));
  fc.assert(fc.property(sdp, fc.boolean(), fc.boolean(), (text, local, remote) => check(text, local, remote)), { numRuns: 2000 });
  assert.throws(() => SdpShim.write({ media: [] }), /writes back only an SDP it parsed/);
});

/** Grammar.js text loaded as a module, requiring what JsSIP's own does. */
function loadGrammar(text) {
  const path = require.resolve('jssip/lib/Grammar.js');
  const module = { exports: {} };
  new Function('module', 'exports', 'require', text)(module, module.exports, createRequire(path));
  return module.exports;
}

/** Inputs of each start rule a SIP message or JsSIP's configuration gives it, well-formed or not. */
const GRAMMAR_CASES = [
  ['sip:alice@example.com;transport=ws', 'SIP_URI'],
  ['sips:bob:secret@[2001:db8::1]:5061;lr?subject=hi', 'SIP_URI'],
  ['sip:+1-212-555-0101@192.0.2.4:5060;user=phone;maddr=10.0.0.1;ttl=5;method=INVITE', 'SIP_URI'],
  ['not a uri', 'SIP_URI'],
  ['', 'SIP_URI'],
  ['"Alice" <sip:alice@example.com>;tag=abc', 'Name_Addr_Header'],
  ['Bob <sips:bob@example.com>', 'Name_Addr_Header'],
  ['"Alice" <sip:alice@example.com>;tag=abc', 'From'],
  ['<sip:bob@example.com>;tag=x9', 'To'],
  ['<sip:bob@example.com?Replaces=1%40x%3Bto-tag%3Da%3Bfrom-tag%3Db>', 'Refer_To'],
  ['sip:carol@example.com', 'Refer_To'],
  ['a84b4c76e66710@pc33;to-tag=1;from-tag=2;early-only', 'Replaces'],
  ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport', 'Via'],
  ['SIP/2.0/UDP 192.0.2.1:5060;received=192.0.2.9;rport=5061;branch=z9hG4bKx;ttl=3;maddr=h', 'Via'],
  ['<sip:alice@192.0.2.4:5060;ob>;expires=600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>"', 'Contact'],
  ['*', 'Contact'],
  ['"A" <sip:a@h>;q=0.7, <sip:b@h>;expires=0', 'Contact'],
  ['<sip:p1.example.com;lr>, <sip:p2.example.com;lr>', 'Record_Route'],
  ['INVITE sip:bob@example.com SIP/2.0', 'Request_Response'],
  ['SIP/2.0 180 Ringing', 'Request_Response'],
  ['SIP/2.0 18 Ringing', 'Request_Response'],
  ['SIP/2.0 200 OK', 'Status_Line'],
  ['Digest realm="example.com", nonce="abc", qop="auth", algorithm=MD5', 'WWW_Authenticate'],
  ['Digest realm="r", nonce="n", opaque="o", stale=TRUE, qop="auth,auth-int"', 'Proxy_Authenticate'],
  ['refer;id=12', 'Event'],
  ['active;expires=60', 'Subscription_State'],
  ['terminated;reason=noresource', 'Subscription_State'],
  ['90;refresher=uac', 'Session_Expires'],
  ['application/sdp', 'Content_Type'],
  ['multipart/mixed;boundary=unique-boundary-1', 'Content_Type'],
  ['349', 'Content_Length'],
  ['70', 'Max_Forwards'],
  ['4711 INVITE', 'CSeq'],
  ['a84b4c76e66710@pc33.atlanta.example.com', 'Call_ID'],
  ['"quoted"', 'quoted_string'],
  ['"a\\"b"', 'quoted_string'],
  ['example.com', 'host'],
  ['[::1]', 'host'],
  ['http://example.com/x', 'absoluteURI'],
  ['wss://sip.example.com:7443/ws', 'absoluteURI'],
  ['00000000-0000-1000-8000-AABBCCDDEEFF', 'uuid'],
];
/** What parsing `input` with `rule` gives: the result, or the error JsSIP's grammar throws (it does on some inputs). */
function parsed(grammar, input, rule) {
  try {
    return { result: grammar.parse(input, rule) };
  } catch (error) {
    return { threw: `${error.name}: ${error.message}` };
  }
}

/** Characters SIP text is made of, and some it must not hold. */
const SIP_CHARS = [...'abcsipSIP019:;@<>"\\/.,=?&%-_+*~!\'()[] \t\r\n', '\u00e9', '\u4e2d'];

test('the grammar without failure reporting parses as JsSIP’s own', () => {
  const text = readFileSync(require.resolve('jssip/lib/Grammar.js'), 'utf8');
  const original = loadGrammar(text);
  const trimmed = trimGrammar(text);
  assert.ok(trimmed.length < text.length - 5000, 'the failure reporting came out');
  const grammar = loadGrammar(trimmed);
  for (const [input, rule] of GRAMMAR_CASES) assert.deepEqual(parsed(grammar, input, rule), parsed(original, input, rule), `${rule}: ${input}`);
  assert.equal(trimGrammar('something else'), 'something else', 'an unknown shape is left as it is');
});

test('the grammar as shipped (trimmed, compacted, pruned, as combinator calls) parses as JsSIP’s own, on every start rule JsSIP uses', () => {
  const text = readFileSync(require.resolve('jssip/lib/Grammar.js'), 'utf8');
  const original = loadGrammar(text);
  const compacted = compactGrammar(trimGrammar(text));
  assert.ok(compacted.length < trimGrammar(text).length - 100_000, 'the matches became matcher calls');
  const pruned = pruneGrammar(compacted, jssipStartRules());
  assert.ok(pruned.length < compacted.length - 20_000, 'unreached rules went');
  const shipped = shrinkGrammar(text);
  assert.doesNotMatch(shipped, /function parse_/, 'every rule became combinator calls');
  assert.ok(shipped.length < pruned.length / 5, 'the rules as combinator calls are a fraction of their functions');
  const grammar = loadGrammar(shipped);
  const rules = [...jssipStartRules()];
  // Every start rule a case exercises is one JsSIP uses, and each of those has a case.
  assert.deepEqual([...new Set(GRAMMAR_CASES.map(([, rule]) => rule))].sort(), rules.sort());
  for (const [input, rule] of GRAMMAR_CASES) assert.deepEqual(parsed(grammar, input, rule), parsed(original, input, rule), `${rule}: ${input}`);
  // Mutations of the cases (a character inserted, removed or replaced, a piece cut out) and
  // strings of SIP's characters, on every start rule.
  const mutated = fc
    .tuple(fc.constantFrom(...GRAMMAR_CASES), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SIP_CHARS), fc.constantFrom('insert', 'remove', 'replace', 'cut')), { maxLength: 3 }))
    .map(([[input], edits]) =>
      edits.reduce((s, [at, ch, how]) => {
        const i = s.length ? at % s.length : 0;
        if (how === 'insert') return s.slice(0, i) + ch + s.slice(i);
        if (how === 'remove') return s.slice(0, i) + s.slice(i + 1);
        if (how === 'replace') return s.slice(0, i) + ch + s.slice(i + 1);
        return s.slice(0, i);
      }, input),
    );
  const random = fc.array(fc.constantFrom(...SIP_CHARS), { maxLength: 40 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(fc.oneof(mutated, random), fc.constantFrom(...rules), (input, rule) => {
      assert.deepEqual(parsed(grammar, input, rule), parsed(original, input, rule), `${rule}: ${JSON.stringify(input)}`);
    }),
    { numRuns: 6000 },
  );
  assert.throws(() => grammar.parse('x', 'Reason'), /Invalid rule name/, 'a rule JsSIP never starts with is refused, as an unknown one is');
  // A parse from within an action (here the URI it builds parses again) leaves the outer one's state as it was.
  const module = { exports: {} };
  const requireWithNestedUri = (id) =>
    id === './URI'
      ? class {
          constructor(...parts) {
            assert.deepEqual(module.exports.parse('nested.example', 'host'), original.parse('nested.example', 'host'));
            this.parts = parts;
          }
        }
      : createRequire(require.resolve('jssip/lib/Grammar.js'))(id);
  new Function('module', 'exports', 'require', shipped)(module, module.exports, requireWithNestedUri);
  assert.deepEqual(module.exports.parse('sip:alice@b.example:5060', 'SIP_URI').parts, ['sip', 'alice', 'b.example', 5060, undefined, undefined]);
  assert.equal(combinatorGrammar('something else'), 'something else');
  // A shape the rewrite does not read (here a sequence's items out of order) leaves the text as it is.
  const odd = pruned.replace('result0 = [result0, result1];', 'result0 = [result1, result0];');
  assert.notEqual(odd, pruned);
  assert.equal(combinatorGrammar(odd), odd);
  assert.equal(compactGrammar('something else'), 'something else');
  assert.equal(pruneGrammar('something else', new Set(['SIP_URI'])), 'something else');
});

test('JsSIP without its debug lines keeps the shape of every statement', () => {
  const lib = dirname(require.resolve('jssip/lib/JsSIP.js'));
  for (const file of readdirSync(lib, { recursive: true }).filter((f) => f.endsWith('.js') && !f.endsWith('Grammar.js'))) {
    const text = readFileSync(join(lib, file), 'utf8');
    const stripped = withoutDebugLines(text, file);
    assert.doesNotThrow(() => new Function('module', 'exports', 'require', stripped), file);
    assert.equal(stripped.split('\n').length, text.split('\n').length, `${file}: lines kept`);
  }
  const braceless = 'if (a)\n  logger.debug(`x ${a}`);\nb();\n';
  assert.equal(withoutDebugLines(braceless, 'x.js'), 'if (a)\n  ;\nb();\n', 'b() stays outside the if');
  assert.throws(() => withoutDebugLines('if (a) logger.debug("x");', 'x.js'), /not a line of its own/);
});

/** Asserts that `text` (built JsSIP) has the stand-ins, not the stubbed classes or full packages. */
function assertTrimmed(text) {
  assert.match(text, /JsSIP Subscriber is not in the trimmed JsSIP of call-elements/);
  assert.doesNotMatch(text, /Not enough arguments. Missing subscribe request|sendMessage\(\) ?failed|MaxListenersExceededWarning/);
  assert.doesNotMatch(text, /matchFailed\("/);
  assert.match(text, /writes back only an SDP it parsed/);
  assert.doesNotMatch(text, /expired for transaction|emit "newRTCSession"/, 'JsSIP’s debug lines are left out');
  assert.match(text, /challenge without Digest nonce, authentication aborted/, 'JsSIP’s warnings are kept');
  assert.doesNotMatch(text, /rtcp-fb:\(\\\*\|\\d\*\)/, 'sdp-transform’s grammar is not in the chunk');
  assert.doesNotMatch(text, /["'`]unmuted["'`]/, 'RTCSession’s mute() and unmute() are left out');
  assert.match(text, /["'`]unhold["'`]/, 'its hold() and unhold() stay');
}

test('RTCSession without mute(), unmute() and isMuted() keeps every other method', () => {
  const text = readFileSync(require.resolve('jssip/lib/RTCSession.js'), 'utf8');
  const methods = (code) => [...code.matchAll(/^ {4}(?:get |set |static )?(\w+)\(/gm)].map((m) => m[1]);
  const trimmed = withoutUnusedSessionMethods(text);
  assert.deepEqual(methods(trimmed), methods(text).filter((name) => !['mute', 'unmute', 'isMuted', '_onmute', '_onunmute'].includes(name)));
  assert.throws(() => withoutUnusedSessionMethods(text.replace('    isMuted() {', '    isMuted () {')), /methods isMuted\(\)/, 'a method of another shape stops the build');
  assert.throws(() => withoutUnusedSessionMethods(`${text}\nx.mute();\n`), /still calls/, 'a caller left stops the build');
});

/** A TypeScript module of no imports but `./en.js` (given as its source), evaluated. */
async function evaluate(source, englishSource) {
  const js = (text) => ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const url = (text) => `data:text/javascript,${encodeURIComponent(text)}`;
  return import(url(js(source).replace(/(['"])\.\/en\.js\1/, JSON.stringify(url(js(englishSource))))));
}

test('the zh-CN catalogue as the builds ship it (strings in the English keys’ order) gives every key its own translation', async () => {
  const root = join(import.meta.dirname, '../..');
  const en = readFileSync(join(root, 'src/i18n/en.ts'), 'utf8');
  const zh = readFileSync(join(root, 'src/i18n/zh-CN.ts'), 'utf8');
  const keyed = await evaluate(zh, en);
  const compact = compactCatalogue(zh, en, 'zh-CN.ts');
  assert.doesNotMatch(compact, /'reg\.idle'|"reg\.idle"/, 'the keys are left out');
  const shipped = await evaluate(compact, en);
  assert.deepEqual(Object.entries(shipped.zhCN), Object.entries(keyed.zhCN), 'every key, its own string, in order');
  assert.deepEqual(shipped.zhCNErrors, keyed.zhCNErrors, 'the errors’ wording stays keyed, as written');
  // A translation written in another order than English's still gets each string on its key.
  const english = (await evaluate(en, en)).en;
  const lines = zh.split('\n');
  const first = lines.findIndex((line) => line.startsWith('  phone:'));
  const swapped = [...lines];
  [swapped[first], swapped[first + 1]] = [lines[first + 1], lines[first]];
  const reordered = await evaluate(compactCatalogue(swapped.join('\n'), en), en);
  assert.equal(reordered.zhCN.phone, keyed.zhCN.phone);
  assert.equal(reordered.zhCN['reg.idle'], keyed.zhCN['reg.idle']);
  assert.deepEqual(Object.keys(reordered.zhCN), Object.keys(english));
  // What would shift or lose a string stops the build.
  assert.throws(() => compactCatalogue(zh.replace(/^  phone: .*\n/m, ''), en), /lacks phone/);
  assert.throws(() => compactCatalogue(zh.replace(/^  phone: /m, "  phone: '电话',\n  'no.such-key': "), en), /keys English has not: no\.such-key/);
  assert.throws(() => compactCatalogue(zh.replace(/^  phone: .*$/m, "$&\n  phone: '电话',"), en), /"phone" twice/);
  assert.throws(() => compactCatalogue(zh.replace(/^  phone: .*,$/m, '  phone: `电${1}话`,'), en), /not a plain string literal/);
});

test('the built SIP chunk has the stand-ins, not the stubbed classes; the zh-CN chunk has no keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-cdn-'));
  try {
    await buildCdn(dir);
    const sip = readdirSync(dir).find((f) => /^sip-.*\.js$/.test(f));
    assertTrimmed(readFileSync(join(dir, sip), 'utf8'));
    const zh = readFileSync(join(dir, readdirSync(dir).find((f) => /^zh-CN-.*\.js$/.test(f))), 'utf8');
    assert.match(zh, /电话/);
    assert.doesNotMatch(zh, /reg\.idle|devices\.permission\.denied/, 'the catalogue’s keys are left out of its chunk');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the package’s JsSIP module (dist/providers/sip/jssip.js) is JsSIP with the same trims, importing nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-elements-jssip-'));
  try {
    const file = join(dir, 'jssip.js');
    await buildJssipModule(file);
    const text = readFileSync(file, 'utf8');
    assertTrimmed(text);
    assert.doesNotMatch(text, /^\s*import\b|\bimport\(|\brequire\(["'](?!\.)/m, 'a bundler has nothing left to resolve');
    assert.match(text, /Permission is hereby granted/, 'JsSIP’s licence comes with it');
    const { JsSIP } = await import(pathToFileURL(file).href);
    assert.equal(JsSIP.version, require('jssip/package.json').version);
    assert.equal(typeof JsSIP.UA, 'function');
    assert.equal(JsSIP.URI.parse('sip:alice@example.com').user, 'alice', 'the grammar parses');
    // Internal names shortened (scripts/minify-jssip.mjs), but not those the SIP provider uses.
    // (Written in pieces: a name this file spells out is one the build keeps.)
    assert.doesNotMatch(text, new RegExp(['_sessionTi', 'mers'].join('')), 'JsSIP’s internal names are shortened');
    assert.ok((text.match(/\._[A-Za-z]\w*/g) ?? []).length < 300, 'few underscore names are left');
    assert.doesNotMatch(text, new RegExp(['via_bra', 'nch'].join('')), 'names without an underscore are shortened too');
    for (const name of ['localUri', 'offerConstraints']) assert.match(text, new RegExp(`\\b${name}\\b`), `${name} (a dialog snapshot's field) keeps its name`);
    for (const name of ['_transport', '_rtcOfferConstraints', '_sendReinvite', 'recovery_options']) assert.match(text, new RegExp(`\\b${name}\\b`), `${name} (used by the SIP provider) keeps its name`);
    const ua = new JsSIP.UA({ uri: 'sip:alice@example.com', sockets: [new JsSIP.WebSocketInterface('wss://example.com/sip')], register: false });
    assert.equal(ua.isRegistered(), false);
    assert.equal(typeof ua._transport, 'object', 'ua._transport, read by the SIP provider, is there');
    // It registers: its REGISTER goes out and the 200 OK (Via, CSeq, Contact, … parsed) is taken.
    const socket = {
      via_transport: 'WS',
      url: 'wss://example.com/sip',
      sip_uri: 'sip:example.com;transport=ws',
      connect() {
        setTimeout(() => this.onconnect());
      },
      disconnect() {},
      send(message) {
        const text = String(message);
        const header = (name) => new RegExp(`^${name}: (.*)$`, 'mi').exec(text)?.[1];
        if (text.startsWith('REGISTER ')) {
          const reply = ['SIP/2.0 200 OK', `Via: ${header('Via')}`, `From: ${header('From')}`, `To: ${header('To')};tag=t1`, `Call-ID: ${header('Call-ID')}`, `CSeq: ${header('CSeq')}`, `Contact: ${header('Contact')};expires=600`, 'Content-Length: 0', '', ''];
          setTimeout(() => this.ondata(reply.join('\r\n')));
        }
        return true;
      },
    };
    const registering = new JsSIP.UA({ uri: 'sip:alice@example.com', sockets: [socket], register: true });
    const registered = await new Promise((resolve) => {
      registering.on('registered', () => resolve(true));
      registering.on('registrationFailed', () => resolve(false));
      setTimeout(() => resolve(false), 3000);
      registering.start();
    });
    registering.stop();
    assert.equal(registered, true, 'a UA of the module registers');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
