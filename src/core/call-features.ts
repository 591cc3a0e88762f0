/**
 * What a call can do, said one way: a provider session has the optional methods of the
 * features it supports (hold/unhold, sendDtmf, sendInfo, transfer, invite), and
 * `call.features` is derived from which exist.
 * @module
 */
import { CallError } from '../base/errors.js';
import type { CallFeatures, ProviderSession } from './provider.js';

/** The features of a call whose session is `session` (none before it has one). */
export function featuresOf(session: ProviderSession | undefined): CallFeatures {
  return {
    hold: !!(session?.hold && session.unhold),
    dtmf: !!session?.sendDtmf,
    info: !!session?.sendInfo,
    transfer: !!session?.transfer,
    invite: !!session?.invite,
  };
}

/** The `call/unsupported` error of a request the call's provider does not have. */
export function unsupported(request: 'hold' | 'resume' | 'send DTMF' | 'send INFO' | 'transfer' | 'invite'): CallError {
  const instead = request === 'invite' ? ' (to talk with several people, dial each one and merge the calls)' : '';
  return new CallError('call/unsupported', `Cannot ${request} in this call: its provider has no such request${instead}. Check call.features first.`);
}
