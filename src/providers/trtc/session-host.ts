/**
 * What a TRTC call (`trtc-session.ts`) borrows from its provider (`trtc-provider.ts`): who we
 * are, the SDK, and how signals go out.
 * @module
 */
import type { CallError } from '../../base/errors.js';
import type { ProviderSession } from '../../core/provider.js';
import type { TrtcSdk, TrtcV5Sdk } from './sdk-types.js';
import type { Signal } from './signalling.js';
import type { SignalDestination } from './tim-signalling.js';

/** What a session borrows from its provider. */
export interface TrtcSessionHost {
  readonly user: string;
  readonly sdkAppId: number;
  readonly userSig: string;
  /** The TRTC SDK of either generation (trtc-js-sdk 4 or trtc-sdk-v5). */
  readonly trtc: TrtcSdk | TrtcV5Sdk;
  /** Invitation timeout we send, s (0: none). */
  readonly inviteTimeout: number;
  send(signal: Signal, to: SignalDestination): Promise<void>;
  random(): number;
  debug(line: string): void;
  /** A failure the page should hear of (`call-error`), e.g. why an invitation could not be sent. */
  report(error: CallError): void;
  /** The session has ended: forget it. */
  ended(session: ProviderSession): void;
}

/** Sends a signal without waiting; a failure is only logged (a lost answer ends like an unanswered one). */
export function post(host: TrtcSessionHost, signal: Signal, to: SignalDestination): void {
  void host.send(signal, to).catch((error) => host.debug(`TIM send failed: ${String((error as Error)?.message ?? error)}`));
}

