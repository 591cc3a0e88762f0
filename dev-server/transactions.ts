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

/** The headers a transaction needs to answer its source or to CANCEL or ACK towards its target. */
const KEPT_HEADERS = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'route']);

/** A copy of a request with only what a transaction needs: start line and `KEPT_HEADERS`, no body. */
export function keptOf(message: SipMessage): SipMessage {
  const headers = message.headers.filter(([n]) => KEPT_HEADERS.has(n.toLowerCase())).map(([n, v]): [string, string] => [n, v]);
  return { method: message.method, uri: message.uri, headers, body: '' };
}

/** Bytes a transaction holds, roughly: its kept copies' start lines and headers. */
function bytesOf(tx: ProxyTransaction): number {
  let bytes = 0;
  for (const message of [tx.received, tx.forwarded]) {
    bytes += Buffer.byteLength(message.uri ?? '') + 32;
    for (const [name, value] of message.headers) bytes += name.length + Buffer.byteLength(value) + 4;
  }
  return bytes;
}

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
  /** The request as received, for answering the source ourselves (headers of `KEPT_HEADERS` only). */
  received: SipMessage;
  /** The request as forwarded, for sending a CANCEL or ACK to the target ourselves (headers of `KEPT_HEADERS` only). */
  forwarded: SipMessage;
  /** A final response has been relayed. */
  final: boolean;
  /** Drops the transaction when it times out or has lingered long enough. */
  timer?: ReturnType<typeof setTimeout>;
}

/** What one source socket holds in the table. */
interface Share {
  /** Its transactions, oldest first. */
  transactions: Set<ProxyTransaction>;
  bytes: number;
}

/**
 * The proxy's transactions, keyed by our branch and the method; forgotten on timers. Bounded
 * per source socket (`transactionsPerSocket`) and in total (`transactions`, `transactionBytes`):
 * when the table is full, the socket holding the most bytes loses its oldest transaction, unless
 * that socket is the one adding (then the new one is refused), so a flood crowds out itself.
 */
export class TransactionTable {
  private readonly table = new Map<string, ProxyTransaction>();
  private readonly bySource = new Map<SipConnection, Share>();
  private readonly byTarget = new Map<SipConnection, Set<ProxyTransaction>>();
  private readonly sizes = new WeakMap<ProxyTransaction, number>();
  private bytes = 0;

  constructor(private readonly limits: Pick<DevSipLimits, 'transactions' | 'transactionBytes' | 'transactionsPerSocket'> = DEFAULT_LIMITS) {}

  /**
   * Adds (or replaces) a transaction; it is dropped if no final response comes in time.
   * Returns false, adding nothing, when its source has its share or holds the most already.
   */
  add(tx: ProxyTransaction): boolean {
    const key = keyOf(tx.branch, tx.method);
    const old = this.table.get(key);
    if (old) this.remove(old);
    const size = bytesOf(tx);
    const mine = this.bySource.get(tx.source);
    if ((mine?.transactions.size ?? 0) >= this.limits.transactionsPerSocket) return false;
    while (this.table.size >= this.limits.transactions || this.bytes + size > this.limits.transactionBytes) {
      const heaviest = this.heaviest();
      if (!heaviest || heaviest[0] === tx.source || heaviest[1].bytes <= (mine?.bytes ?? 0) + size) return false;
      this.remove(heaviest[1].transactions.values().next().value!);
    }
    this.table.set(key, tx);
    this.sizes.set(tx, size);
    this.bytes += size;
    let share = this.bySource.get(tx.source);
    if (!share) this.bySource.set(tx.source, (share = { transactions: new Set(), bytes: 0 }));
    share.transactions.add(tx);
    share.bytes += size;
    let targeted = this.byTarget.get(tx.target);
    if (!targeted) this.byTarget.set(tx.target, (targeted = new Set()));
    targeted.add(tx);
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
    const size = this.sizes.get(tx) ?? 0;
    this.bytes -= size;
    const share = this.bySource.get(tx.source);
    if (share?.transactions.delete(tx)) {
      share.bytes -= size;
      if (!share.transactions.size) this.bySource.delete(tx.source);
    }
    const targeted = this.byTarget.get(tx.target);
    if (targeted?.delete(tx) && !targeted.size) this.byTarget.delete(tx.target);
  }

  /** The transactions a socket is part of (as source or target). */
  involving(conn: SipConnection): ProxyTransaction[] {
    return [...new Set([...(this.bySource.get(conn)?.transactions ?? []), ...(this.byTarget.get(conn) ?? [])])];
  }

  /** Stops every timer and forgets everything. */
  clear(): void {
    for (const tx of this.table.values()) if (tx.timer) clearTimeout(tx.timer);
    this.table.clear();
    this.bySource.clear();
    this.byTarget.clear();
    this.bytes = 0;
  }

  /** Number of transactions held (for tests). */
  get size(): number {
    return this.table.size;
  }

  /** Bytes the transactions hold (for tests). */
  get byteSize(): number {
    return this.bytes;
  }

  /** The source socket holding the most bytes, with its share. */
  private heaviest(): [SipConnection, Share] | undefined {
    let found: [SipConnection, Share] | undefined;
    for (const entry of this.bySource) if (!found || entry[1].bytes > found[1].bytes) found = entry;
    return found;
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
