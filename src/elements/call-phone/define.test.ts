import { expect } from '@open-wc/testing';
import { providerNames } from '../../core/provider-registry.js';
import './define.js';

// Its own page: nothing else registers providers here (each test file runs in a fresh page).
describe('importing only call-elements/call-phone', () => {
  it('defines <call-phone> and registers the sip provider it needs', () => {
    expect(customElements.get('call-phone')).to.exist;
    expect(providerNames()).to.include('sip');
  });
});
