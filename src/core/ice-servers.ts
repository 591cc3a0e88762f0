/**
 * ICE servers from what a page gives (an array, JSON text, or a list of URLs), checked the
 * same way for every provider. The input usually holds TURN credentials, so no error names
 * any part of it: messages say which entry is wrong and why, and carry no `cause` (a JSON
 * parser's message quotes the text).
 * @module
 */
import { CallError } from '../base/errors.js';

/** A port, 1–65535. */
const PORT = '(?::(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3}))?';
/** A bracketed IPv6 literal or a host name / IPv4 address (RFC 3986 reg-name without sub-delims). */
const HOST = '(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~-]+)';
/** `stun:` / `stuns:` URI (RFC 7064). */
const STUN_URL = new RegExp(`^stuns?:${HOST}${PORT}$`);
/** `turn:` / `turns:` URI (RFC 7065), with the transports browsers support. */
const TURN_URL = new RegExp(`^turns?:${HOST}${PORT}(?:\\?transport=(?:udp|tcp))?$`);

/** Parses ICE servers from an array, JSON text, or a list of URLs; throws `config/invalid-ice-servers`. */
export function parseIceServers(value: RTCIceServer[] | string | undefined | null): RTCIceServer[] {
  if (value === undefined || value === null || value === '') return [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[') || text.startsWith('{')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw invalidIce('it is not valid JSON (check the quotes, commas and brackets)');
      }
    } else {
      parsed = text.split(/[\s,]+/).filter(Boolean).map((urls) => ({ urls }));
    }
  }
  // Array.from, not map or some: holes of a sparse array are checked (as undefined), not skipped.
  const list: unknown[] = Array.isArray(parsed) ? Array.from(parsed) : [parsed];
  return list.map((entry, index) => iceServer(entry, index));
}

/** One entry, copied to a plain {@link RTCIceServer} with only the fields a browser reads. */
function iceServer(entry: unknown, index: number): RTCIceServer {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw invalidIce(`entry ${index} is not an object`);
  const { urls, username, credential } = entry as Record<string, unknown>;
  const list: unknown[] = Array.isArray(urls) ? Array.from(urls) : [urls];
  if (!list.length || list.some((u) => typeof u !== 'string' || !(STUN_URL.test(u) || TURN_URL.test(u)))) {
    throw invalidIce(`entry ${index} needs "urls" such as stun:host:3478 or turn:host:3478?transport=udp (stun:, stuns:, turn: or turns:, a host, an optional port)`);
  }
  const turn = list.some((u) => TURN_URL.test(u as string));
  if (turn && (typeof username !== 'string' || typeof credential !== 'string' || !username || !credential)) {
    throw invalidIce(`entry ${index} is a TURN server and needs "username" and "credential" (text)`);
  }
  if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) {
    throw invalidIce(`entry ${index} has a "username" or "credential" that is not text`);
  }
  const server: RTCIceServer = { urls: Array.isArray(urls) ? (list as string[]) : (urls as string) };
  if (username !== undefined) server.username = username as string;
  if (credential !== undefined) server.credential = credential as string;
  return server;
}

function invalidIce(why: string): CallError {
  return new CallError(
    'config/invalid-ice-servers',
    `Invalid ice-servers: ${why}. Example: ice-servers='[{"urls":"stun:stun.example.com:3478"}]'.`,
    { attribute: 'ice-servers' },
  );
}
