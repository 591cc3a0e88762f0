import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** How long a nonce we issued stays valid. */
const NONCE_LIFETIME_MS = 5 * 60_000;
const MAX_NONCES = 1000;

/** Parameters of an `Authorization: Digest …` header, names in lower case. */
export type DigestParams = Record<string, string>;

/** Parses `Digest a="b", c=d` (an Authorization or WWW-Authenticate value) into its parameters. */
export function parseDigest(value: string | undefined): DigestParams {
  const out: DigestParams = {};
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
 * Nonces are random, remembered for five minutes, and bounded in number.
 */
export class DigestAuthenticator {
  private readonly nonces = new Map<string, number>();

  constructor(
    readonly realm: string,
    private readonly users: Record<string, string>,
  ) {}

  /** A fresh `WWW-Authenticate` value (`stale=true` when the old nonce merely expired). */
  challenge(stale = false): string {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(nonce, Date.now());
    while (this.nonces.size > MAX_NONCES) this.nonces.delete(this.nonces.keys().next().value!);
    return `Digest realm="${this.realm}", nonce="${nonce}", qop="auth", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /**
   * Checks an Authorization header value for `method`, for the user `aor`.
   * No credentials → `challenge`; wrong user, realm or password → `forbidden`;
   * right password with an unknown or expired nonce → `stale`.
   */
  verify(authorization: string | undefined, method: string, aor: string): DigestVerdict {
    const params = parseDigest(authorization);
    if (!params.response || !params.username) return 'challenge';
    const password = Object.hasOwn(this.users, params.username) ? this.users[params.username] : undefined;
    if (password === undefined || params.username !== aor || params.realm !== this.realm) return 'forbidden';
    if (params.algorithm && params.algorithm.toUpperCase() !== 'MD5') return 'forbidden';
    if (params.qop && (params.qop !== 'auth' || !params.nc || !params.cnonce)) return 'forbidden';
    if (!params.nonce || params.uri === undefined) return 'forbidden';
    const expected = Buffer.from(digestResponse(params, method, password));
    const given = Buffer.from(params.response.toLowerCase());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forbidden';
    const issued = this.nonces.get(params.nonce);
    if (issued === undefined || Date.now() - issued > NONCE_LIFETIME_MS) return 'stale';
    return 'ok';
  }
}
