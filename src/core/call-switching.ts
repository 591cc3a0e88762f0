/**
 * One call at a time is live: a call being dialled, answered or resumed puts the other
 * connected calls on hold, and if it ends without connecting the last of them is resumed.
 * Merged calls (a conference) and a call an attended transfer is taking over are left alone.
 * @module
 */
import { toCallError } from '../base/errors.js';
import type { CallError } from '../base/errors.js';

/** What switching needs of a call. */
export interface SwitchableCall {
  readonly state: string;
  readonly established: boolean;
  readonly ended: boolean;
  readonly connectedAt: number | undefined;
  readonly held: { readonly local: boolean };
  hold(): Promise<void>;
  unhold(): Promise<void>;
}

/** What switching needs of the controller. */
export interface SwitchingHost<C extends SwitchableCall> {
  /** The calls not yet ended. */
  calls(): readonly C[];
  /** The calls merged with `call` (none when it is in no conference). */
  mergedWith(call: C): readonly C[];
  /** Reports a failure to resume. */
  fail(error: CallError, call: C): void;
}

/** The hold-others / resume-held rule of one controller (see the module comment). */
export class CallSwitching<C extends SwitchableCall> {
  readonly #host: SwitchingHost<C>;
  /** Calls an attended transfer's new call is taking over: never put on hold meanwhile. */
  readonly #replacing = new WeakSet<C>();
  /** Connected calls put on hold to make room for a call being set up: resumed if it never connects. */
  readonly #heldFor = new WeakMap<C, C[]>();
  /** Every call is being hung up (stop, page hide): no held call is resumed. */
  #endingAll = false;

  constructor(host: SwitchingHost<C>) {
    this.#host = host;
  }

  /** `call` is being taken over by a new call (an INVITE with Replaces): it stays as it is. */
  replacing(call: C): void {
    this.#replacing.add(call);
  }

  /**
   * Puts every other connected call on hold (a failed hold is ignored) before `active` becomes
   * live. Those held for a call still being set up are remembered, and resumed if it ends
   * without connecting.
   */
  async holdOthers(active: C): Promise<void> {
    const partners = this.#host.mergedWith(active);
    const others = this.#host
      .calls()
      .filter((c) => c !== active && !partners.includes(c) && !this.#replacing.has(c) && c.state === 'connected' && !c.held.local);
    await Promise.all(others.map((c) => c.hold().catch(() => undefined)));
    if (active.established) return;
    const held = others.filter((c) => c.held.local);
    if (active.ended) this.#resume(held);
    else this.#heldFor.set(active, held);
  }

  /** `call` ended: if it never connected, what was held for it is resumed. */
  ended(call: C): void {
    const held = this.#heldFor.get(call);
    this.#heldFor.delete(call);
    if (held && call.connectedAt === undefined) this.#resume(held);
  }

  /** Runs `hangUp` (which ends every call) without resuming anything held. */
  endingAll(hangUp: () => void): void {
    this.#endingAll = true;
    try {
      hangUp();
    } finally {
      this.#endingAll = false;
    }
  }

  /** Takes the last of `held` still on hold off hold, unless another call is live or being set up. */
  #resume(held: readonly C[]): void {
    const busy = this.#host.calls().some((c) => c.state === 'connected' || (!c.established && c.state !== 'incoming'));
    if (this.#endingAll || busy) return;
    const call = [...held].reverse().find((c) => c.established && c.held.local);
    call?.unhold().catch((error) => this.#host.fail(toCallError(error, 'provider/failed'), call));
  }
}
