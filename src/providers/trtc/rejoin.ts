/**
 * Which peers of a TRTC call may leave its room and enter it again without hanging up, and
 * the wait for one that did. A TRTC user is in a room once, so a call-elements phone shared
 * across tabs moves a call's media to another tab (`controller.moveHere`) by leaving the room
 * from one tab and entering it from the other. Every call signal of a call-elements phone says
 * it takes part in this (`Signal.rejoins`, sent by `trtc-provider.ts`): it waits up to
 * {@link REJOIN_WAIT_MS} for such a peer to come back before it ends the call as hung up, and
 * it moves only when every peer in the room waits. Tencent's TRTCCalling and TUICallKit end a
 * one-to-one call when the peer leaves the room, so a call with one of them does not move; nor
 * does a call-elements phone enter with the same user id while it is still in the room, which
 * Tencent does not allow (the first one is pushed out).
 * @module
 */
import { CallError } from '../../base/errors.js';

/** How long a peer that waits for us is waited for once it left the room without a hang-up, ms. */
export const REJOIN_WAIT_MS = 8000;

/** The peers of one call that wait for a rejoin, and those we wait for now. */
export class Rejoins {
  readonly #waiting = new Set<string>();
  readonly #away = new Map<string, ReturnType<typeof setTimeout>>();

  /** Notes a signal's sender as waiting for a rejoin when the signal says so. */
  heard(from: string, rejoins: boolean | undefined): void {
    if (rejoins) this.#waiting.add(from);
  }

  /** Throws `call/unsupported` unless every one of `users` (the peers in the room) waits while we move. */
  checkMove(users: Iterable<string>): void {
    const unaware = [...users].filter((user) => !this.#waiting.has(user));
    if (!unaware.length) return;
    throw new CallError(
      'call/unsupported',
      `Cannot move this TRTC call to another tab: ${unaware.join(', ')} would take our leaving its room for a hang-up (only call-elements phones wait for a moved call; Tencent's TRTCCalling and TUICallKit end it).`,
    );
  }

  /**
   * `user` left the room without hanging up. True when it is one that comes back after moving:
   * `gone` runs if it has not entered again (see {@link back}) within {@link REJOIN_WAIT_MS}.
   */
  away(user: string, gone: () => void): boolean {
    if (!this.#waiting.has(user)) return false;
    this.back(user);
    this.#away.set(user, setTimeout(() => {
      this.#away.delete(user);
      gone();
    }, REJOIN_WAIT_MS));
    return true;
  }

  /** `user` entered the room again, or hung up: no more waiting for it. */
  back(user: string): void {
    clearTimeout(this.#away.get(user));
    this.#away.delete(user);
  }

  /** The peers that wait for a rejoin, for another tab taking the call over. */
  get waiting(): string[] {
    return [...this.#waiting];
  }

  /** Stops every wait (the call ended). */
  clear(): void {
    for (const timer of this.#away.values()) clearTimeout(timer);
    this.#away.clear();
  }
}
