import { expect } from '@open-wc/testing';
import { CallError } from '../base/errors.js';
import { loadProvider, providerNames, registerProvider } from './provider-registry.js';
import type { ProviderFactory } from './provider.js';

async function failure(name: string): Promise<CallError> {
  try {
    await loadProvider(name);
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return error as CallError;
  }
  throw new Error(`loading "${name}" did not fail`);
}

describe('provider registry', () => {
  it('loads a registered provider lazily, only when asked', async () => {
    let loads = 0;
    const factory = (() => undefined) as unknown as ProviderFactory;
    registerProvider('test-lazy', async () => {
      loads++;
      return factory;
    });
    expect(providerNames()).to.include('test-lazy');
    expect(loads).to.equal(0);
    expect(await loadProvider('test-lazy')).to.equal(factory);
    expect(loads).to.equal(1);
  });

  it('names the package to install when a provider fails to load', async () => {
    registerProvider('test-missing', () => Promise.reject(new Error('Failed to fetch dynamically imported module')), { install: 'some-sdk' });
    const error = await failure('test-missing');
    expect(error.code).to.equal('provider/load-failed');
    expect(error.message).to.contain('"test-missing"').and.to.contain('npm install some-sdk');
    expect((error.cause as Error).message).to.contain('dynamically imported');
  });

  it('without an install hint, says why the load failed', async () => {
    registerProvider('test-broken', () => Promise.reject(new Error('boom')));
    const error = await failure('test-broken');
    expect(error.code).to.equal('provider/load-failed');
    expect(error.message).to.contain('boom').and.not.to.contain('npm install');
  });

  it('rejects an unknown name with config/unknown-provider naming the attribute and the known ones', async () => {
    const error = await failure('skype');
    expect(error.code).to.equal('config/unknown-provider');
    expect(error.attribute).to.equal('provider');
    expect(error.message).to.contain('"test-lazy"');
  });
});
