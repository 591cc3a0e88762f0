/**
 * What every tab of a shared phone knows of the calls the tabs hold: the leading tab keeps the
 * list (each answered or dialled call, the tab that holds it, connected or held) and posts it to
 * every tab whenever it changes (`calls`), with how a call ended when one did. Each tab shows
 * the others' calls (`controller.callsElsewhere`, `call-elsewhere-change`), so a call ended in
 * one tab, with its reason and duration, reaches them all.
 * @module
 */
import type { EndReason } from '../end-reason.js';
import type { ProviderHandlers } from '../provider.js';
import type { CallElsewhere, RemoteParty } from '../types.js';
import type { TabBus, TabMessage } from './tab-bus.js';

/** A call of the list and the tab that holds it. */
export interface MirroredCall extends CallElsewhere {
  owner: string;
}

/** How a call of the list ended. */
type Ended = { call: CallElsewhere; reason: EndReason; duration: number };

/** Reports `calls` minus those of tab `self` to `handlers` (and `ended`, when not of `self`). */
export function reportElsewhere(handlers: ProviderHandlers, self: string, calls: readonly MirroredCall[], ended?: Ended & { call: MirroredCall }): void {
  const plain = ({ owner: _owner, ...call }: MirroredCall): CallElsewhere => call;
  const others = calls.filter((call) => call.owner !== self).map(plain);
  const theirs = ended && ended.call.owner !== self ? { ...ended, call: plain(ended.call) } : undefined;
  handlers.elsewhere?.(others, theirs);
}

/** The `calls` message's fields: the list, and how a call ended. */
export function mirrorOf(message: TabMessage): [MirroredCall[], (Ended & { call: MirroredCall }) | undefined] {
  return [(message.calls as MirroredCall[]) ?? [], message.ended as (Ended & { call: MirroredCall }) | undefined];
}

/** The leading tab's list (see the module comment). */
export class CallMirror {
  readonly #bus: TabBus;
  readonly #handlers: ProviderHandlers;
  readonly #calls = new Map<string, MirroredCall & { holds: Set<string> }>();

  constructor(bus: TabBus, handlers: ProviderHandlers) {
    this.#bus = bus;
    this.#handlers = handlers;
  }

  /** Call `id`, held by tab `owner` (a tab id), connected now. */
  connected(id: string, owner: string, remote: RemoteParty, video: boolean): void {
    this.#calls.set(id, { id, owner, remote: { ...remote }, state: 'connected', video, connectedAt: Date.now(), holds: new Set() });
    this.#publish();
  }

  /** Call `id` put on hold (or taken off) by `originator`. */
  held(id: string, originator: string, onHold: boolean): void {
    const call = this.#calls.get(id);
    if (!call) return;
    if (onHold) call.holds.add(originator);
    else call.holds.delete(originator);
    const state = call.holds.size > 0 ? 'held' : 'connected';
    if (state === call.state) return;
    call.state = state;
    this.#publish();
  }

  /** Call `id` is now `newId`, held by `owner` (its media moved there). */
  moved(id: string, newId: string, owner: string, video: boolean): void {
    const call = this.#calls.get(id);
    if (!call) return;
    this.#calls.delete(id);
    this.#calls.set(newId, { ...call, id: newId, owner, video });
    this.#publish();
  }

  /** Call `id` ended with `reason`. */
  ended(id: string, reason: EndReason): void {
    const call = this.#calls.get(id);
    if (!call || !this.#calls.delete(id)) return;
    this.#publish({ call: this.#plain(call), reason, duration: Math.max(0, Math.round((Date.now() - call.connectedAt) / 1000)) });
  }

  /** Posts the list to tab `to` (one that just said hello: a list it had from another leader is replaced). */
  sendTo(to: string): void {
    this.#bus.post({ t: 'calls', to, calls: this.#list() });
  }

  #publish(ended?: Ended & { call: MirroredCall }): void {
    const calls = this.#list();
    this.#bus.post({ t: 'calls', calls, ...(ended ? { ended } : {}) });
    reportElsewhere(this.#handlers, this.#bus.id, calls, ended);
  }

  #list(): MirroredCall[] {
    return [...this.#calls.values()].map((call) => this.#plain(call));
  }

  #plain({ holds: _holds, ...call }: MirroredCall & { holds: Set<string> }): MirroredCall {
    return { ...call, remote: { ...call.remote } };
  }
}
