import { expect } from '@open-wc/testing';
import { CallError } from './errors.js';
import { normalizeDtmf } from './dtmf.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return (error as CallError).code;
  }
  return undefined;
}

describe('DTMF validation', () => {
  it('normalises valid tones and rejects anything else with call/invalid-dtmf', () => {
    expect(normalizeDtmf('12 3#*abcd,')).to.equal('123#*ABCD,');
    expect(normalizeDtmf(5)).to.equal('5');
    for (const bad of ['', 'x', '12E', '<b>', '1;2', null]) {
      expect(codeOf(() => normalizeDtmf(bad)), String(bad)).to.equal('call/invalid-dtmf');
    }
  });
});
