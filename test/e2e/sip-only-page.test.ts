// A page that uses only SIP downloads nothing of the TRTC provider or Tencent's SDKs: the
// provider registry knows "trtc" (the package entry registers it), but its module is loaded by
// dynamic import only when a controller starts with it. Checked on the page's network requests
// (Resource Timing) after a whole SIP call. wtr runs each test file in a page of its own.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { providerNames } from '../../src/core/provider-registry.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser } from './helpers.js';

// The development server serves every module as its own file: keep every request on record.
performance.setResourceTimingBufferSize(100_000);

describe('a SIP-only page', function () {
  this.timeout(30_000);
  afterEach(() => disposeControllers());

  it('requests no TRTC or TIM module, before and after a call', async () => {
    expect(providerNames()).to.include.members(['sip', 'trtc']);
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [out] = await connectedPair(alice, bob);
    const ended = nextEvent(bob, 'call-ended');
    out.hangup();
    await ended;
    const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(urls.some((url) => url.includes('/providers/sip/')), 'the SIP provider was loaded (the check sees lazy modules)').to.equal(true);
    expect(urls.filter((url) => /providers\/trtc|trtc-js-sdk|tim-js-sdk|tsignaling|trtc-calling/.test(url))).to.deep.equal([]);
  });
});
