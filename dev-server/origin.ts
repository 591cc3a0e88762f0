/** Host names that all mean this machine; a page on one may connect to a server on another. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Decides whether a WebSocket upgrade with this `Origin` (undefined: not a browser) and `Host` may proceed. */
export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

/**
 * `scheme://host[:port]` of an origin, lower case, default port dropped; `*` and `null` as they
 * are. Throws a TypeError for anything else (a path, credentials, not a URL).
 */
export function normalizeOrigin(value: string): string {
  const text = value.trim();
  if (text === '*' || text === 'null') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`"${value}" is not an origin (scheme://host[:port], or *)`);
  }
  if (!url.host || url.username || url.password || url.pathname.replace(/^\/$/, '') || url.search || url.hash) {
    throw new TypeError(`"${value}" is not an origin: give scheme://host[:port] only, or *`);
  }
  return `${url.protocol}//${url.host}`;
}

/** The host name of `scheme://host[:port]` or of a bare `host[:port]`, lower case; undefined when unparsable. */
function hostnameOf(value: string): string | undefined {
  try {
    const url = new URL(value.includes('://') ? value : `http://${value}`);
    return url.hostname.replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/** Whether two host names name the same host, counting every loopback name as one. */
export function sameHost(a: string, b: string): boolean {
  return a === b || (LOOPBACK.has(a) && LOOPBACK.has(b));
}

/**
 * The origin policy: a request without `Origin` (Node, a SIP phone) passes; a browser page
 * passes when its host name is the `Host` the request was sent to (ports and schemes may
 * differ; `localhost`, `127.0.0.1` and `[::1]` are one host) or its origin is in `allow`
 * (`*` allows every origin).
 */
export function originCheck(allow: string | readonly string[] = []): OriginCheck {
  const allowed = new Set((typeof allow === 'string' ? [allow] : allow).map(normalizeOrigin));
  return (origin, host) => {
    if (origin === undefined || allowed.has('*')) return true;
    let normalized: string | undefined;
    try {
      normalized = normalizeOrigin(origin);
    } catch {
      return false;
    }
    if (allowed.has(normalized)) return true;
    if (normalized === 'null') return false;
    const page = hostnameOf(normalized);
    const own = host ? hostnameOf(host) : undefined;
    return page !== undefined && own !== undefined && sameHost(page, own);
  };
}

/** The body of a 403 for a refused origin: what was refused and how to allow it. */
export function originRefusal(origin: string): string {
  const shown = origin.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  return (
    `The development SIP server refuses WebSocket connections from pages of other hosts, and ${shown} is one. ` +
    `Allow it with allowOrigin: ['${shown}'] (startDevSipServer, createDevSipServer, devSipServerPlugin) ` +
    `or --allow-origin ${shown} (call-elements-dev-server); use * to allow every origin.`
  );
}
