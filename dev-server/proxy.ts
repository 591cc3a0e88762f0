import { createHash } from 'node:crypto';
import type { ConnectionDirectory } from './directory.js';
import type { Registrar } from './registrar.js';
import { cloneSip, header, headers, serializeSip, setHeader } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, param, parseCseq, parseUri, parseVia } from './sip-uri.js';
import { keptOf } from './transactions.js';
import type { ProxyTransaction, TransactionTable } from './transactions.js';
import type { SipConnection } from './types.js';

/** Host of the proxy in the Via and Record-Route it inserts; in-dialog requests name it in Route. */
export const PROXY_HOST = 'call-elements-dev-proxy.invalid';
/** The Record-Route the proxy inserts into dialog-creating requests. */
export const RECORD_ROUTE = `<sip:${PROXY_HOST};transport=ws;lr>`;
/** Methods the proxy forwards (REGISTER is handled by the registrar). */
export const FORWARDED = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'INFO', 'REFER', 'NOTIFY', 'MESSAGE', 'OPTIONS', 'UPDATE', 'PRACK', 'SUBSCRIBE'];
/** Value of the Allow header the server sends. */
export const ALLOW = ['REGISTER', ...FORWARDED].join(', ');

const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/** What the proxy needs from the rest of the server. */
export interface ProxyContext {
  registrar: Registrar;
  directory: ConnectionDirectory;
  transactions: TransactionTable;
  /** Answers a request on a socket (never an ACK). */
  reply(conn: SipConnection, req: SipMessage, status: number, reason?: string, extra?: [string, string][]): void;
  log(line: string): void;
}

/**
 * The branch of the Via we push: derived from the incoming top Via branch (plus Call-ID,
 * From tag and CSeq number, for clients with weak branches), so an INVITE, its CANCEL and
 * the ACK of a non-2xx get the same branch and the callee matches them to one transaction.
 */
export function deriveBranch(req: SipMessage): string {
  const seed = [
    parseVia(header(req, 'Via'))?.branch ?? '',
    header(req, 'Call-ID') ?? '',
    param(header(req, 'From'), 'tag') ?? '',
    parseCseq(header(req, 'CSeq'))?.seq ?? '',
  ].join('|');
  return `z9hG4bK${createHash('sha1').update(seed).digest('hex').slice(0, 24)}`;
}

/**
 * Routes requests between sockets (stateless-style, with just enough transaction memory to
 * relay responses, match CANCEL and ACK to their INVITE, and answer for a vanished callee).
 */
export class SipProxy {
  constructor(private readonly ctx: ProxyContext) {}

  /** Routes one validated request (not REGISTER) from a socket. */
  route(source: SipConnection, req: SipMessage): void {
    const method = req.method!;
    if (!FORWARDED.includes(method)) return this.ctx.reply(source, req, 405, undefined, [['Allow', ALLOW]]);
    const received = cloneSip(req);
    this.stripOwnRoutes(source, req);
    const invite = method === 'CANCEL' || method === 'ACK' ? this.ctx.transactions.get(deriveBranch(req), 'INVITE') : undefined;
    if (method === 'CANCEL') {
      if (!invite || invite.source !== source) return this.ctx.reply(source, req, 481);
      req.uri = invite.forwarded.uri;
      return this.forward(source, invite.target, req, received);
    }
    if (method === 'ACK' && invite && invite.source === source && param(header(req, 'To'), 'tag') !== undefined) {
      // The ACK of a non-2xx final response: same branch as the INVITE, same target.
      req.uri = invite.forwarded.uri;
      return this.forward(source, invite.target, req, received);
    }
    if (param(header(req, 'To'), 'tag') !== undefined) return this.inDialog(source, req, received);
    return this.outOfDialog(source, req, received);
  }

  /** Tells the callee that the caller is gone: CANCEL for a pending INVITE. */
  cancelFor(tx: ProxyTransaction): void {
    if (tx.method !== 'INVITE' || tx.final || !tx.target.open) return;
    this.sendToTarget(tx, 'CANCEL', header(tx.forwarded, 'To') ?? '');
    this.ctx.log(`CANCEL for a vanished caller → conn ${tx.target.id}`);
  }

  /** Acknowledges a non-2xx final response to an INVITE whose caller is gone. */
  ackFor(tx: ProxyTransaction, response: SipMessage): void {
    if (tx.method === 'INVITE' && tx.target.open) this.sendToTarget(tx, 'ACK', header(response, 'To') ?? '');
  }

  private inDialog(source: SipConnection, req: SipMessage, received: SipMessage): void {
    const target = this.ctx.directory.resolve(req.uri!, source, header(req, 'Call-ID') ?? '');
    if (!target) return this.ctx.reply(source, req, 481);
    this.forward(source, target, req, received);
  }

  private outOfDialog(source: SipConnection, req: SipMessage, received: SipMessage): void {
    const method = req.method!;
    const user = parseUri(req.uri)?.user ?? '';
    const binding = user ? this.ctx.registrar.lookup(user) : undefined;
    if (binding) {
      req.uri = binding.contact;
      if (DIALOG_CREATING.has(method)) {
        this.ctx.directory.addDialog(header(req, 'Call-ID') ?? '', source, binding.conn);
        req.headers.splice(firstIndex(req, 'Record-Route', 'Via'), 0, ['Record-Route', RECORD_ROUTE]);
      }
      return this.forward(source, binding.conn, req, received);
    }
    const contactOwner = user ? this.ctx.directory.owner(req.uri!) : undefined;
    if (contactOwner) return this.forward(source, contactOwner, req, received);
    if (user && this.ctx.registrar.isKnown(user)) return this.ctx.reply(source, req, 480);
    if (!user && method === 'OPTIONS') {
      return this.ctx.reply(source, req, 200, undefined, [['Allow', ALLOW], ['Accept', 'application/sdp'], ['Supported', 'outbound, path']]);
    }
    this.ctx.reply(source, req, 404);
  }

  /** Pushes our Via, decrements Max-Forwards, remembers the transaction and sends. */
  private forward(source: SipConnection, target: SipConnection, req: SipMessage, received: SipMessage): void {
    const method = req.method!;
    if (!target.open) return this.ctx.reply(source, received, 480);
    const maxForwards = Number(header(req, 'Max-Forwards') ?? 70);
    if (maxForwards <= 0) return this.ctx.reply(source, received, 483);
    setHeader(req, 'Max-Forwards', String(maxForwards - 1));
    const branch = deriveBranch(received);
    req.headers.splice(firstIndex(req, 'Via'), 0, ['Via', `SIP/2.0/WSS ${PROXY_HOST};branch=${branch}`]);
    if (method !== 'ACK' && !this.ctx.transactions.add({ branch, method, source, target, received: keptOf(received), forwarded: keptOf(req), final: false })) {
      return this.ctx.reply(source, received, 503, 'Service Unavailable (too many pending requests)');
    }
    target.send(serializeSip(req));
    this.ctx.log(`${method} ${addrUri(header(req, 'From'))} → ${req.uri} (conn ${source.id} → conn ${target.id})`);
  }

  /** Removes the Route entries at the top that name this proxy (our Record-Route or a preloaded route). */
  private stripOwnRoutes(source: SipConnection, req: SipMessage): void {
    for (;;) {
      const index = req.headers.findIndex(([n]) => n.toLowerCase() === 'route');
      if (index < 0 || !this.namesUs(source, req.headers[index][1])) return;
      req.headers.splice(index, 1);
    }
  }

  private namesUs(source: SipConnection, route: string): boolean {
    const uri = parseUri(addrUri(route));
    if (!uri) return false;
    if (uri.host === PROXY_HOST) return true;
    const [host, port] = splitHostPort(source.host);
    return uri.host === host && (uri.port === undefined || port === undefined || uri.port === port);
  }

  /** Sends a CANCEL or ACK we generate for a forwarded INVITE (RFC 3261 §9.1, §17.1.1.3). */
  private sendToTarget(tx: ProxyTransaction, method: 'CANCEL' | 'ACK', to: string): void {
    const invite = tx.forwarded;
    const request: SipMessage = {
      method,
      uri: invite.uri,
      headers: [
        ['Via', `SIP/2.0/WSS ${PROXY_HOST};branch=${tx.branch}`],
        ['Max-Forwards', '70'],
        ...headers(invite, 'Route').map((r): [string, string] => ['Route', r]),
        ['To', to],
        ['From', header(invite, 'From') ?? ''],
        ['Call-ID', header(invite, 'Call-ID') ?? ''],
        ['CSeq', `${parseCseq(header(invite, 'CSeq'))?.seq ?? 1} ${method}`],
      ],
      body: '',
    };
    tx.target.send(serializeSip(request));
  }
}

/** Index of the first header named `name`, else of the first named `fallback`, else 0. */
function firstIndex(message: SipMessage, name: string, fallback?: string): number {
  for (const wanted of [name, fallback]) {
    if (!wanted) continue;
    const index = message.headers.findIndex(([n]) => n.toLowerCase() === wanted.toLowerCase());
    if (index >= 0) return index;
  }
  return 0;
}

/** `127.0.0.1:5062` → [`127.0.0.1`, 5062]; `[::1]:80` → [`[::1]`, 80]. */
function splitHostPort(hostHeader: string): [string, number | undefined] {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  return match ? [match[1], match[2] ? Number(match[2]) : undefined] : ['', undefined];
}
