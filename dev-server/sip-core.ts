import { DigestAuthenticator } from './digest.js';
import { ConnectionDirectory } from './directory.js';
import { resolveLimits } from './limits.js';
import type { DevSipLimits } from './limits.js';
import { PROXY_HOST, SipProxy } from './proxy.js';
import { ProxyAuth } from './proxy-auth.js';
import { Registrar } from './registrar.js';
import { RegistrationFailures } from './registration-failures.js';
import { header, parseSip, responseTo, serializeSip } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, parseCseq, parseUri, parseVia, uriUser } from './sip-uri.js';
import { SipStats } from './stats.js';
import type { DevSipStats } from './stats.js';
import { TransactionTable } from './transactions.js';
import type { DevSipServerOptions, SipConnection } from './types.js';

/** The RFC 5626 keep-alive ping and its pong. */
const PING = '\r\n\r\n';
const PONG = '\r\n';

/** How many entries the server's tables hold: what `limits` bounds (for tests and debugging). */
export interface DevSipTableSizes {
  /** Open client sockets. */
  sockets: number;
  /** AORs with contacts, and the contacts. */
  aors: number;
  contacts: number;
  /** Users remembered as registered before (besides the configured ones). */
  knownUsers: number;
  /** Proxy transactions. */
  transactions: number;
  /** Directory: contact `user@host` names, host names, dialogs. */
  directoryContacts: number;
  directoryHosts: number;
  dialogs: number;
  /** Stats: users in `byUser` and `responsesByUser`, sockets in `sockets`. */
  statsUsers: number;
  statsResponders: number;
  statsSockets: number;
}

/**
 * The SIP side of the development server, independent of WebSockets: feed it frames with
 * `handle`, tell it about sockets with `opened` and `closed`. Never throws.
 */
export class SipCore {
  /** The bounds in force. */
  readonly limits: Readonly<DevSipLimits>;
  /** Counters for tests. */
  readonly stats: SipStats;
  /** REGISTER failures planned by a test. */
  readonly registrationFailures = new RegistrationFailures();
  private readonly registrar: Registrar;
  private readonly directory: ConnectionDirectory;
  private readonly transactions: TransactionTable;
  private readonly proxyAuth?: ProxyAuth;
  private readonly proxy: SipProxy;
  private readonly connections = new Set<SipConnection>();

  constructor(private readonly options: DevSipServerOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.stats = new SipStats(this.limits);
    this.directory = new ConnectionDirectory(PROXY_HOST, this.limits);
    this.transactions = new TransactionTable(this.limits);
    const auth = options.users ? new DigestAuthenticator(options.realm ?? 'call-elements', options.users) : undefined;
    this.registrar = new Registrar({ auth, users: Object.keys(options.users ?? {}), limits: this.limits, maxExpires: options.maxExpires });
    if (auth) this.proxyAuth = new ProxyAuth(auth, this.registrar, this.directory);
    this.proxy = new SipProxy({
      registrar: this.registrar,
      directory: this.directory,
      transactions: this.transactions,
      reply: (conn, req, status, reason, extra) => this.reply(conn, req, status, reason, extra),
      log: (line) => this.log(line),
    });
  }

  /** A socket was opened. */
  opened(conn: SipConnection): void {
    this.connections.add(conn);
    this.stats.connected(conn.id);
    this.log(`conn ${conn.id} open`);
  }

  /** Handles one WebSocket text frame from a socket. */
  handle(conn: SipConnection, text: string): void {
    try {
      if (text === PING) return conn.send(PONG);
      if (!text.trim()) return;
      const { message, problem } = parseSip(text);
      if (!message) {
        this.stats.malformed();
        this.log(`conn ${conn.id}: dropped a frame that is not SIP (${problem})`);
        return;
      }
      if (message.method) this.onRequest(conn, message, problem);
      else this.onResponse(conn, message, problem);
    } catch (error) {
      this.stats.malformed();
      this.log(`conn ${conn.id}: internal error on a message: ${(error as Error).message}`);
    }
  }

  /** A socket closed: unregister its contacts and answer or cancel what waited on it. */
  closed(conn: SipConnection): void {
    try {
      this.connections.delete(conn);
      const aors = this.registrar.dropConnection(conn);
      this.directory.forget(conn);
      this.stats.disconnected(conn.id);
      for (const tx of this.transactions.involving(conn)) {
        if (tx.target === conn) {
          // The callee vanished: answer for it (480 to an INVITE, 408 otherwise).
          this.transactions.remove(tx);
          if (!tx.final && tx.source !== conn) this.reply(tx.source, tx.received, tx.method === 'INVITE' ? 480 : 408);
        } else if (tx.method === 'INVITE' && !tx.final) {
          // The caller vanished: CANCEL towards the callee; the transaction stays to ACK its 487.
          this.proxy.cancelFor(tx);
        } else this.transactions.remove(tx);
      }
      this.log(`conn ${conn.id} closed${aors.length ? `, unregistered ${aors.join(', ')}` : ''}`);
    } catch (error) {
      this.log(`conn ${conn.id}: internal error on close: ${(error as Error).message}`);
    }
  }

  /** Counters and registrations as plain JSON. */
  snapshot(): DevSipStats {
    const open = new Map<number, string[]>();
    for (const conn of this.connections) open.set(conn.id, this.registrar.aorsOf(conn));
    return this.stats.toJSON(open, this.registrar.aors());
  }

  /** AORs with a live registration. */
  registeredAors(): string[] {
    return this.registrar.aors();
  }

  /** How many entries each table holds. */
  sizes(): DevSipTableSizes {
    const registrar = this.registrar.sizes();
    const directory = this.directory.sizes();
    const stats = this.stats.sizes();
    return {
      sockets: this.connections.size,
      aors: registrar.aors,
      contacts: registrar.contacts,
      knownUsers: registrar.known,
      transactions: this.transactions.size,
      directoryContacts: directory.contacts,
      directoryHosts: directory.hosts,
      dialogs: directory.dialogs,
      statsUsers: stats.users,
      statsResponders: stats.responders,
      statsSockets: stats.sockets,
    };
  }

  /** Stops every timer. */
  dispose(): void {
    this.transactions.clear();
  }

  private onRequest(conn: SipConnection, req: SipMessage, parseProblem: string | undefined): void {
    const method = req.method!;
    this.stats.request(conn.id, method, uriUser(addrUri(header(req, 'From'))));
    const problem = parseProblem ?? validateRequest(req);
    if (problem) {
      this.stats.malformed();
      this.log(`conn ${conn.id}: bad ${method} (${problem})`);
      if (parseVia(header(req, 'Via'))) this.reply(conn, req, 400, `Bad Request (${problem})`);
      return;
    }
    this.directory.learn(conn, req);
    if (!parseUri(req.uri)) {
      const sipLike = /^sips?:/i.test(req.uri ?? '');
      return this.reply(conn, req, sipLike ? 400 : 416, sipLike ? 'Bad Request (invalid Request-URI)' : undefined);
    }
    if (method === 'REGISTER') {
      const failure = this.registrationFailures.take();
      if (failure) {
        this.log(`REGISTER on conn ${conn.id}: answered ${failure.status} as planned by failRegistrations`);
        return this.reply(conn, req, failure.status, failure.reason);
      }
      const outcome = this.registrar.register(conn, req);
      this.log(outcome.note);
      return this.reply(conn, req, outcome.status, outcome.reason, outcome.headers);
    }
    const refusal = this.proxyAuth?.check(conn, req);
    if (refusal) {
      this.log(refusal.note);
      return this.reply(conn, req, refusal.status, refusal.reason, refusal.headers);
    }
    this.proxy.route(conn, req);
  }

  private onResponse(conn: SipConnection, res: SipMessage, problem: string | undefined): void {
    this.stats.response(conn.id, res.status!, uriUser(addrUri(header(res, 'To'))));
    const via = parseVia(header(res, 'Via'));
    const cseq = parseCseq(header(res, 'CSeq'));
    if (problem || !via || !cseq) {
      this.stats.malformed();
      this.log(`conn ${conn.id}: dropped a bad ${res.status} (${problem ?? 'no Via or CSeq'})`);
      return;
    }
    this.directory.learn(conn, res);
    const tx = via.host === PROXY_HOST ? this.transactions.get(via.branch, cseq.method) : undefined;
    if (!tx || tx.target !== conn) {
      this.log(`conn ${conn.id}: dropped a ${res.status} ${cseq.method} that matches no transaction`);
      return;
    }
    const status = res.status!;
    const success = status >= 200 && status < 300;
    if (tx.final && !success) return; // a late provisional or a repeated failure
    res.headers.splice(res.headers.findIndex(([n]) => n.toLowerCase() === 'via'), 1);
    if (status >= 200 && !tx.final) this.transactions.finish(tx);
    if (!tx.source.open) {
      if (status >= 300) this.proxy.ackFor(tx, res);
      return;
    }
    tx.source.send(serializeSip(res));
    this.log(`${status} ${cseq.method} conn ${conn.id} → conn ${tx.source.id}`);
  }

  private reply(conn: SipConnection, req: SipMessage, status: number, reason?: string, extra?: [string, string][]): void {
    if (req.method === 'ACK' || !conn.open) return;
    this.stats.sent(status);
    const response = responseTo(req, status, reason, extra);
    conn.send(serializeSip(response));
    if (status !== 200 || req.method !== 'REGISTER') this.log(`→ ${status} ${response.reason} to ${req.method} from conn ${conn.id}`);
  }

  /** Passes a line to the configured logger; a throwing logger is ignored. */
  log(line: string): void {
    try {
      this.options.log?.(line);
    } catch {
      // a throwing logger must not break the server
    }
  }
}

/** Why a request cannot be processed (RFC 3261 §8.2 and §16.3), or undefined when it can. */
export function validateRequest(req: SipMessage): string | undefined {
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) if (!header(req, name)) return `missing ${name}`;
  if (!parseVia(header(req, 'Via'))) return 'invalid Via';
  const cseq = parseCseq(header(req, 'CSeq'));
  if (!cseq) return 'invalid CSeq';
  if (cseq.method !== req.method) return 'CSeq method differs from the request method';
  const maxForwards = header(req, 'Max-Forwards');
  if (maxForwards !== undefined && !/^\d{1,3}$/.test(maxForwards)) return 'invalid Max-Forwards';
  if (!parseUri(addrUri(header(req, 'From'))) || !parseUri(addrUri(header(req, 'To')))) return 'invalid From or To';
  return undefined;
}
