import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** How long a nonce we issued stays valid; an answer to an older one is challenged again with `stale=true`. */
export const NONCE_LIFETIME_MS = 5 * 60_000;
/** How far in the future a nonce's time may be (clock steps), before it counts as forged. */
const NONCE_SKEW_MS = 5_000;
const TIME_DIGITS = 12;
const MAC_DIGITS = 32;

/** Parameters of an `Authorization: Digest …` header, names in lower case (a null-prototype object). */
export type DigestParams = Record<string, string>;

/** Parses `Digest a="b", c=d` (an Authorization or WWW-Authenticate value) into its parameters. */
export function parseDigest(value: string | undefined): DigestParams {
  const out: DigestParams = Object.create(null);
  const match = /^\s*digest\s+/i.exec(value ?? '');
  if (!match) return out;
  const rest = (value ?? '').slice(match[0].length);
  for (const part of rest.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    out[part[1].toLowerCase()] = part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : part[3];
  }
  return out;
}

/** The response digest a client computes (RFC 2617 / RFC 8760, MD5, with or without qop=auth). */
export function digestResponse(params: DigestParams, method: string, password: string): string {
  const ha1 = md5(`${params.username}:${params.realm}:${password}`);
  const ha2 = md5(`${method}:${params.uri}`);
  return params.qop
    ? md5(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`)
    : md5(`${ha1}:${params.nonce}:${ha2}`);
}

/** Outcome of checking credentials: accept, challenge (again, maybe as stale), or refuse. */
export type DigestVerdict = 'ok' | 'challenge' | 'stale' | 'forbidden';

/**
 * Issues digest challenges for one realm and checks the answers against static passwords.
 * Nonces are stateless: the issue time in hex and an HMAC of it under a per-process secret,
 * so there is no table for a flood of challenges to fill or evict, and a restart makes every
 * old nonce stale. A nonce may be reused within its lifetime (nc is not tracked).
 */
export class DigestAuthenticator {
  private readonly passwords: ReadonlyMap<string, string>;
  private readonly secret = randomBytes(32);

  constructor(
    readonly realm: string,
    users: Record<string, string>,
    private readonly now: () => number = Date.now,
  ) {
    this.passwords = new Map(Object.entries(users));
  }

  /** A fresh `WWW-Authenticate` or `Proxy-Authenticate` value (`stale=true` when the old nonce merely expired). */
  challenge(stale = false): string {
    const time = Math.max(0, Math.floor(this.now())).toString(16).padStart(TIME_DIGITS, '0');
    return `Digest realm="${this.realm}", nonce="${time}${this.mac(time)}", qop="auth", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /**
   * Checks an Authorization (or Proxy-Authorization) header value for `method`, for the user `aor`.
   * No credentials → `challenge`; wrong user, realm or password → `forbidden`;
   * right password with a nonce we did not issue, or one too old → `stale`.
   */
  verify(authorization: string | undefined, method: string, aor: string): DigestVerdict {
    const params = parseDigest(authorization);
    if (!params.response || !params.username) return 'challenge';
    const password = this.passwords.get(params.username);
    if (password === undefined || params.username !== aor || params.realm !== this.realm) return 'forbidden';
    if (params.algorithm && params.algorithm.toUpperCase() !== 'MD5') return 'forbidden';
    if (params.qop && (params.qop !== 'auth' || !params.nc || !params.cnonce)) return 'forbidden';
    if (!params.nonce || params.uri === undefined) return 'forbidden';
    if (!sameText(digestResponse(params, method, password), params.response.toLowerCase())) return 'forbidden';
    const issued = this.issuedAt(params.nonce);
    const age = issued === undefined ? Infinity : this.now() - issued;
    return age <= NONCE_LIFETIME_MS && age >= -NONCE_SKEW_MS ? 'ok' : 'stale';
  }

  /** When a nonce we issued was issued; undefined for one we did not issue. */
  private issuedAt(nonce: string): number | undefined {
    if (nonce.length !== TIME_DIGITS + MAC_DIGITS || !/^[0-9a-f]+$/.test(nonce)) return undefined;
    const time = nonce.slice(0, TIME_DIGITS);
    return sameText(this.mac(time), nonce.slice(TIME_DIGITS)) ? parseInt(time, 16) : undefined;
  }

  private mac(time: string): string {
    return createHmac('sha256', this.secret).update(`${this.realm}:${time}`).digest('hex').slice(0, MAC_DIGITS);
  }
}

/** Compares two strings in constant time (for equal lengths). */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
