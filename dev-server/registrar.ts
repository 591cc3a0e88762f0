import type { DigestAuthenticator } from './digest.js';
import { DEFAULT_LIMITS, MAX_NAME_LENGTH, MAX_URI_LENGTH } from './limits.js';
import type { DevSipLimits } from './limits.js';
import { header, headers } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, param, parseUri, uriUser } from './sip-uri.js';
import type { SipConnection } from './types.js';

/** Expiry used when the client asks for none (seconds). */
export const DEFAULT_EXPIRES = 600;
/** The longest registration granted (seconds). */
export const MAX_EXPIRES = 3600;

/** What the registrar is built from. */
export interface RegistrarOptions {
  /** Checks REGISTER credentials; none means anyone may register any user. */
  auth?: DigestAuthenticator;
  /** Configured users: always "known" (480 rather than 404 while offline). */
  users?: Iterable<string>;
  limits?: Pick<DevSipLimits, 'contactsPerSocket' | 'knownUsers'>;
  /** Longest registration granted, in seconds (default and cap {@link MAX_EXPIRES}). */
  maxExpires?: number;
}

/** One registered contact of an AOR. */
export interface Binding {
  /** The Contact URI as the client sent it (without `<>` and header parameters). */
  contact: string;
  /** The socket the REGISTER came on. */
  conn: SipConnection;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** What to answer to a REGISTER. */
export interface RegisterOutcome {
  /** Status code to answer with. */
  status: number;
  /** Reason phrase, when not the standard one. */
  reason?: string;
  /** Extra headers (Contact bindings, WWW-Authenticate). */
  headers?: [string, string][];
  /** One line for the log (no secrets). */
  note: string;
}

/**
 * The location service: AOR (user part of the To URI, domain ignored) → contacts and sockets.
 * Remembers the users that registered (the latest `knownUsers` of them), so a user who is
 * offline now can be told apart (480) from one who never existed (404). One socket may hold
 * at most `contactsPerSocket` contacts; a REGISTER that would exceed it gets 503.
 */
export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  /** Per socket: the AORs it may have a contact of (pruned lazily). */
  private readonly aorsBySocket = new Map<SipConnection, Set<string>>();
  private readonly configured: ReadonlySet<string>;
  private readonly known = new Set<string>();
  private readonly auth?: DigestAuthenticator;
  private readonly limits: Pick<DevSipLimits, 'contactsPerSocket' | 'knownUsers'>;
  private readonly maxExpires: number;

  constructor(options: RegistrarOptions = {}) {
    this.auth = options.auth;
    this.maxExpires = Math.max(1, Math.min(MAX_EXPIRES, options.maxExpires ?? MAX_EXPIRES));
    this.configured = new Set(options.users ?? []);
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  /** Handles a REGISTER from `conn` and says what to answer. */
  register(conn: SipConnection, req: SipMessage): RegisterOutcome {
    const aor = uriUser(addrUri(header(req, 'To')));
    if (!aor) return { status: 400, reason: 'Bad Request (no user in To)', note: 'REGISTER without a user' };
    if (aor.length > MAX_NAME_LENGTH) return { status: 400, reason: `Bad Request (user longer than ${MAX_NAME_LENGTH} characters)`, note: 'REGISTER with a long user' };
    if (this.auth) {
      const verdict = this.auth.verify(header(req, 'Authorization'), 'REGISTER', aor);
      if (verdict === 'challenge' || verdict === 'stale') {
        const challenge: [string, string] = ['WWW-Authenticate', this.auth.challenge(verdict === 'stale')];
        return { status: 401, headers: [challenge], note: `REGISTER ${aor}: challenged` };
      }
      if (verdict === 'forbidden') return { status: 403, reason: 'Forbidden (wrong user or password)', note: `REGISTER ${aor}: refused` };
    }
    const contacts = headers(req, 'Contact');
    if (contacts.length > 2 * this.limits.contactsPerSocket) return this.tooMany(conn, aor);
    const requested = parseExpires(header(req, 'Expires'));
    let list = this.live(aor);
    for (const value of contacts) {
      if (value === '*') {
        if (requested !== 0 || contacts.length > 1) return { status: 400, reason: 'Bad Request (Contact * needs Expires: 0)', note: `REGISTER ${aor}: bad *` };
        list = [];
        continue;
      }
      const contact = addrUri(value);
      if (!parseUri(contact)) return { status: 400, reason: 'Bad Request (invalid Contact)', note: `REGISTER ${aor}: bad Contact` };
      if (contact.length > MAX_URI_LENGTH) return { status: 400, reason: `Bad Request (Contact longer than ${MAX_URI_LENGTH} characters)`, note: `REGISTER ${aor}: long Contact` };
      const expires = Math.min(this.maxExpires, parseExpires(param(value, 'expires')) ?? requested ?? DEFAULT_EXPIRES);
      list = list.filter((b) => b.contact !== contact);
      if (expires > 0) list.push({ contact, conn, expiresAt: Date.now() + expires * 1000 });
    }
    const here = list.filter((b) => b.conn === conn).length;
    if (here && this.contactsOn(conn, aor) + here > this.limits.contactsPerSocket) return this.tooMany(conn, aor);
    if (list.length) this.bindings.set(aor, list);
    else this.bindings.delete(aor);
    if (here) this.indexOf(conn).add(aor);
    if (contacts.length) this.remember(aor);
    const now = Date.now();
    const echoed = list.map((b): [string, string] => ['Contact', `<${b.contact}>;expires=${Math.max(1, Math.round((b.expiresAt - now) / 1000))}`]);
    return { status: 200, headers: echoed, note: `REGISTER ${aor} on conn ${conn.id}: ${list.length} contact(s)` };
  }

  /** The most recently registered live contact of an AOR. */
  lookup(aor: string): Binding | undefined {
    return this.live(aor).at(-1);
  }

  /** Whether a user has registered here before (or is a configured user). */
  isKnown(aor: string): boolean {
    return this.configured.has(aor) || this.known.has(aor);
  }

  /** Whether a socket holds at least one live contact. */
  hasContacts(conn: SipConnection): boolean {
    return this.aorsOf(conn).length > 0;
  }

  /** How many contacts and users are held (for tests of the bounds). */
  sizes(): { aors: number; contacts: number; known: number } {
    let contacts = 0;
    for (const list of this.bindings.values()) contacts += list.length;
    return { aors: this.bindings.size, contacts, known: this.known.size };
  }

  /** AORs with at least one live contact, in registration order. */
  aors(): string[] {
    return [...this.bindings.keys()].filter((aor) => this.live(aor).length > 0);
  }

  /** AORs with a live contact on one socket. */
  aorsOf(conn: SipConnection): string[] {
    const mine = this.aorsBySocket.get(conn);
    if (!mine) return [];
    for (const aor of mine) if (!this.live(aor).some((b) => b.conn === conn)) mine.delete(aor);
    if (!mine.size) this.aorsBySocket.delete(conn);
    return [...mine];
  }

  /** Unregisters every contact registered on a socket; returns the AORs that had one. */
  dropConnection(conn: SipConnection): string[] {
    const dropped: string[] = [];
    for (const aor of this.aorsBySocket.get(conn) ?? []) {
      const list = this.bindings.get(aor) ?? [];
      const kept = list.filter((b) => b.conn !== conn);
      if (kept.length === list.length) continue;
      dropped.push(aor);
      if (kept.length) this.bindings.set(aor, kept);
      else this.bindings.delete(aor);
    }
    this.aorsBySocket.delete(conn);
    return dropped;
  }

  private tooMany(conn: SipConnection, aor: string): RegisterOutcome {
    return {
      status: 503,
      reason: `Service Unavailable (more than ${this.limits.contactsPerSocket} contacts on one connection)`,
      note: `REGISTER ${aor} on conn ${conn.id}: too many contacts`,
    };
  }

  /** Live contacts a socket holds for AORs other than `except`. */
  private contactsOn(conn: SipConnection, except: string): number {
    let count = 0;
    for (const aor of this.aorsBySocket.get(conn) ?? []) {
      if (aor !== except) count += this.live(aor).filter((b) => b.conn === conn).length;
    }
    return count;
  }

  private indexOf(conn: SipConnection): Set<string> {
    let set = this.aorsBySocket.get(conn);
    if (!set) this.aorsBySocket.set(conn, (set = new Set()));
    return set;
  }

  /** Live (unexpired, socket open) bindings of an AOR; prunes the others. */
  private live(aor: string): Binding[] {
    const list = this.bindings.get(aor);
    if (!list) return [];
    const now = Date.now();
    const kept = list.filter((b) => b.expiresAt > now && b.conn.open);
    if (kept.length !== list.length) {
      if (kept.length) this.bindings.set(aor, kept);
      else this.bindings.delete(aor);
    }
    return kept;
  }

  private remember(aor: string): void {
    if (this.configured.has(aor)) return;
    this.known.delete(aor);
    this.known.add(aor);
    while (this.known.size > this.limits.knownUsers) this.known.delete(this.known.values().next().value!);
  }
}

/** Parses an expiry in seconds; undefined when absent or not a number. */
function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
