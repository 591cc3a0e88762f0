import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DTMF_PATTERN, normalizeDtmf } from './dtmf.js';
import { codeOf } from '../../test/harness/error-code.js';
import { RUNS, anyText, anyValue, validOrTyped } from '../../test/harness/fuzz.js';

describe('DTMF validation', () => {
  it('normalises valid tones and rejects anything else with call/invalid-dtmf', () => {
    expect(normalizeDtmf('12 3#*abcd,')).to.equal('123#*ABCD,');
    expect(normalizeDtmf(5)).to.equal('5');
    for (const bad of ['', 'x', '12E', '<b>', '1;2', null, Object.create(null)]) {
      expect(codeOf(() => normalizeDtmf(bad)), String(typeof bad)).to.equal('call/invalid-dtmf');
    }
  });

  it(`fuzzed: any value gives DTMF tones or call/invalid-dtmf (${RUNS} runs)`, () => {
    const tonesLike = fc.array(fc.constantFrom(...'0123456789ABCDabcd*#, \t\n\r;xE'.split('')), { maxLength: 20 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.oneof(tonesLike, anyText, anyValue), (value) => {
        validOrTyped(() => normalizeDtmf(value), ['call/invalid-dtmf'], (tones) => expect(tones).to.match(DTMF_PATTERN));
      }),
      { numRuns: RUNS },
    );
  });
});
