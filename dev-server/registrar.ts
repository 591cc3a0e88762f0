import { DigestAuthenticator } from './digest.js';
import { header, headers } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, param, parseUri, uriUser } from './sip-uri.js';
import type { DevSipServerOptions, SipConnection } from './types.js';

/** Expiry used when the client asks for none (seconds). */
export const DEFAULT_EXPIRES = 600;
/** The longest registration granted (seconds). */
export const MAX_EXPIRES = 3600;
/** How many user names the registrar remembers as "known" (for 480 rather than 404). */
const MAX_KNOWN = 10_000;

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
 * Remembers every user that ever registered, so a user who is offline now can be told
 * apart (480) from one who never existed (404).
 */
export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly known = new Set<string>();
  private readonly auth?: DigestAuthenticator;

  constructor(options: DevSipServerOptions = {}) {
    if (options.users) {
      this.auth = new DigestAuthenticator(options.realm ?? 'call-elements', options.users);
      for (const user of Object.keys(options.users)) this.known.add(user);
    }
  }

  /** Handles a REGISTER from `conn` and says what to answer. */
  register(conn: SipConnection, req: SipMessage): RegisterOutcome {
    const aor = uriUser(addrUri(header(req, 'To')));
    if (!aor) return { status: 400, reason: 'Bad Request (no user in To)', note: 'REGISTER without a user' };
    if (this.auth) {
      const verdict = this.auth.verify(header(req, 'Authorization'), 'REGISTER', aor);
      if (verdict === 'challenge' || verdict === 'stale') {
        const challenge: [string, string] = ['WWW-Authenticate', this.auth.challenge(verdict === 'stale')];
        return { status: 401, headers: [challenge], note: `REGISTER ${aor}: challenged` };
      }
      if (verdict === 'forbidden') return { status: 403, reason: 'Forbidden (wrong user or password)', note: `REGISTER ${aor}: refused` };
    }
    const contacts = headers(req, 'Contact');
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
      const expires = Math.min(MAX_EXPIRES, parseExpires(param(value, 'expires')) ?? requested ?? DEFAULT_EXPIRES);
      list = list.filter((b) => b.contact !== contact);
      if (expires > 0) list.push({ contact, conn, expiresAt: Date.now() + expires * 1000 });
    }
    if (list.length) this.bindings.set(aor, list);
    else this.bindings.delete(aor);
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
    return this.known.has(aor);
  }

  /** AORs with at least one live contact, in registration order. */
  aors(): string[] {
    return [...this.bindings.keys()].filter((aor) => this.live(aor).length > 0);
  }

  /** AORs with a live contact on one socket. */
  aorsOf(conn: SipConnection): string[] {
    return this.aors().filter((aor) => this.live(aor).some((b) => b.conn === conn));
  }

  /** Unregisters every contact registered on a socket; returns the AORs that had one. */
  dropConnection(conn: SipConnection): string[] {
    const dropped: string[] = [];
    for (const [aor, list] of this.bindings) {
      const kept = list.filter((b) => b.conn !== conn);
      if (kept.length === list.length) continue;
      dropped.push(aor);
      if (kept.length) this.bindings.set(aor, kept);
      else this.bindings.delete(aor);
    }
    return dropped;
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
    this.known.delete(aor);
    this.known.add(aor);
    while (this.known.size > MAX_KNOWN) this.known.delete(this.known.values().next().value!);
  }
}

/** Parses an expiry in seconds; undefined when absent or not a number. */
function parseExpires(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
