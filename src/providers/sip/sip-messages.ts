/**
 * What the SIP provider reads from and answers to the far end's messages: the `X-*` headers
 * shown to the app, the caller's auto-answer hint, and the final responses of a refusal.
 * @module
 */

/** The bits of a JsSIP message we read. */
export interface SipMessageLike {
  body?: string;
  status_code?: number;
  headers?: Record<string, { raw: string }[]>;
}

/** Peer-supplied headers we expose to the app: `X-*` extension headers only. */
export function extensionHeaders(message: SipMessageLike | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(message?.headers ?? {})) {
    if (/^x-/i.test(name) && values[0]) out[name] = String(values[0].raw).slice(0, 1024);
  }
  return out;
}

/**
 * The caller's auto-answer hint (RFC 5373-style intercom): `Call-Info: <…>;answer-after=N`
 * gives N seconds, `Alert-Info: <…>;info=alert-autoanswer` (or `info=intercom`) 0; none: undefined.
 */
export function autoAnswerHint(message: SipMessageLike | undefined): number | undefined {
  const values = (name: string) => (message?.headers?.[name] ?? []).map((h) => String(h.raw));
  for (const value of values('Call-Info')) {
    const after = /;\s*answer-after\s*=\s*(\d{1,5})/i.exec(value);
    if (after) return Number(after[1]);
  }
  if (values('Alert-Info').some((v) => /;\s*info\s*=\s*(alert-autoanswer|intercom)\b/i.test(v))) return 0;
  return undefined;
}

/** The final response of each way to refuse an incoming call. */
export const REFUSALS = {
  busy: { status_code: 486, reason_phrase: 'Busy Here' },
  decline: { status_code: 603, reason_phrase: 'Decline' },
  timeout: { status_code: 408, reason_phrase: 'Request Timeout' },
} as const;
