import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { header, param, parseSip } from './sip-message.js';
import type { SipMessage } from './sip-message.js';

const token = () => randomBytes(5).toString('hex');

/**
 * A raw SIP-over-WebSocket client for tests, shaped like JsSIP (random `.invalid` host,
 * `transport=ws` contact). Used only by the dev server's own tests.
 */
export class TestSipClient {
  readonly host = `${token()}.invalid`;
  readonly contact: string;
  readonly received: SipMessage[] = [];
  private waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  private cseq = 1;

  private constructor(
    readonly ws: WebSocket,
    readonly user: string,
  ) {
    this.contact = `sip:${token()}@${this.host};transport=ws`;
    ws.on('message', (data) => {
      const message = parseSip(data.toString());
      if (!message) return;
      this.received.push(message);
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
  }

  /** Connects to a server URL. */
  static async connect(url: string, user: string): Promise<TestSipClient> {
    const ws = new WebSocket(url, 'sip');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new TestSipClient(ws, user);
  }

  /** Waits for a message matching `match` (also one already received and not consumed). */
  next(match: (m: SipMessage) => boolean, ms = 3000): Promise<SipMessage> {
    const index = this.received.findIndex(match);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.user}: no matching message within ${ms} ms`)), ms);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  }

  /** Waits for a response with a status to a method. */
  response(status: number, method: string, ms?: number): Promise<SipMessage> {
    return this.next((m) => m.status === status && (header(m, 'CSeq') ?? '').endsWith(method), ms);
  }

  /** Waits for a request of a method. */
  request(method: string, ms?: number): Promise<SipMessage> {
    return this.next((m) => m.method === method, ms);
  }

  /** Sends raw text. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Builds and sends a request; returns its branch and Call-ID. */
  send(
    method: string,
    uri: string,
    options: { to?: string; callId?: string; branch?: string; cseq?: number; extra?: string[]; body?: string; from?: string } = {},
  ): { branch: string; callId: string; text: string } {
    const branch = options.branch ?? `z9hG4bK${token()}`;
    const callId = options.callId ?? token();
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      'Max-Forwards: 69',
      `To: ${options.to ?? `<${uri}>`}`,
      `From: ${options.from ?? `<sip:${this.user}@127.0.0.1>;tag=${token()}`}`,
      `Call-ID: ${callId}`,
      `CSeq: ${options.cseq ?? this.cseq++} ${method === 'ACK' || method === 'CANCEL' ? method : method}`,
      `Contact: <${this.contact}>`,
      ...(options.extra ?? []),
      `Content-Length: ${Buffer.byteLength(options.body ?? '')}`,
      '',
      options.body ?? '',
    ];
    const text = lines.join('\r\n');
    this.ws.send(text);
    return { branch, callId, text };
  }

  /** Answers a received request with a status, adding a To tag and our Contact. */
  reply(request: SipMessage, status: number, reason: string, toTag = 'callee-tag'): void {
    const copy = request.headers.filter(([n]) => ['via', 'from', 'call-id', 'cseq', 'record-route'].includes(n.toLowerCase()));
    const to = header(request, 'To') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...copy.map(([n, v]) => `${n}: ${v}`),
      `To: ${param(to, 'tag') ? to : `${to};tag=${toTag}`}`,
      `Contact: <${this.contact}>`,
      'Content-Length: 0',
      '',
      '',
    ];
    this.ws.send(lines.join('\r\n'));
  }

  /** Registers (optionally with an Authorization header). */
  async register(expires = 600, extra: string[] = []): Promise<SipMessage> {
    const uri = `sip:${this.user}@127.0.0.1`;
    this.send('REGISTER', 'sip:127.0.0.1', { to: `<${uri}>`, from: `<${uri}>;tag=${token()}`, extra: [`Expires: ${expires}`, ...extra] });
    return this.next((m) => !!m.status && (header(m, 'CSeq') ?? '').endsWith('REGISTER') && m.status >= 200);
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
