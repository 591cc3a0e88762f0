import { REASONS } from './sip-message.js';

/** A planned failure of the next REGISTERs (a test and development aid). */
export interface RegistrationFailure {
  /** Final status to answer with, 300–699 (e.g. 503). */
  status: number;
  /** How many REGISTERs to answer so (default 1). */
  count?: number;
  /** Reason phrase (default: the standard one for the status). */
  reason?: string;
}

/** One status and reason to answer a REGISTER with. */
export interface FailureAnswer {
  status: number;
  reason: string;
}

/**
 * A queue of injected REGISTER failures: each `fail()` appends `count` answers, `take()` hands
 * out the next one. No `Retry-After` is ever added, so a client retries on its own schedule.
 */
export class RegistrationFailures {
  private readonly planned: (FailureAnswer & { left: number })[] = [];

  /** Answers the next `count` REGISTERs with `status`; throws a TypeError for a bad status, count or reason. */
  fail({ status, count = 1, reason }: RegistrationFailure): void {
    if (!Number.isInteger(status) || status < 300 || status > 699) throw new TypeError(`failRegistrations: status must be 300–699, not ${status}`);
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`failRegistrations: count must be a positive integer, not ${count}`);
    if (reason !== undefined && !/^[^\x00-\x1f\x7f]*$/.test(reason)) throw new TypeError('failRegistrations: reason must not hold control characters');
    this.planned.push({ status, reason: reason ?? REASONS.get(status) ?? 'Failure', left: count });
  }

  /** The answer for the next REGISTER, or undefined when no failure is planned. */
  take(): FailureAnswer | undefined {
    const next = this.planned[0];
    if (!next) return undefined;
    if (--next.left === 0) this.planned.shift();
    return { status: next.status, reason: next.reason };
  }

  /** Drops every planned failure. */
  clear(): void {
    this.planned.length = 0;
  }

  /** REGISTERs still to fail. */
  get pending(): number {
    return this.planned.reduce((sum, p) => sum + p.left, 0);
  }
}
