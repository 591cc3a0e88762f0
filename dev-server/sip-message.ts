import { randomBytes } from 'node:crypto';
import { param } from './sip-uri.js';

/** Compact header forms (RFC 3261 §7.3.3, RFC 3515, RFC 3265) and their full names. */
const COMPACT = new Map(Object.entries({
  v: 'Via', f: 'From', t: 'To', i: 'Call-ID', m: 'Contact', l: 'Content-Length', c: 'Content-Type',
  k: 'Supported', s: 'Subject', e: 'Content-Encoding', o: 'Event', r: 'Refer-To', b: 'Referred-By', u: 'Allow-Events',
}));

/** Headers whose comma-separated values are kept as one entry each. */
const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact']);

/** A parsed SIP request or response. Header order is kept; names are compared case-insensitively. */
export interface SipMessage {
  /** Request method, or undefined for a response. */
  method?: string;
  /** Request-URI of a request. */
  uri?: string;
  /** Status code of a response. */
  status?: number;
  /** Reason phrase of a response. */
  reason?: string;
  /** Header entries in order, one per value for Via, Route, Record-Route and Contact. */
  headers: [string, string][];
  /** The body, already cut to Content-Length. */
  body: string;
}

/** Result of parsing: a message (possibly with a problem worth a 400), or only a problem. */
export type ParseResult = { message: SipMessage; problem?: string } | { message?: undefined; problem: string };

const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9.!%*_+`'~-]*) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/;
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;

/** Parses one SIP message (one WebSocket frame). Never throws. */
export function parseSip(text: string): ParseResult {
  const separator = /\r?\n\r?\n/.exec(text);
  const head = separator ? text.slice(0, separator.index) : text;
  let body = separator ? text.slice(separator.index + separator[0].length) : '';
  const lines = head.split(/\r?\n/);
  const start = lines.shift() ?? '';
  const message: SipMessage = { headers: [], body: '' };
  const request = REQUEST_LINE.exec(start);
  const response = STATUS_LINE.exec(start);
  if (request) {
    message.method = request[1].toUpperCase();
    message.uri = request[2];
  } else if (response) {
    message.status = Number(response[1]);
    message.reason = response[2] ?? '';
  } else {
    return { problem: 'not a SIP start line' };
  }
  let problem: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && message.headers.length) {
      message.headers[message.headers.length - 1][1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const raw = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(raw)) {
      problem ??= 'malformed header line';
      continue;
    }
    const name = COMPACT.get(raw.toLowerCase()) ?? raw;
    const value = line.slice(colon + 1).trim();
    if (LIST_HEADERS.has(name.toLowerCase())) for (const v of splitList(value)) message.headers.push([name, v]);
    else message.headers.push([name, value]);
  }
  const declared = header(message, 'Content-Length');
  if (declared !== undefined) {
    const length = /^\d+$/.test(declared) ? Number(declared) : NaN;
    const bytes = Buffer.from(body, 'utf8');
    if (Number.isNaN(length)) problem ??= 'invalid Content-Length';
    else if (bytes.length < length) problem ??= 'body shorter than Content-Length';
    else if (bytes.length > length) body = bytes.subarray(0, length).toString('utf8');
  }
  message.body = body;
  return { message, problem };
}

/** Splits a header value on commas outside quoted strings and `<…>`. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let angle = false;
  let quoted = false;
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\') {
      current += ch + (value[++i] ?? '');
      continue;
    }
    if (ch === '"' && !angle) quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    if (ch === ',' && !quoted && !angle) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Serialises a message with a correct Content-Length. */
export function serializeSip(message: SipMessage): string {
  const start = message.method
    ? `${message.method} ${message.uri} SIP/2.0`
    : `SIP/2.0 ${message.status} ${message.reason ?? ''}`.trimEnd();
  const lines = message.headers.filter(([n]) => n.toLowerCase() !== 'content-length').map(([n, v]) => `${n}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${start}\r\n${lines.join('\r\n')}\r\n\r\n${message.body}`;
}

/** The first value of a header (case-insensitive name). */
export function header(message: SipMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** All values of a header, in order. */
export function headers(message: SipMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Removes every value of a header. */
export function removeHeader(message: SipMessage, name: string): void {
  const lower = name.toLowerCase();
  message.headers = message.headers.filter(([n]) => n.toLowerCase() !== lower);
}

/** Replaces the first value of a header in place, or appends it. */
export function setHeader(message: SipMessage, name: string, value: string): void {
  const lower = name.toLowerCase();
  const entry = message.headers.find(([n]) => n.toLowerCase() === lower);
  if (entry) entry[1] = value;
  else message.headers.push([name, value]);
}

/** A deep copy of a message. */
export function cloneSip(message: SipMessage): SipMessage {
  return { ...message, headers: message.headers.map(([n, v]) => [n, v]) };
}

/** Standard reason phrases (RFC 3261 §21) of the responses the server generates or may be told to. */
export const REASONS: ReadonlyMap<number, string> = new Map([
  [200, 'OK'], [400, 'Bad Request'], [401, 'Unauthorized'], [403, 'Forbidden'], [404, 'Not Found'],
  [405, 'Method Not Allowed'], [407, 'Proxy Authentication Required'], [408, 'Request Timeout'],
  [416, 'Unsupported URI Scheme'], [423, 'Interval Too Brief'], [480, 'Temporarily Unavailable'],
  [481, 'Call/Transaction Does Not Exist'], [483, 'Too Many Hops'], [486, 'Busy Here'], [500, 'Server Internal Error'],
  [503, 'Service Unavailable'], [504, 'Server Time-out'], [600, 'Busy Everywhere'], [603, 'Decline'],
]);

/**
 * Builds a response to a request: copies Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6),
 * adds a To tag to final responses that lack one.
 */
export function responseTo(request: SipMessage, status: number, reason = REASONS.get(status) ?? '', extra: [string, string][] = []): SipMessage {
  const copied = request.headers
    .filter(([n]) => ['via', 'from', 'to', 'call-id', 'cseq'].includes(n.toLowerCase()))
    .map(([n, v]): [string, string] => [n, v]);
  if (status > 100) {
    const to = copied.find(([n]) => n.toLowerCase() === 'to');
    if (to && param(to[1], 'tag') === undefined) to[1] += `;tag=${randomBytes(5).toString('hex')}`;
  }
  return { status, reason, headers: [...copied, ...extra, ['Server', 'call-elements-dev-server']], body: '' };
}
