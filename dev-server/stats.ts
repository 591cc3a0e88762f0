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
  /** Requests by the From user, then by method. */
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

const bump = (counts: Record<string, number>, key: string | number) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const sub = (table: Record<string, Record<string, number>>, key: string) => (table[key] ??= {});

/** Counters of what the development SIP server saw, for tests and benchmarks. */
export class SipStats {
  private requests: Record<string, number> = {};
  private responses: Record<string, number> = {};
  private generated: Record<string, number> = {};
  private byUser: Record<string, Record<string, number>> = {};
  private responsesByUser: Record<string, Record<string, number>> = {};
  private sockets = new Map<number, { requests: Record<string, number>; responses: Record<string, number> }>();
  private malformedCount = 0;
  private opened = 0;

  /** Counts a request a socket sent. */
  request(socket: number, method: string, fromUser: string): void {
    bump(this.requests, method);
    if (fromUser) bump(sub(this.byUser, fromUser), method);
    bump(this.socket(socket).requests, method);
  }

  /** Counts a response a socket sent. */
  response(socket: number, status: number, toUser: string): void {
    bump(this.responses, status);
    if (toUser) bump(sub(this.responsesByUser, toUser), status);
    bump(this.socket(socket).responses, status);
  }

  /** Counts a response the server generated. */
  sent(status: number): void {
    bump(this.generated, status);
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

  /** Clears every counter. */
  reset(): void {
    this.requests = {};
    this.responses = {};
    this.generated = {};
    this.byUser = {};
    this.responsesByUser = {};
    this.sockets.clear();
    this.malformedCount = 0;
    this.opened = 0;
  }

  /** A plain JSON snapshot; `open` lists the open sockets with their registered AORs. */
  toJSON(open: Map<number, string[]>, registered: string[]): DevSipStats {
    const sockets: Record<string, SocketStats> = {};
    const ids = new Set([...this.sockets.keys(), ...open.keys()]);
    for (const id of [...ids].sort((a, b) => a - b)) {
      const counts = this.sockets.get(id);
      sockets[id] = {
        open: open.has(id),
        aors: open.get(id) ?? [],
        requests: { ...counts?.requests },
        responses: { ...counts?.responses },
      };
    }
    return structuredClone({
      requests: this.requests,
      responses: this.responses,
      generated: this.generated,
      byUser: this.byUser,
      responsesByUser: this.responsesByUser,
      sockets,
      malformed: this.malformedCount,
      connections: { opened: this.opened, open: open.size },
      registered,
    });
  }

  private socket(id: number) {
    let entry = this.sockets.get(id);
    if (!entry) this.sockets.set(id, (entry = { requests: {}, responses: {} }));
    return entry;
  }
}
