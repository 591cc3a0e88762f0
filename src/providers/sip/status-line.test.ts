import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import JsSIP from 'jssip';
import { RUNS } from '../../../test/harness/fuzz.js';
import { mendStatusLine } from './status-line.js';

const grammar = (JsSIP as unknown as { Grammar: { parse(input: string, rule: string): unknown } }).Grammar;
const parses = (line: string) => grammar.parse(line, 'Request_Response') !== -1;

describe('status lines JsSIP would drop', () => {
  it('mends a reason phrase JsSIP refuses, keeps the code, and leaves good lines and requests alone', () => {
    const message = 'SIP/2.0 486 <b>Busy</b> "here" 100% {x}\r\nVia: SIP/2.0/WSS x;branch=z9hG4bK1\r\n\r\n';
    expect(parses(message.split('\r\n')[0]!)).to.equal(false);
    const mended = mendStatusLine(message) as string;
    expect(mended.split('\r\n')[0]).to.equal('SIP/2.0 486 ?b?Busy?/b? ?here? 100? ?x?');
    expect(parses(mended.split('\r\n')[0]!)).to.equal(true);
    expect(mended.slice(mended.indexOf('\r\n'))).to.equal(message.slice(message.indexOf('\r\n')));
    for (const same of ['SIP/2.0 180 Ringing\r\n\r\n', 'SIP/2.0 200 OK 100%25 ünïcode 忙\r\n\r\n', 'INVITE sip:<bob>@x SIP/2.0\r\n\r\n', '\r\n\r\n']) {
      expect(mendStatusLine(same)).to.equal(same);
    }
    expect(mendStatusLine(42)).to.equal(42);
  });

  it('every mended status line parses (any reason phrase text)', () => {
    const phrase = fc.string({ unit: fc.constantFrom(...' \t!"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\x01\x7fé忙'.split('')), maxLength: 30 });
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 699 }), phrase, (code, text) => {
        const line = (mendStatusLine(`SIP/2.0 ${code} ${text}\r\n\r\n`) as string).split('\r\n')[0]!;
        return parses(line) && line.startsWith(`SIP/2.0 ${code} `);
      }),
      { numRuns: RUNS },
    );
  });
});
