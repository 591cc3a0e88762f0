import { createHash, randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { header, headers, parseSip } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, param } from './sip-uri.js';

/** A random token like JsSIP's `Utils.createRandomToken`. */
export const token = (length = 10) => randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length).toLowerCase();

/** Options of one request built by `TestSipClient.send`. */
export interface SendOptions {
  to?: string;
  from?: string;
  callId?: string;
  branch?: string;
  cseq?: number;
  /** Extra header lines, e.g. `Route: <…>`. */
  extra?: string[];
  body?: string;
  /** Leave out the Contact header. */
  noContact?: boolean;
  /** Max-Forwards value (default 69, as JsSIP sends). */
  maxForwards?: number;
}

/** Options of `TestSipClient.connect`. */
export interface ConnectOptions {
  /** The random `*.invalid` Via and Contact host (default: a new one). */
  host?: string;
  /** Domain of the AOR (default `127.0.0.1`). */
  domain?: string;
  /** An Origin header, as a browser sends. */
  origin?: string;
  /** Local address to connect from. */
  localAddress?: string;
}

/** What `send` sent, to build follow-up requests (CANCEL, ACK, in-dialog). */
export interface Sent {
  branch: string;
  callId: string;
  cseq: number;
  from: string;
  to: string;
  text: string;
}

/**
 * A raw SIP-over-WebSocket client for the dev server's tests, shaped like JsSIP: a random
 * `*.invalid` Via host shared by every client created with the same `host`, a Contact with a
 * random user and `;transport=ws`, `SIP/2.0/WSS` in Via, and JsSIP's REGISTER headers.
 */
export class TestSipClient {
  /** Messages received and not yet taken by `next`. */
  readonly received: SipMessage[] = [];
  /** Raw frames received, including keep-alive pongs. */
  readonly frames: string[] = [];
  /** Contact URI of this client. */
  readonly contact: string;
  private waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  private cseq = Math.floor(Math.random() * 9000) + 1;
  private readonly registerCallId = token(22);

  private constructor(
    readonly ws: WebSocket,
    readonly user: string,
    readonly host: string,
    readonly domain: string,
  ) {
    this.contact = `sip:${token(8)}@${host};transport=ws`;
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      const { message } = parseSip(text);
      if (!message) return;
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else this.received.push(message);
    });
  }

  /**
   * Connects to a server URL with the `sip` subprotocol; `origin` sends an Origin header like
   * a browser page, `localAddress` picks the source address (e.g. `127.0.0.2`).
   */
  static async connect(url: string, user: string, options: ConnectOptions = {}): Promise<TestSipClient> {
    const ws = new WebSocket(url, 'sip', { origin: options.origin, localAddress: options.localAddress });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new TestSipClient(ws, user, options.host ?? `${token(12)}.invalid`, options.domain ?? '127.0.0.1');
  }

  /** This client's address of record URI. */
  get aor(): string {
    return `sip:${this.user}@${this.domain}`;
  }

  /** Waits for a message matching `match` (one already received counts); rejects after `ms`. */
  next(match: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage> {
    const index = this.received.findIndex(match);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: SipMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.user}: no matching message within ${ms} ms`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** Resolves true if a matching message arrives within `ms`, else false. */
  async arrives(match: (m: SipMessage) => boolean, ms = 300): Promise<boolean> {
    return this.next(match, ms).then(
      () => true,
      () => false,
    );
  }

  /** Waits for a response with a status to a method. */
  response(status: number, method: string, ms?: number): Promise<SipMessage> {
    return this.next((m) => m.status === status && cseqMethod(m) === method, ms);
  }

  /** Waits for a final (≥200) response to a method. */
  finalResponse(method: string, ms?: number): Promise<SipMessage> {
    return this.next((m) => (m.status ?? 0) >= 200 && cseqMethod(m) === method, ms);
  }

  /** Waits for a request of a method. */
  request(method: string, ms?: number): Promise<SipMessage> {
    return this.next((m) => m.method === method, ms);
  }

  /** Sends a raw frame. */
  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** Builds and sends a request the way JsSIP does. */
  send(method: string, uri: string, options: SendOptions = {}): Sent {
    const branch = options.branch ?? `z9hG4bK${token(7)}`;
    const callId = options.callId ?? token(20);
    const cseq = options.cseq ?? this.cseq++;
    const to = options.to ?? `<${uri}>`;
    const from = options.from ?? `"${this.user}" <${this.aor}>;tag=${token(10)}`;
    const body = options.body ?? '';
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      `Max-Forwards: ${options.maxForwards ?? 69}`,
      `To: ${to}`,
      `From: ${from}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      ...(options.noContact ? [] : [`Contact: <${this.contact};ob>`]),
      ...(options.extra ?? []),
      ...(body ? ['Content-Type: application/sdp'] : []),
      'Supported: timer,ice,replaces,outbound',
      'User-Agent: JsSIP 3.13.8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    const text = lines.join('\r\n');
    this.ws.send(text);
    return { branch, callId, cseq, from, to, text };
  }

  /** Sends a request inside a dialog learnt from a response or request (Route from Record-Route). */
  sendInDialog(method: string, dialog: { remoteTarget: string; callId: string; from: string; to: string; routes: string[] }, options: SendOptions = {}): Sent {
    return this.send(method, dialog.remoteTarget, {
      ...options,
      callId: dialog.callId,
      from: dialog.from,
      to: dialog.to,
      extra: [...dialog.routes.map((r) => `Route: ${r}`), ...(options.extra ?? [])],
    });
  }

  /** Answers a received request, adding a To tag (to non-100) and our Contact, copying Record-Route. */
  reply(request: SipMessage, status: number, reason: string, options: { toTag?: string; body?: string } = {}): void {
    const copy = request.headers.filter(([n]) => ['via', 'from', 'call-id', 'cseq', 'record-route'].includes(n.toLowerCase()));
    const to = header(request, 'To') ?? '';
    const body = options.body ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...copy.map(([n, v]) => `${n}: ${v}`),
      `To: ${param(to, 'tag') !== undefined || status === 100 ? to : `${to};tag=${options.toTag ?? 'callee-tag'}`}`,
      ...(status === 100 ? [] : [`Contact: <${this.contact}>`]),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    this.ws.send(lines.join('\r\n'));
  }

  /** Registers like JsSIP (Contact with `+sip.instance` and `reg-id`, Expires header); resolves with the final response. */
  async register(options: { expires?: number; authorization?: string; contactExpires?: boolean } = {}): Promise<SipMessage> {
    const expires = options.expires ?? 600;
    const instance = `;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:${token(8)}-1111-2222-3333-${token(12)}>"`;
    const contactParams = options.contactExpires === false ? instance : `${instance};expires=${expires}`;
    this.send('REGISTER', `sip:${this.domain}`, {
      to: `<${this.aor}>`,
      from: `<${this.aor}>;tag=${token(10)}`,
      callId: this.registerCallId,
      noContact: true,
      extra: [
        `Contact: <${this.contact}>${contactParams}`,
        `Expires: ${expires}`,
        'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
        ...(options.authorization ? [`Authorization: ${options.authorization}`] : []),
      ],
    });
    return this.finalResponse('REGISTER');
  }

  /** Closes the socket and waits until it is closed. */
  async close(): Promise<void> {
    if (this.ws.readyState === this.ws.CLOSED) return;
    await new Promise((resolve) => {
      this.ws.once('close', resolve);
      this.ws.close();
    });
  }
}

/** The method in a message's CSeq. */
export function cseqMethod(message: SipMessage): string {
  return (header(message, 'CSeq') ?? '').trim().split(/\s+/)[1] ?? '';
}

/** Number of Via entries in a message. */
export function viaCount(message: SipMessage): number {
  return headers(message, 'Via').length;
}

/** A short pause. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A dialog as one side sees it, for `sendInDialog`. */
export interface TestDialog {
  remoteTarget: string;
  callId: string;
  from: string;
  to: string;
  routes: string[];
}

/** The caller's view of a dialog from its request and the 2xx (route set = Record-Route reversed). */
export function callerDialog(sent: Sent, ok: SipMessage): TestDialog {
  return {
    remoteTarget: addrUri(header(ok, 'Contact')),
    callId: sent.callId,
    from: sent.from,
    to: header(ok, 'To') ?? '',
    routes: headers(ok, 'Record-Route').reverse(),
  };
}

/** The callee's view of a dialog from the request it received and the To tag it answered with. */
export function calleeDialog(request: SipMessage, toTag = 'callee-tag'): TestDialog {
  return {
    remoteTarget: addrUri(header(request, 'Contact')),
    callId: header(request, 'Call-ID') ?? '',
    from: `${header(request, 'To')};tag=${toTag}`,
    to: header(request, 'From') ?? '',
    routes: headers(request, 'Record-Route'),
  };
}

/** Outcome of a WebSocket upgrade: 101 when it opened, else the HTTP status and body of the refusal. */
export function attemptUpgrade(url: string, options: { origin?: string; protocol?: string; localAddress?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocol ?? 'sip', { origin: options.origin, localAddress: options.localAddress });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * The Authorization (or Proxy-Authorization) value a JsSIP-like client sends for a
 * `WWW-Authenticate` or `Proxy-Authenticate` challenge (MD5, qop=auth); written here, not
 * borrowed from the server.
 */
export function answerChallenge(challenge: string, answer: { user: string; password: string; method: string; uri: string; nonce?: string }): string {
  const value = (key: string) => new RegExp(`${key}="?([^",]+)"?`).exec(challenge)?.[1] ?? '';
  const realm = value('realm');
  const nonce = answer.nonce ?? value('nonce');
  const cnonce = token(12);
  const nc = '00000001';
  const ha1 = md5(`${answer.user}:${realm}:${answer.password}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${md5(`${answer.method}:${answer.uri}`)}`);
  return `Digest algorithm=MD5, username="${answer.user}", realm="${realm}", nonce="${nonce}", uri="${answer.uri}", response="${response}", qop=auth, cnonce="${cnonce}", nc=${nc}`;
}
