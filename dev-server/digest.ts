import { createHash, randomBytes } from 'node:crypto';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A fresh `WWW-Authenticate` value for a realm. */
export function digestChallenge(realm: string): { header: string; nonce: string } {
  const nonce = randomBytes(16).toString('hex');
  return { nonce, header: `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5` };
}

/** Parses `Authorization: Digest a="b", c=d` into its parameters. */
export function parseDigest(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || !/^digest\s/i.test(value)) return out;
  for (const match of value.slice(7).matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) out[match[1].toLowerCase()] = match[3] ?? match[2];
  return out;
}

/** Checks an HTTP digest response (RFC 2617, MD5, with or without qop=auth). */
export function verifyDigest(params: Record<string, string>, method: string, password: string): boolean {
  const ha1 = md5(`${params.username}:${params.realm}:${password}`);
  const ha2 = md5(`${method}:${params.uri}`);
  const expected = params.qop
    ? md5(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`)
    : md5(`${ha1}:${params.nonce}:${ha2}`);
  return expected === params.response;
}
