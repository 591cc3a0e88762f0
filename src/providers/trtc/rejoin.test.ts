import { expect } from '@open-wc/testing';
import { isCallError } from '../../base/errors.js';
import { REJOIN_WAIT_MS, Rejoins } from './rejoin.js';

describe('TRTC rejoins (a peer moving a call between its tabs)', () => {
  it('a peer waits for our rejoin only once one of its signals said so', () => {
    const rejoins = new Rejoins();
    rejoins.heard('bob', undefined);
    rejoins.heard('carol', true);
    expect(rejoins.waiting).to.deep.equal(['carol']);
    let error: unknown;
    try {
      rejoins.checkMove(['bob', 'carol']);
    } catch (thrown) {
      error = thrown;
    }
    expect(isCallError(error) && error.code).to.equal('call/unsupported');
    expect((error as Error).message).to.contain('bob').and.not.contain('carol');
    rejoins.heard('bob', true);
    expect(() => rejoins.checkMove(['bob', 'carol'])).to.not.throw();
  });

  it('a peer that does not wait is gone at once when it leaves; one that does is waited for, and its return stops the wait', async () => {
    const rejoins = new Rejoins();
    let gone = 0;
    expect(rejoins.away('bob', () => gone++), 'TRTCCalling\'s peer').to.equal(false);
    rejoins.heard('carol', true);
    expect(rejoins.away('carol', () => gone++)).to.equal(true);
    rejoins.back('carol');
    rejoins.clear();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gone).to.equal(0);
    expect(REJOIN_WAIT_MS).to.be.greaterThan(1000);
  });

  it('gives up on a peer that does not come back within the wait', async function () {
    this.timeout(REJOIN_WAIT_MS + 5000);
    const rejoins = new Rejoins();
    rejoins.heard('carol', true);
    const started = Date.now();
    const gone = await new Promise<number>((resolve) => rejoins.away('carol', () => resolve(Date.now() - started)));
    expect(gone).to.be.at.least(REJOIN_WAIT_MS - 20);
  });
});
