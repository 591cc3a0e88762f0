/**
 * Transfers, the core's side of them, in one place: the transfer a call asks for (blind, or
 * attended with another call of ours), the transfer the far end asks of us (following a REFER
 * with a new call), the call that takes another over (an INVITE with Replaces), and the rule
 * that a call a transfer took away ends as `transferred`.
 * @module
 */
import { unsupported } from './call-features.js';
import { CallError } from '../base/errors.js';
import type { ProviderSession, ReferRequest, SessionEnd, SessionHandlers, TransferState } from './provider.js';
import type { RemoteParty } from './types.js';

/** After the call placed for a transfer connects, the transferor normally hangs up the old one; if it has not within this, we leave. */
export const TRANSFEROR_HANGUP_GRACE_MS = 2000;

/**
 * How a call that a transfer took away ends: a hangup on either side is the transfer's
 * (`transferred`); any other end (a failure) stays what it is.
 */
export function transferredEnd(end: SessionEnd): SessionEnd {
  return end.reason === 'local-hangup' || end.reason === 'remote-hangup' ? { ...end, reason: 'transferred' } : end;
}

/**
 * Calls `then(true)` once `call` connects, or `then(false)` if it ends first, from the
 * `call-connected` / `call-ended` events of `events` (the controller).
 */
export function whenSettled<C>(events: EventTarget, call: C, then: (connected: boolean) => void): void {
  const settled = (event: Event) => {
    if ((event as CustomEvent<{ call: C }>).detail.call !== call) return;
    events.removeEventListener('call-connected', settled);
    events.removeEventListener('call-ended', settled);
    then(event.type === 'call-connected');
  };
  events.addEventListener('call-connected', settled);
  events.addEventListener('call-ended', settled);
}

/** What a call's transfer state needs of the call it belongs to. */
export interface TransferringCall {
  /** The call's session, if it has one. */
  session(): ProviderSession | undefined;
  /** Whether the call is up (connected or held). */
  established(): boolean;
  /** The call's state, for messages. */
  state(): string;
  /** Ends the call now, by our hangup (which {@link transferredEnd} makes `transferred`); nothing once ended. */
  hangUp(): void;
}

/**
 * The transfer state of one call: whether a transfer took it away (its end is then
 * `transferred`), and the other call of the attended transfer it asked for.
 */
export class CallTransfer {
  readonly #call: TransferringCall;
  /** The other call of the attended transfer in progress. */
  #partner?: CallTransfer;
  #away = false;

  constructor(call: TransferringCall) {
    this.#call = call;
  }

  /** Whether a transfer took this call away (see {@link transferredEnd}). */
  get away(): boolean {
    return this.#away;
  }

  /**
   * The far end transferred us and we follow, or a new call replaces this one: its end is a
   * transfer's; `false` when that new call ended without connecting (the call goes on as before).
   */
  markAway(away = true): void {
    this.#away = away;
  }

  /**
   * Asks the far end to take over `target`: a user, number or SIP URI (blind), or another call
   * of ours, whose far end it then talks to (attended). Throws `call/invalid-state` or
   * `call/invalid-target`; rejects with the provider's error.
   */
  async request(target: string | CallTransfer): Promise<void> {
    const session = this.#call.session();
    if (!this.#call.established() || !session) throw new CallError('call/invalid-state', `Cannot transfer: the call is not connected (state "${this.#call.state()}").`);
    if (!session.transfer) throw unsupported('transfer');
    let to: string | ProviderSession;
    if (target instanceof CallTransfer) {
      if (target === this) throw new CallError('call/invalid-state', 'Cannot transfer a call to itself: give another connected call, or a user, number or SIP URI.');
      const other = target.#call;
      const otherSession = other.session();
      if (!other.established() || !otherSession) {
        throw new CallError('call/invalid-state', `Cannot transfer: the other call is not connected (its state is "${other.state()}").`);
      }
      to = otherSession;
      this.#partner = target;
    } else {
      to = String(target ?? '').trim();
      if (!to || /[\s<>"']/.test(to)) {
        throw new CallError('call/invalid-target', 'Cannot transfer: enter a user name, number or SIP URI to transfer to.', { attribute: 'target' });
      }
      this.#partner = undefined;
    }
    await session.transfer(to);
  }

  /** The far end reports progress of our transfer: once accepted, this call and the attended partner leave. */
  progressed(state: TransferState): void {
    if (state !== 'accepted') return;
    for (const transfer of [this, this.#partner]) transfer?.leave();
  }

  /** The far end now talks to someone else: we leave (a hangup, ending as `transferred`). */
  leave(): void {
    this.#away = true;
    this.#call.hangUp();
  }
}

/** A call as following a transfer sees it (see {@link followRefer}). */
export interface TransferCall {
  readonly video: boolean;
  /** A transfer took this call away: however it ends, it is a transfer (`false`: it did not, after all). */
  transferredAway(away?: boolean): void;
  /** Leaves the call for the transfer (a hangup, ending as `transferred`). */
  leaveForTransfer(): void;
}

/** What following a transfer needs of the controller. */
export interface FollowHost<C extends TransferCall> {
  /** Whether the page allows being transferred (`allowTransfer`). */
  allowed(): boolean;
  /** Fires the cancelable `call-refer`; false when the page refused. */
  announce(call: C, target: string): boolean;
  /** Creates the new outgoing call to `remote`. */
  create(remote: RemoteParty, video: boolean): C;
  /** Places it like a dial: `open` hands the captured stream to the provider. */
  place(call: C, video: boolean, open: (stream: MediaStream, handlers: SessionHandlers) => ProviderSession): Promise<'placed' | 'gone' | CallError>;
  /** Calls `then(true)` once `call` connects, or `then(false)` if it ends first. */
  whenSettled(call: C, then: (connected: boolean) => void): void;
}

/**
 * The far end of `old` transfers us to `request.remote`: unless the page refuses (or does not
 * allow transfers) a new call is placed like a dial; `old` ends as `transferred` when the far
 * end hangs it up, or {@link TRANSFEROR_HANGUP_GRACE_MS} after the new call connected.
 */
export function followRefer<C extends TransferCall>(host: FollowHost<C>, old: C, request: ReferRequest): void {
  if (!host.allowed() || !host.announce(old, request.target)) {
    request.reject();
    return;
  }
  void follow(host, old, request);
}

async function follow<C extends TransferCall>(host: FollowHost<C>, old: C, request: ReferRequest): Promise<void> {
  const video = old.video;
  const call = host.create(request.remote, video);
  let accepted = false;
  const placed = await host.place(call, video, (stream, handlers) => {
    accepted = true;
    // From the acceptance on, the transferor may hang up: that ends the old call as `transferred`.
    old.transferredAway();
    return request.accept(stream, video, handlers);
  });
  if (placed !== 'placed') {
    // The transferor hears that we will not follow (unless the request itself failed).
    if (!accepted) request.reject();
    else old.transferredAway(false);
    return;
  }
  host.whenSettled(call, (connected) => {
    if (connected) setTimeout(() => old.leaveForTransfer(), TRANSFEROR_HANGUP_GRACE_MS);
    else old.transferredAway(false);
  });
}
