import { CallError } from '../../base/errors.js';
import type { ProviderConfig, ProviderFactory, ProviderHandlers } from '../../core/provider.js';
import { TrtcProvider } from './trtc-provider.js';

/**
 * Creates the TRTC provider (Tencent TRTC media, TIM signalling); throws
 * `config/invalid-sdk-app-id` or `config/invalid-user` when the config cannot work for it.
 * Loaded lazily by the provider registry, so a SIP-only page downloads none of it. Its phones
 * are shared across tabs (`remoteMedia`, see `tab-room.ts`).
 */
export const createTrtcProvider: ProviderFactory = Object.assign((config: ProviderConfig, handlers: ProviderHandlers) => {
  if (!config.sdkAppId) {
    throw new CallError('config/invalid-sdk-app-id', 'Set sdk-app-id to your TRTC application\'s SDKAppID (a positive integer from the Tencent Cloud console).', {
      attribute: 'sdk-app-id',
    });
  }
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(config.user)) {
    throw new CallError('config/invalid-user', 'Set user to the TRTC user id: 1–32 letters, digits, "_" or "-".', { attribute: 'user' });
  }
  return new TrtcProvider(config, handlers);
}, { remoteMedia: true });
