import type { ProviderFactory } from '../../core/provider.js';
import { validateSipConfig } from './sip-config.js';
import { SipProvider } from './sip-provider.js';

/**
 * Creates the SIP (JsSIP) provider; throws `config/invalid-server` or `config/invalid-user`
 * when the config cannot work for SIP. Loaded lazily by the provider registry.
 */
export const createSipProvider: ProviderFactory = Object.assign(
  (...[config, handlers, context]: Parameters<ProviderFactory>) => {
    validateSipConfig(config);
    return new SipProvider(config, handlers, context);
  },
  { remoteMedia: true },
);
