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
/**
 * `stun:` URI (RFC 7064). Not `stuns:`: Firefox refuses it (NotSupportedError) and Chromium
 * treats it as plain `stun:`.
 */
const STUN_URL = new RegExp(`^stun:${HOST}${PORT}$`);
/** `turn:` / `turns:` URI (RFC 7065), with the transports browsers support. */
const TURN_URL = new RegExp(`^turns?:${HOST}${PORT}(?:\\?transport=(?:udp|tcp))?$`);

/**
 * Ports Firefox refuses in an ICE server URL (RTCPeerConnection throws `SyntaxError`: "uses a
 * port that is blocked"), measured on Firefox 153: its list of ports unsafe for the web (SMTP,
 * IRC, SIP 5060/5061, …). Refused in every engine, so a page that works in one works in all.
 */
const BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115,
  117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563,
  587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/** The port a well-formed stun:/turn: URL names, if any. */
function portOf(url: string): number | undefined {
  const authority = url.slice(url.indexOf(':') + 1).split('?')[0];
  const port = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(authority)?.[1];
  return port === undefined ? undefined : Number(port);
}

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
    throw invalidIce(`entry ${index} needs "urls" such as stun:host:3478 or turn:host:3478?transport=udp (stun:, turn: or turns:, a host, an optional port; not stuns:, which browsers do not support)`);
  }
  const blocked = list.map((u) => portOf(u as string)).find((port) => port !== undefined && BLOCKED_PORTS.has(port));
  if (blocked !== undefined) throw invalidIce(`entry ${index} uses port ${blocked}, which browsers block for WebRTC (Firefox refuses it); use the server's usual port, e.g. 3478 or 443`);
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
