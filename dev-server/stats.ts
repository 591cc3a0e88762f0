import { BoundedCountTable, BoundedCounts } from './counters.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { DevSipLimits } from './limits.js';

/** Counters of one client socket. */
export interface SocketStats {
  /** Whether the socket is still open. */
  open: boolean;
  /** AORs registered on it now. */
  aors: string[];
  /** Requests it sent, by method. */
  requests: Record<string, number>;
  /** Responses it sent, by status. */
  responses: Record<string, number>;
}

/** A JSON snapshot of the counters (all since the last `resetStats()`). */
export interface DevSipStats {
  /** Requests received from clients, by method. */
  requests: Record<string, number>;
  /** Responses received from clients (and relayed when they matched), by status. */
  responses: Record<string, number>;
  /** Responses the server generated itself (200 to REGISTER, 401, 404, 480, …), by status. */
  generated: Record<string, number>;
  /** Requests by the From user, then by method (users beyond the cap are counted under `(other)`). */
  byUser: Record<string, Record<string, number>>;
  /** Responses received from clients by the To user (the responder), then by status. */
  responsesByUser: Record<string, Record<string, number>>;
  /** Per socket id: requests and responses it sent, and what is registered on it. */
  sockets: Record<string, SocketStats>;
  /** Frames that were not SIP, or requests answered 400. */
  malformed: number;
  /** Sockets opened since the reset, and open now. */
  connections: { opened: number; open: number };
  /** AORs registered now. */
  registered: string[];
}

interface SocketCounters {
  requests: BoundedCounts;
  responses: BoundedCounts;
}

/**
 * Counters of what the development SIP server saw, for tests and benchmarks. Every table is
 * a Map with a bounded number of keys (see `limits.ts`); `toJSON` builds fresh plain objects.
 */
export class SipStats {
  private requests!: BoundedCounts;
  private responses!: BoundedCounts;
  private generated!: BoundedCounts;
  private byUser!: BoundedCountTable;
  private responsesByUser!: BoundedCountTable;
  private readonly sockets = new Map<number, SocketCounters>();
  private readonly closedSockets = new Set<number>();
  private malformedCount = 0;
  private opened = 0;

  constructor(private readonly limits: Pick<DevSipLimits, 'trackedUsers' | 'trackedKeys' | 'trackedSockets'> = DEFAULT_LIMITS) {
    this.reset();
  }

  /** Counts a request a socket sent. */
  request(socket: number, method: string, fromUser: string): void {
    this.requests.bump(method);
    if (fromUser) this.byUser.bump(fromUser, method);
    this.socket(socket).requests.bump(method);
  }

  /** Counts a response a socket sent. */
  response(socket: number, status: number, toUser: string): void {
    this.responses.bump(status);
    if (toUser) this.responsesByUser.bump(toUser, status);
    this.socket(socket).responses.bump(status);
  }

  /** Counts a response the server generated. */
  sent(status: number): void {
    this.generated.bump(status);
  }

  /** Counts a malformed frame or request. */
  malformed(): void {
    this.malformedCount++;
  }

  /** Counts a new socket. */
  connected(socket: number): void {
    this.opened++;
    this.socket(socket);
  }

  /** Notes a closed socket; the counters of the oldest closed ones are dropped beyond the cap. */
  disconnected(socket: number): void {
    if (!this.sockets.has(socket)) return;
    this.closedSockets.add(socket);
    for (const id of this.closedSockets) {
      if (this.closedSockets.size <= this.limits.trackedSockets) break;
      this.closedSockets.delete(id);
      this.sockets.delete(id);
    }
  }

  /** Clears every counter. */
  reset(): void {
    const keys = this.limits.trackedKeys;
    this.requests = new BoundedCounts(keys);
    this.responses = new BoundedCounts(keys);
    this.generated = new BoundedCounts(keys);
    this.byUser = new BoundedCountTable(this.limits.trackedUsers, keys);
    this.responsesByUser = new BoundedCountTable(this.limits.trackedUsers, keys);
    this.sockets.clear();
    this.closedSockets.clear();
    this.malformedCount = 0;
    this.opened = 0;
  }

  /** How many entries the tables hold (for tests of the bounds). */
  sizes(): { users: number; responders: number; sockets: number } {
    return { users: this.byUser.size, responders: this.responsesByUser.size, sockets: this.sockets.size };
  }

  /** A JSON snapshot of fresh plain objects; `open` lists the open sockets with their registered AORs. */
  toJSON(open: Map<number, string[]>, registered: string[]): DevSipStats {
    const ids = [...new Set([...this.sockets.keys(), ...open.keys()])].sort((a, b) => a - b);
    const sockets = Object.fromEntries(
      ids.map((id): [string, SocketStats] => {
        const counts = this.sockets.get(id);
        return [String(id), { open: open.has(id), aors: [...(open.get(id) ?? [])], requests: counts?.requests.toJSON() ?? {}, responses: counts?.responses.toJSON() ?? {} }];
      }),
    );
    return {
      requests: this.requests.toJSON(),
      responses: this.responses.toJSON(),
      generated: this.generated.toJSON(),
      byUser: this.byUser.toJSON(),
      responsesByUser: this.responsesByUser.toJSON(),
      sockets,
      malformed: this.malformedCount,
      connections: { opened: this.opened, open: open.size },
      registered: [...registered],
    };
  }

  private socket(id: number): SocketCounters {
    let entry = this.sockets.get(id);
    if (!entry) this.sockets.set(id, (entry = { requests: new BoundedCounts(this.limits.trackedKeys), responses: new BoundedCounts(this.limits.trackedKeys) }));
    return entry;
  }
}
