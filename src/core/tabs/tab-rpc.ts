/**
 * Requests between tabs over a {@link TabBus}: `request` posts a message to one tab and resolves
 * with its reply (a `CallError` of the answering tab arrives as one here), `serve` answers one
 * kind of message. A tab that does not answer within the timeout (closed, frozen) rejects the
 * request with `call/invalid-state`.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { CallErrorCode as ErrorCode } from '../../base/errors.js';
import type { TabBus, TabMessage } from './tab-bus.js';

/** How long a request waits for the other tab's reply. */
const REPLY_TIMEOUT_MS = 10_000;

/** A `CallError` as it crosses tabs. */
export interface WireError {
  code: ErrorCode;
  message: string;
}

/** An error as it crosses tabs (a `CallError` keeps its code; anything else becomes `fallback`). */
export function toWire(error: unknown, fallback: ErrorCode = 'call/invalid-state'): WireError {
  if (error instanceof CallError) return { code: error.code, message: error.message };
  return { code: fallback, message: String((error as Error)?.message ?? error) };
}

/** The `CallError` a {@link WireError} stands for. */
export function fromWire(error: WireError): CallError {
  return new CallError(error.code, error.message);
}

/** Requests and replies of one tab (see the module comment). */
export class TabRpc {
  readonly #bus: TabBus;
  readonly #pending = new Map<number, { to: string; resolve(value: unknown): void; reject(error: CallError): void; timer: ReturnType<typeof setTimeout> }>();
  readonly #handlers = new Map<string, (message: TabMessage) => unknown>();
  #next = 1;

  constructor(bus: TabBus) {
    this.#bus = bus;
    bus.listen((message) => this.#onMessage(message));
  }

  /** Posts `{ t, ...fields }` to tab `to` and resolves with what its handler returned. */
  request(to: string, t: string, fields: Record<string, unknown>): Promise<unknown> {
    const req = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(req);
        reject(new CallError('call/invalid-state', 'The tab that holds this call did not answer (it may be closed or frozen).'));
      }, REPLY_TIMEOUT_MS);
      this.#pending.set(req, { to, resolve, reject, timer });
      this.#bus.post({ ...fields, t, to, req });
    });
  }

  /** Answers messages `t` with `handler`'s result (or the error it throws or rejects with). */
  serve(t: string, handler: (message: TabMessage) => unknown): void {
    this.#handlers.set(t, handler);
  }

  /** Rejects every request still waiting (this tab is leaving), or every one to tab `to` (it is gone). */
  failAll(error: CallError, to?: string): void {
    for (const [req, pending] of this.#pending) {
      if (to !== undefined && pending.to !== to) continue;
      clearTimeout(pending.timer);
      pending.reject(error);
      this.#pending.delete(req);
    }
  }

  #onMessage(message: TabMessage): void {
    if (message.t === 'reply') {
      const pending = this.#pending.get(message.req as number);
      if (!pending) return;
      this.#pending.delete(message.req as number);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(fromWire(message.error as WireError));
      return;
    }
    const handler = this.#handlers.get(message.t);
    if (!handler || message.req === undefined) return;
    const reply = (fields: Record<string, unknown>) => this.#bus.post({ t: 'reply', to: message.from, req: message.req, ...fields });
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (value) => reply({ ok: true, value }),
        (error: unknown) => reply({ ok: false, error: toWire(error) }),
      );
  }
}
