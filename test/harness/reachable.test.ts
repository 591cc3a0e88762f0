// The walk of test/harness/reachable.ts, which the secrets tests (test/e2e/secrets*.test.ts,
// controller-sip.test.ts) use to show that nothing a page can reach leads to a password or a TURN
// credential: it must find a string wherever a page could get to it, else those tests prove
// nothing. No call, no server: every engine runs it (WebKit too).
import { expect } from '@open-wc/testing';
import { pathTo } from './reachable.js';

describe('the reachability walk', () => {
  it('finds a string nested in objects, arrays, maps and getters', () => {
    const needle = 'needle-42';
    expect(pathTo({ a: [1, { b: new Map([['k', new Set([`x${needle}y`])]]) }] }, needle)).to.equal('$.a.1.b<value><entry>');
    expect(pathTo({ a: 'nothing here' }, needle)).to.equal(undefined);
  });
});
