import { expect } from '@open-wc/testing';
import { releaseSipInstance, takeSipInstance } from './sip-instance.js';

describe('SIP instance id (RFC 5626 +sip.instance)', () => {
  const user = `sip:instance-test-${Math.random().toString(36).slice(2)}@example.com`;
  afterEach(() => sessionStorage.removeItem(`call-elements.sip-instance.${user}`));

  it('is a UUID kept for the tab: a phone that starts again gets the same one', () => {
    const first = takeSipInstance(user);
    expect(first).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    releaseSipInstance(user, first);
    expect(takeSipInstance(user), 'after a restart (or a reload: it is in sessionStorage)').to.equal(first);
    releaseSipInstance(user, first);
  });

  it('differs for a second running phone of the same user, and per user', () => {
    const first = takeSipInstance(user);
    const second = takeSipInstance(user);
    expect(second).to.not.equal(first);
    const other = takeSipInstance(`${user}.other`);
    expect(other).to.not.equal(first);
    for (const [u, id] of [[user, first], [user, second], [`${user}.other`, other]]) releaseSipInstance(u, id);
    sessionStorage.removeItem(`call-elements.sip-instance.${user}.other`);
    expect(takeSipInstance(user), 'the stored one once free again').to.equal(first);
    releaseSipInstance(user, first);
  });
});
