import type { ProviderFactory } from '../../core/provider.js';
import { SipProvider } from './sip-provider.js';

/** Creates the SIP (JsSIP) provider. Loaded lazily by the provider registry. */
export const createSipProvider: ProviderFactory = (config, handlers) => new SipProvider(config, handlers);

export { SipProvider } from './sip-provider.js';
export { earlyIceReady, expectedCandidates } from './ice-gathering.js';
