import { expect } from '@open-wc/testing';
import { normalizeDtmf } from './dtmf.js';
import { codeOf } from '../../test/harness/error-code.js';

describe('DTMF validation', () => {
  it('normalises valid tones and rejects anything else with call/invalid-dtmf', () => {
    expect(normalizeDtmf('12 3#*abcd,')).to.equal('123#*ABCD,');
    expect(normalizeDtmf(5)).to.equal('5');
    for (const bad of ['', 'x', '12E', '<b>', '1;2', null]) {
      expect(codeOf(() => normalizeDtmf(bad)), String(bad)).to.equal('call/invalid-dtmf');
    }
  });
});
