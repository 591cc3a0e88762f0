/**
 * Registers the providers that ship with call-elements, by name and lazily: a provider's
 * module (and its SDK) loads only when a controller starts with it. Imported for its effect by
 * the package entries (`call-elements`, `call-elements/core`); the core itself knows no provider.
 * @module
 */
import { registerProvider } from '../core/provider-registry.js';

registerProvider('sip', () => import('./sip/index.js').then((m) => m.createSipProvider), { install: 'jssip' });
registerProvider('trtc', () => import('./trtc/index.js').then((m) => m.createTrtcProvider), {
  install: 'trtc-js-sdk tim-js-sdk',
  // TRTC logs in with a userSig, which a page sets as a property after the attributes.
  canStart: (settings) => !!settings.userSig,
});
