/** Parts of a SIP URI that routing needs. */
export interface SipUri {
  /** `sip` or `sips` (lower case). */
  scheme: string;
  /** The user part, percent-decoded; '' when absent. */
  user: string;
  /** The host, lower case, IPv6 kept in brackets. */
  host: string;
  /** The port, or undefined. */
  port?: number;
}

const URI = /^(sips?):(?:([^@;?>]*)@)?(\[[0-9a-fA-F:.]+\]|[^:;?>\s]+)(?::(\d{1,5}))?/i;

/** Parses a SIP or SIPS URI; undefined for any other scheme or a malformed URI. */
export function parseUri(uri: string | undefined): SipUri | undefined {
  const match = URI.exec((uri ?? '').trim());
  if (!match) return undefined;
  const rawUser = (match[2] ?? '').split(':')[0];
  let user = rawUser;
  try {
    user = decodeURIComponent(rawUser);
  } catch {
    // a malformed escape: keep the raw text
  }
  return {
    scheme: match[1].toLowerCase(),
    user,
    host: match[3].toLowerCase(),
    port: match[4] ? Number(match[4]) : undefined,
  };
}

/** The user part of a SIP URI ('' when there is none). */
export function uriUser(uri: string | undefined): string {
  return parseUri(uri)?.user ?? '';
}

/** The host of a SIP URI, lower case, without the port ('' when unparsable). */
export function uriHost(uri: string | undefined): string {
  return parseUri(uri)?.host ?? '';
}

/**
 * The URI inside a name-addr or addr-spec header value:
 * `"Bob" <sip:bob@x>;tag=1` → `sip:bob@x`, `sip:bob@x;tag=1` → `sip:bob@x`.
 */
export function addrUri(value: string | undefined): string {
  const text = (value ?? '').trim();
  const angle = angleBrackets(text);
  if (angle) return text.slice(angle.start + 1, angle.end).trim();
  return text.split(';')[0].trim();
}

/** Where `<…>` of a name-addr is, skipping a quoted display name. */
function angleBrackets(text: string): { start: number; end: number } | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) {
      const end = text.indexOf('>', i);
      return { start: i, end: end < 0 ? text.length : end };
    }
  }
  return undefined;
}

/**
 * A header parameter after the address (`;tag=…`, `;expires=…`, `;branch=…`), ignoring
 * parameters inside `<…>` and quoted strings. Returns '' for a flag parameter, undefined when absent.
 */
export function param(value: string | undefined, name: string): string | undefined {
  const text = value ?? '';
  const angle = angleBrackets(text);
  const tail = angle ? text.slice(angle.end + 1) : text;
  const wanted = name.toLowerCase();
  for (const part of splitParams(tail).slice(angle ? 0 : 1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === wanted) return eq < 0 ? '' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Splits on `;` outside quoted strings. */
function splitParams(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) {
      current += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** Parsed `Via: SIP/2.0/WSS host:port;branch=…`. */
export interface Via {
  transport: string;
  host: string;
  branch?: string;
}

/** Parses one Via value; undefined when it is not `SIP/2.0/<transport> <sent-by>`. */
export function parseVia(value: string | undefined): Via | undefined {
  const match = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9a-fA-F:.]+\]|[^\s:;]+)/i.exec((value ?? '').trim());
  if (!match) return undefined;
  return { transport: match[1].toUpperCase(), host: match[2].toLowerCase(), branch: param(value, 'branch') };
}

/** Parsed `CSeq: 12 INVITE`; undefined when malformed. */
export function parseCseq(value: string | undefined): { seq: number; method: string } | undefined {
  const match = /^(\d{1,10})\s+([A-Za-z]+)$/.exec((value ?? '').trim());
  return match ? { seq: Number(match[1]), method: match[2].toUpperCase() } : undefined;
}
