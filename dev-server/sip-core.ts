import { createHash } from 'node:crypto';
import { digestChallenge, parseDigest, verifyDigest } from './digest.js';
import { addrUri, header, headers, param, parseSip, removeHeader, responseTo, serializeSip, uriHost, uriUser } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { SipStats } from './stats.js';

/** One client WebSocket as the SIP core sees it. */
export interface SipConnection {
  readonly id: number;
  readonly open: boolean;
  send(text: string): void;
}

/** Options of the development SIP server. */
export interface DevSipServerOptions {
  /** Static credentials; when set, REGISTER needs digest auth. Never logged. */
  users?: Record<string, string>;
  realm?: string;
  log?: (line: string) => void;
}

interface Binding {
  contact: string;
  conn: SipConnection;
  expiresAt: number;
}

interface Transaction {
  source: SipConnection;
  target: SipConnection;
  /** The request as the source sent it (for answering it ourselves). */
  original: SipMessage;
  method: string;
}

/** Identifies a client contact: user and host of its URI (JsSIP's host is per page, its user per UA). */
function contactKey(uri: string): string {
  return `${uriUser(uri)}@${uriHost(uri)}`.toLowerCase();
}

/** Host in the Record-Route we insert; in-dialog requests carry it in Route. */
const PROXY_HOST = 'call-elements-dev-proxy.invalid';
const RECORD_ROUTE = `<sip:${PROXY_HOST};transport=ws;lr>`;
const FORWARDED = new Set(['INVITE', 'ACK', 'BYE', 'CANCEL', 'INFO', 'REFER', 'NOTIFY', 'MESSAGE', 'OPTIONS', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'PUBLISH']);
const MAX_EXPIRES = 3600;

/**
 * Registrar and stateless-style proxy for SIP over WebSocket clients such as JsSIP.
 * JsSIP hosts are random `*.invalid` names, so targets are found by the connection that
 * announced a host (in Via or Contact), never by DNS.
 */
export class SipCore {
  readonly stats = new SipStats();
  private readonly bindings = new Map<string, Binding[]>();
  private readonly owners = new Map<string, SipConnection>();
  private readonly transactions = new Map<string, Transaction>();
  private readonly nonces = new Set<string>();
  private readonly realm: string;

  constructor(private readonly options: DevSipServerOptions = {}) {
    this.realm = options.realm ?? 'call-elements';
  }

  /** Handles one WebSocket text frame from a client. Never throws. */
  handle(conn: SipConnection, text: string): void {
    try {
      if (!text.trim()) {
        conn.send('\r\n');
        return;
      }
      const message = parseSip(text);
      if (!message) {
        this.stats.malformed++;
        this.log(`conn ${conn.id}: dropped a message that is not SIP`);
        return;
      }
      this.learn(conn, message);
      if (message.method) this.onRequest(conn, message);
      else this.onResponse(message);
    } catch (error) {
      this.stats.malformed++;
      this.log(`conn ${conn.id}: error handling message: ${(error as Error).message}`);
    }
  }

  /** Forgets a closed connection: its registrations, hosts, and answers what waited on it. */
  closed(conn: SipConnection): void {
    for (const [aor, list] of this.bindings) {
      const kept = list.filter((b) => b.conn !== conn);
      if (kept.length) this.bindings.set(aor, kept);
      else this.bindings.delete(aor);
    }
    for (const [key, owner] of this.owners) if (owner === conn) this.owners.delete(key);
    for (const [key, tx] of this.transactions) {
      if (tx.source === conn) this.transactions.delete(key);
      else if (tx.target === conn) {
        this.transactions.delete(key);
        if (tx.method !== 'ACK') this.reply(tx.source, tx.original, 480, 'Temporarily Unavailable');
      }
    }
  }

  /** AORs with a live registration. */
  registeredAors(): string[] {
    return [...this.bindings.keys()].filter((aor) => this.binding(aor));
  }

  private onRequest(conn: SipConnection, req: SipMessage): void {
    const method = req.method!;
    const from = uriUser(addrUri(header(req, 'From')));
    this.stats.request(method, from);
    if (!header(req, 'Via') || !header(req, 'Call-ID') || !header(req, 'CSeq') || !header(req, 'From') || !header(req, 'To')) {
      if (header(req, 'Via')) this.reply(conn, req, 400, 'Bad Request - Missing Header');
      return;
    }
    const maxForwards = Number(header(req, 'Max-Forwards') ?? 70);
    if (!(maxForwards > 0)) {
      if (method !== 'ACK') this.reply(conn, req, 483, 'Too Many Hops');
      return;
    }
    if (method === 'REGISTER') {
      this.register(conn, req);
      return;
    }
    if (!FORWARDED.has(method)) {
      this.reply(conn, req, 405, 'Method Not Allowed', [['Allow', [...FORWARDED, 'REGISTER'].join(', ')]]);
      return;
    }
    // In-dialog (or to a known contact): the Request-URI host names a connection.
    const owner = this.owners.get(contactKey(req.uri!));
    if (owner) {
      if (!owner.open) return this.replyUnlessAck(conn, req, 480, 'Temporarily Unavailable');
      this.forward(conn, owner, req, false);
      return;
    }
    const user = uriUser(req.uri!);
    if (!user) {
      if (method === 'OPTIONS') this.reply(conn, req, 200, 'OK', [['Allow', [...FORWARDED, 'REGISTER'].join(', ')]]);
      else this.replyUnlessAck(conn, req, 404, 'Not Found');
      return;
    }
    if (param(header(req, 'To'), 'tag') && method !== 'ACK') {
      this.reply(conn, req, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    const binding = this.binding(user);
    if (!binding) return this.replyUnlessAck(conn, req, method === 'CANCEL' ? 481 : 404, method === 'CANCEL' ? 'Call/Transaction Does Not Exist' : 'Not Found');
    if (!binding.conn.open) return this.replyUnlessAck(conn, req, 480, 'Temporarily Unavailable');
    req.uri = binding.contact;
    this.forward(conn, binding.conn, req, method === 'INVITE' || method === 'SUBSCRIBE' || method === 'REFER');
  }

  private forward(source: SipConnection, target: SipConnection, req: SipMessage, recordRoute: boolean): void {
    const original: SipMessage = { ...req, headers: req.headers.map(([n, v]) => [n, v]) };
    const routes = headers(req, 'Route').filter((r) => uriHost(addrUri(r)) !== PROXY_HOST);
    removeHeader(req, 'Route');
    for (const r of routes) req.headers.push(['Route', r]);
    const maxForwards = Number(header(req, 'Max-Forwards') ?? 70);
    removeHeader(req, 'Max-Forwards');
    req.headers.push(['Max-Forwards', String(maxForwards - 1)]);
    if (recordRoute) req.headers.unshift(['Record-Route', RECORD_ROUTE]);
    const branch = `z9hG4bK${createHash('sha1').update(param(header(req, 'Via'), 'branch') ?? header(req, 'Call-ID') ?? '').digest('hex').slice(0, 20)}`;
    req.headers.unshift(['Via', `SIP/2.0/WSS ${PROXY_HOST};branch=${branch}`]);
    if (req.method !== 'ACK') {
      this.transactions.set(`${branch}|${req.method}`, { source, target, original, method: req.method! });
    }
    target.send(serializeSip(req));
    this.log(`${req.method} conn ${source.id} → conn ${target.id}`);
  }

  private onResponse(res: SipMessage): void {
    this.stats.response(res.status!);
    const top = header(res, 'Via');
    const method = (header(res, 'CSeq') ?? '').split(/\s+/)[1] ?? '';
    const key = `${param(top, 'branch')}|${method}`;
    const tx = this.transactions.get(key);
    if (!tx) return;
    const index = res.headers.findIndex(([n]) => n.toLowerCase() === 'via');
    res.headers.splice(index, 1);
    if (res.status! >= 200) this.transactions.delete(key);
    if (tx.source.open) tx.source.send(serializeSip(res));
  }

  private register(conn: SipConnection, req: SipMessage): void {
    const aor = uriUser(addrUri(header(req, 'To')));
    if (!aor) return this.reply(conn, req, 400, 'Bad Request - No User');
    if (this.options.users && !this.authorised(conn, req)) return;
    const defaultExpires = Number(header(req, 'Expires') ?? 600);
    const list = (this.bindings.get(aor) ?? []).filter((b) => b.expiresAt > Date.now());
    for (const value of headers(req, 'Contact')) {
      if (value.trim() === '*') {
        list.length = 0;
        continue;
      }
      const contact = addrUri(value);
      const expires = Math.min(MAX_EXPIRES, Number(param(value, 'expires') ?? defaultExpires));
      const existing = list.findIndex((b) => b.contact === contact);
      if (existing >= 0) list.splice(existing, 1);
      if (expires > 0) list.push({ contact, conn, expiresAt: Date.now() + expires * 1000 });
    }
    if (list.length) this.bindings.set(aor, list);
    else this.bindings.delete(aor);
    const contacts = list
      .filter((b) => b.conn === conn)
      .map((b): [string, string] => ['Contact', `<${b.contact}>;expires=${Math.round((b.expiresAt - Date.now()) / 1000)}`]);
    this.reply(conn, req, 200, 'OK', contacts);
    this.log(`REGISTER ${aor}: ${list.length} binding(s)`);
  }

  private authorised(conn: SipConnection, req: SipMessage): boolean {
    const users = this.options.users!;
    const params = parseDigest(header(req, 'Authorization'));
    if (!params.response || !this.nonces.has(params.nonce ?? '')) {
      const { header: challenge, nonce } = digestChallenge(this.realm);
      this.nonces.add(nonce);
      if (this.nonces.size > 1000) this.nonces.delete(this.nonces.values().next().value!);
      this.reply(conn, req, 401, 'Unauthorized', [['WWW-Authenticate', challenge]]);
      return false;
    }
    const password = users[params.username ?? ''];
    if (password === undefined || !verifyDigest(params, 'REGISTER', password)) {
      this.reply(conn, req, 403, 'Forbidden');
      return false;
    }
    return true;
  }

  private binding(aor: string): Binding | undefined {
    const list = (this.bindings.get(aor) ?? []).filter((b) => b.expiresAt > Date.now());
    return list.filter((b) => b.conn.open).at(-1) ?? list.at(-1);
  }

  /** Remembers which connection announced each Contact (JsSIP UAs in one page share a host). */
  private learn(conn: SipConnection, message: SipMessage): void {
    for (const value of headers(message, 'Contact')) {
      const uri = addrUri(value);
      if (uriHost(uri).endsWith('.invalid') && uriUser(uri)) this.owners.set(contactKey(uri), conn);
    }
  }

  private replyUnlessAck(conn: SipConnection, req: SipMessage, status: number, reason: string): void {
    if (req.method !== 'ACK') this.reply(conn, req, status, reason);
  }

  private reply(conn: SipConnection, req: SipMessage, status: number, reason: string, extra: [string, string][] = []): void {
    if (!conn.open) return;
    this.stats.sent(status);
    conn.send(serializeSip(responseTo(req, status, reason, extra)));
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
