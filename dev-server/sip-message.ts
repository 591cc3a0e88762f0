/** Compact header forms (RFC 3261 §7.3.3) and their full names. */
const COMPACT: Record<string, string> = {
  v: 'Via', f: 'From', t: 'To', i: 'Call-ID', m: 'Contact', l: 'Content-Length',
  c: 'Content-Type', k: 'Supported', s: 'Subject', e: 'Content-Encoding', o: 'Event', r: 'Refer-To', b: 'Referred-By',
};

/** A parsed SIP request or response. Header order is kept; names are compared case-insensitively. */
export interface SipMessage {
  /** Request method, or undefined for a response. */
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: [string, string][];
  body: string;
}

/** Parses one SIP message; returns undefined when it is not SIP. */
export function parseSip(text: string): SipMessage | undefined {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const lines = head.split('\r\n');
  const start = lines.shift() ?? '';
  const message: SipMessage = { headers: [], body };
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (response) {
    message.status = Number(response[1]);
    message.reason = response[2];
  } else if (request) {
    message.method = request[1];
    message.uri = request[2];
  } else {
    return undefined;
  }
  for (const line of lines) {
    if (/^[ \t]/.test(line) && message.headers.length) {
      message.headers[message.headers.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const raw = line.slice(0, colon).trim();
    const name = COMPACT[raw.toLowerCase()] ?? raw;
    const value = line.slice(colon + 1).trim();
    // Via and Contact may hold several comma-separated values; keep one per entry for Via.
    if (name.toLowerCase() === 'via') for (const v of splitTopLevel(value)) message.headers.push([name, v]);
    else message.headers.push([name, value]);
  }
  return message;
}

/** Splits a header value on commas outside quotes and angle brackets. */
function splitTopLevel(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    if (ch === ',' && !quoted && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Serialises a message, fixing Content-Length. */
export function serializeSip(message: SipMessage): string {
  const start = message.method ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason ?? ''}`.trimEnd();
  const headers = message.headers.filter(([n]) => n.toLowerCase() !== 'content-length');
  headers.push(['Content-Length', String(Buffer.byteLength(message.body))]);
  return `${start}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${message.body}`;
}

/** The first value of a header. */
export function header(message: SipMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** All values of a header. */
export function headers(message: SipMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Removes every value of a header. */
export function removeHeader(message: SipMessage, name: string): void {
  const lower = name.toLowerCase();
  message.headers = message.headers.filter(([n]) => n.toLowerCase() !== lower);
}

/** A parameter (`;name=value`) of a header value, e.g. `tag` or `branch`. */
export function param(value: string | undefined, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}=([^;>,\\s]+)`, 'i').exec(value ?? '');
  return match?.[1];
}

/** The URI inside a name-addr (`"Bob" <sip:bob@x>;tag=1` → `sip:bob@x`). */
export function addrUri(value: string | undefined): string {
  const text = value ?? '';
  const angle = /<([^>]*)>/.exec(text);
  return (angle ? angle[1] : text.split(';')[0]).trim();
}

/** User part of a SIP URI. */
export function uriUser(uri: string): string {
  const match = /^sips?:([^@;>]+)@/i.exec(uri);
  return match ? decodeURIComponent(match[1]) : '';
}

/** Host part of a SIP URI (without port). */
export function uriHost(uri: string): string {
  const match = /^sips?:(?:[^@;>]+@)?(\[[^\]]+\]|[^:;>?]+)/i.exec(uri);
  return match ? match[1].toLowerCase() : '';
}

/** Builds a response to a request, copying the headers RFC 3261 §8.2.6 requires. */
export function responseTo(request: SipMessage, status: number, reason: string, extra: [string, string][] = []): SipMessage {
  const copied = request.headers.filter(([n]) => ['via', 'from', 'to', 'call-id', 'cseq'].includes(n.toLowerCase()));
  const out: [string, string][] = copied.map(([n, v]) => [n, v]);
  if (status > 100) {
    const to = out.find(([n]) => n.toLowerCase() === 'to');
    if (to && !param(to[1], 'tag')) to[1] += `;tag=${Math.random().toString(36).slice(2, 10)}`;
  }
  return { status, reason, headers: [...out, ...extra, ['Server', 'call-elements-dev-server']], body: '' };
}
