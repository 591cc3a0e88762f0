import type { SipMessage } from './sip-message.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { DevSipLimits } from './limits.js';
import type { SipConnection } from './types.js';

/** How long an INVITE may wait for a final response (RFC 3261 timer C is "more than 3 minutes"). */
const INVITE_PENDING_MS = 4 * 60_000;
/** How long a non-INVITE may wait for a final response (64·T1). */
const NON_INVITE_PENDING_MS = 32_000;
/** How long a completed INVITE is kept, for 2xx retransmissions, the ACK of a non-2xx and late CANCELs. */
const INVITE_LINGER_MS = 32_000;

/** One request the proxy forwarded and whose responses it relays back. */
export interface ProxyTransaction {
  /** Our branch (in the Via we pushed). */
  branch: string;
  /** Method of the request (CANCEL and INVITE with one branch are two transactions). */
  method: string;
  /** Socket the request came from; responses go back there. */
  source: SipConnection;
  /** Socket the request went to; responses must come from there. */
  target: SipConnection;
  /** The request as received, for answering the source ourselves. */
  received: SipMessage;
  /** The request as forwarded, for sending a CANCEL or ACK to the target ourselves. */
  forwarded: SipMessage;
  /** A final response has been relayed. */
  final: boolean;
  /** Drops the transaction when it times out or has lingered long enough. */
  timer?: ReturnType<typeof setTimeout>;
}

/** Adds a transaction to a per-socket index. */
function index(map: Map<SipConnection, Set<ProxyTransaction>>, conn: SipConnection, tx: ProxyTransaction): void {
  let set = map.get(conn);
  if (!set) map.set(conn, (set = new Set()));
  set.add(tx);
}

/** Removes a transaction from a per-socket index. */
function unindex(map: Map<SipConnection, Set<ProxyTransaction>>, conn: SipConnection, tx: ProxyTransaction): void {
  const set = map.get(conn);
  if (set?.delete(tx) && !set.size) map.delete(conn);
}

/**
 * The proxy's transactions, keyed by our branch and the method; forgotten on timers, and
 * bounded in total and per source socket.
 */
export class TransactionTable {
  private readonly table = new Map<string, ProxyTransaction>();
  private readonly bySource = new Map<SipConnection, Set<ProxyTransaction>>();
  private readonly byTarget = new Map<SipConnection, Set<ProxyTransaction>>();

  constructor(private readonly limits: Pick<DevSipLimits, 'transactions' | 'transactionsPerSocket'> = DEFAULT_LIMITS) {}

  /**
   * Adds (or replaces) a transaction; it is dropped if no final response comes in time.
   * Returns false, adding nothing, when the table or the source's share of it is full.
   */
  add(tx: ProxyTransaction): boolean {
    const key = keyOf(tx.branch, tx.method);
    const old = this.table.get(key);
    const fromSource = this.bySource.get(tx.source)?.size ?? 0;
    const replacing = old?.source === tx.source ? 1 : 0;
    if (!old && this.table.size >= this.limits.transactions) return false;
    if (fromSource - replacing >= this.limits.transactionsPerSocket) return false;
    if (old) this.remove(old);
    this.table.set(key, tx);
    index(this.bySource, tx.source, tx);
    index(this.byTarget, tx.target, tx);
    this.expire(tx, tx.method === 'INVITE' ? INVITE_PENDING_MS : NON_INVITE_PENDING_MS);
    return true;
  }

  /** The transaction of our branch and a method. */
  get(branch: string | undefined, method: string): ProxyTransaction | undefined {
    return branch ? this.table.get(keyOf(branch, method)) : undefined;
  }

  /** Marks a final response: a non-INVITE is forgotten now, an INVITE a little later. */
  finish(tx: ProxyTransaction): void {
    tx.final = true;
    if (tx.method === 'INVITE') this.expire(tx, INVITE_LINGER_MS);
    else this.remove(tx);
  }

  /** Forgets a transaction. */
  remove(tx: ProxyTransaction): void {
    if (tx.timer) clearTimeout(tx.timer);
    const key = keyOf(tx.branch, tx.method);
    if (this.table.get(key) !== tx) return;
    this.table.delete(key);
    unindex(this.bySource, tx.source, tx);
    unindex(this.byTarget, tx.target, tx);
  }

  /** The transactions a socket is part of (as source or target). */
  involving(conn: SipConnection): ProxyTransaction[] {
    return [...new Set([...(this.bySource.get(conn) ?? []), ...(this.byTarget.get(conn) ?? [])])];
  }

  /** Stops every timer and forgets everything. */
  clear(): void {
    for (const tx of this.table.values()) if (tx.timer) clearTimeout(tx.timer);
    this.table.clear();
    this.bySource.clear();
    this.byTarget.clear();
  }

  /** Number of transactions held (for tests). */
  get size(): number {
    return this.table.size;
  }

  private expire(tx: ProxyTransaction, ms: number): void {
    if (tx.timer) clearTimeout(tx.timer);
    tx.timer = setTimeout(() => this.remove(tx), ms);
    tx.timer.unref?.();
  }
}

function keyOf(branch: string, method: string): string {
  return `${branch}|${method}`;
}
