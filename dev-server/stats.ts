/** A JSON snapshot of the counters. */
export interface DevSipStats {
  requests: Record<string, number>;
  responses: Record<string, number>;
  generated: Record<string, number>;
  byUser: Record<string, Record<string, number>>;
  malformed: number;
}

/** Counters of what the development SIP server saw, for tests and benchmarks. */
export class SipStats {
  requests: Record<string, number> = {};
  responses: Record<string, number> = {};
  /** Responses the server generated itself (e.g. 404, 401). */
  generated: Record<string, number> = {};
  /** Requests by the From user, then by method. */
  byUser: Record<string, Record<string, number>> = {};
  malformed = 0;

  /** Counts a received request. */
  request(method: string, fromUser: string): void {
    this.requests[method] = (this.requests[method] ?? 0) + 1;
    if (fromUser) {
      const user = (this.byUser[fromUser] ??= {});
      user[method] = (user[method] ?? 0) + 1;
    }
  }

  /** Counts a relayed response. */
  response(status: number): void {
    this.responses[status] = (this.responses[status] ?? 0) + 1;
  }

  /** Counts a response we generated. */
  sent(status: number): void {
    this.generated[status] = (this.generated[status] ?? 0) + 1;
  }

  /** Clears every counter. */
  reset(): void {
    this.requests = {};
    this.responses = {};
    this.generated = {};
    this.byUser = {};
    this.malformed = 0;
  }

  /** A plain JSON snapshot. */
  toJSON(): DevSipStats {
    return { requests: this.requests, responses: this.responses, generated: this.generated, byUser: this.byUser, malformed: this.malformed };
  }
}
