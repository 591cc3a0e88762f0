import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import * as JsSIPNamespace from 'jssip';
import { RUNS, anyText, anyValue, validOrTyped } from '../../test/harness/fuzz.js';
import { codeOf } from '../../test/harness/error-code.js';
import { targetToSipUri, toSipUri } from '../providers/sip/uri.js';
import { CallController } from './call-controller.js';
import { CallError } from '../base/errors.js';
import { MAX_TARGET_LENGTH, checkTarget } from './target.js';

const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;

/** Targets as people type them, and near misses. */
const targetLike = fc.oneof(
  fc.stringMatching(/^[a-z0-9._-]{1,12}$/),
  fc.tuple(fc.constantFrom('', 'sip:', 'sips:', 'SIP:', 'tel:'), fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.constantFrom('', '@example.com', '@[::1]', '@'), anyText).map((p) => p.join('')),
  fc.stringMatching(/^\+?[0-9 ().-]{1,16}$/),
  anyText,
);

describe('dial targets', () => {
  it('accepts user names, numbers and SIP URIs; refuses blanks, whitespace, controls, name-addr delimiters and overlong text', () => {
    for (const good of ['bob', ' bob ', 'sip:bob@example.com', '+15551234', 'bob@example.com;user=phone']) expect(checkTarget(good)).to.equal(good.trim());
    expect(checkTarget(1234)).to.equal('1234');
    for (const bad of ['', '   ', 'bo b', 'bob\r\nX-Injected: yes', 'bob\0', '<sip:bob@x>', '"Bob"', "bob'", 'x'.repeat(MAX_TARGET_LENGTH + 1), null, {}]) {
      expect(codeOf(() => checkTarget(bad)), JSON.stringify(bad)).to.equal('call/invalid-target');
    }
  });

  it(`fuzzed: any target is clean text or call/invalid-target, and the SIP URI helpers never throw (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(targetLike, anyValue), fc.constantFrom('wss://pbx.example.com/ws', 'ws://127.0.0.1:5066/sip', 'not a url', ''), (target, server) => {
        validOrTyped(() => checkTarget(target), ['call/invalid-target'], (text) => {
          expect(text).to.be.a('string').and.not.match(/[\s\x00-\x1f\x7f<>"']/);
          expect(text.length).to.be.within(1, MAX_TARGET_LENGTH);
          const uri = targetToSipUri(text, server);
          expect(uri).to.match(/^sips?:/i);
          expect(toSipUri(text, server)).to.be.a('string');
          // JsSIP refuses what it cannot parse by returning undefined, or by a URIError for a bad
          // %-escape (e.g. "%A0"); the provider maps both to call/invalid-target.
          try {
            JsSIP.URI.parse(uri);
          } catch (error) {
            expect(error, `JsSIP.URI.parse(${JSON.stringify(uri)})`).to.be.instanceOf(URIError);
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it(`fuzzed: controller.dial with any target and options rejects with a typed CallError when it cannot call (${RUNS} runs)`, async () => {
    const controller = new CallController({ tones: false });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(targetLike, anyValue), fc.oneof(fc.record({ extraHeaders: fc.oneof(fc.array(anyText, { maxLength: 3 }), anyValue), video: anyValue }, { requiredKeys: [] }), anyValue), async (target, options) => {
          let error: unknown;
          try {
            await controller.dial(target as string, options as object);
          } catch (e) {
            error = e;
          }
          expect(error).to.be.instanceOf(CallError);
          expect(['call/invalid-target', 'call/invalid-header', 'call/invalid-state']).to.include((error as CallError).code);
        }),
        { numRuns: RUNS },
      );
    } finally {
      console.warn = warn;
      await controller.dispose();
    }
    expect(controller.calls).to.have.length(0);
    expect(controller.media.liveTrackCount).to.equal(0);
  });
});
