/**
 * The `debug` log: signalling and state changes printed to the console, with every secret
 * redacted — digest credentials in Authorization / Proxy-Authorization headers, ICE passwords
 * in SDP, and the values of the configured password and TURN credentials wherever they appear.
 * @module
 */

/** What replaces a secret in a log line. */
export const REDACTED = '<redacted>';

/** Header lines whose value is a credential (full names and none has a compact form). */
const CREDENTIAL_HEADER = /^((?:proxy-)?authorization|authentication-info)[ \t]*:.*$/gim;
/** SDP lines that carry ICE passwords. */
const ICE_PASSWORD = /^(a=ice-pwd:).*$/gim;

/**
 * `text` with secrets replaced by {@link REDACTED}: credential headers keep only their name,
 * `a=ice-pwd` lines their attribute, and each of `secrets` (values at least 4 characters long)
 * is replaced wherever it occurs.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(CREDENTIAL_HEADER, `$1: ${REDACTED}`).replace(ICE_PASSWORD, `$1${REDACTED}`);
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Prints debug lines, redacted, when `enabled()`; `secrets()` lists the values to hide. */
export class DebugLog {
  /** `[object DebugLog]`; kept out of reactive proxies as `Call` is. */
  get [Symbol.toStringTag](): string {
    return 'DebugLog';
  }
  readonly #enabled: () => boolean;
  readonly #secrets: () => string[];

  constructor(enabled: () => boolean, secrets: () => string[]) {
    this.#enabled = enabled;
    this.#secrets = secrets;
  }

  /** Whether lines are printed now. */
  get enabled(): boolean {
    return this.#enabled();
  }

  /** Prints `[call-elements] debug: <line>` with secrets redacted, when enabled. */
  print(line: string): void {
    if (!this.#enabled()) return;
    console.info(`[call-elements] debug: ${redact(line, this.#secrets())}`);
  }
}

/** One debug line for an event: its name and the call id, state and error code it carries (never the whole detail). */
export function describeEvent(type: string, detail: unknown): string {
  const d = (detail ?? {}) as { call?: { id: string }; state?: string; error?: { code: string; message: string }; summary?: { reason?: string } };
  const parts = [type];
  if (d.call) parts.push(`call=${d.call.id}`);
  if (typeof d.state === 'string') parts.push(`state=${d.state}`);
  if (d.summary?.reason) parts.push(`reason=${d.summary.reason}`);
  if (d.error) parts.push(`error=${d.error.code}: ${d.error.message}`);
  return parts.join(' ');
}
