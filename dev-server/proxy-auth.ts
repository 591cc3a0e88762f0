import type { DigestAuthenticator } from './digest.js';
import type { ConnectionDirectory } from './directory.js';
import type { Registrar } from './registrar.js';
import { header } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, uriUser } from './sip-uri.js';
import type { SipConnection } from './types.js';

/** Requests a proxy may not challenge (RFC 3261 §22.1). */
const UNCHALLENGEABLE = new Set(['ACK', 'CANCEL']);

/** How to answer a request that may not be routed yet. */
export interface AuthRefusal {
  status: number;
  reason?: string;
  headers?: [string, string][];
  /** One line for the log (no secrets). */
  note: string;
}

/**
 * Proxy authentication (`407` with `Proxy-Authenticate`) of what sockets without a
 * registration send: every request but REGISTER (the registrar's), ACK and CANCEL, unless it
 * belongs to a dialog the socket is part of. The digest username must be the From user.
 */
export class ProxyAuth {
  constructor(
    private readonly auth: DigestAuthenticator,
    private readonly registrar: Registrar,
    private readonly directory: ConnectionDirectory,
  ) {}

  /** Undefined when the request may be routed, else the answer to send instead. */
  check(conn: SipConnection, req: SipMessage): AuthRefusal | undefined {
    const method = req.method!;
    if (UNCHALLENGEABLE.has(method) || this.registrar.hasContacts(conn)) return undefined;
    if (this.directory.inDialog(header(req, 'Call-ID') ?? '', conn)) return undefined;
    const user = uriUser(addrUri(header(req, 'From')));
    const verdict = this.auth.verify(header(req, 'Proxy-Authorization'), method, user);
    if (verdict === 'ok') return undefined;
    if (verdict === 'forbidden') return { status: 403, reason: 'Forbidden (wrong user or password)', note: `${method} from ${user || 'no user'} on conn ${conn.id}: refused` };
    return {
      status: 407,
      headers: [['Proxy-Authenticate', this.auth.challenge(verdict === 'stale')]],
      note: `${method} from ${user || 'no user'} on unregistered conn ${conn.id}: challenged`,
    };
  }
}
