import type { RemoteParty } from '../../core/types.js';

/** Host of a WebSocket server URL (the first of a comma-separated list), used as the SIP domain when the user gives none. */
export function domainOf(server: string): string {
  try {
    return new URL(server.split(',')[0].trim()).hostname || 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Turns `alice`, `alice@example.com` or `sip:alice@example.com` into a SIP URI. */
export function toSipUri(user: string, server: string): string {
  const text = user.trim();
  if (/^sips?:/i.test(text)) return text;
  if (text.includes('@')) return `sip:${text}`;
  return `sip:${text}@${domainOf(server)}`;
}

/** Like {@link toSipUri} for a dial target; phone numbers lose spaces, dashes, dots and brackets. */
export function targetToSipUri(target: string, server: string): string {
  const text = target.trim();
  const number = /^\+?[\d\s().-]+$/.test(text) ? text.replace(/[\s().-]/g, '') : text;
  return toSipUri(number, server);
}

/** The remote party of a call to a SIP URI: the URI, and its user part as the user. */
export function remoteOf(uri: string): RemoteParty {
  return { uri, user: uri.replace(/^sips?:/i, '').split('@')[0], displayName: '' };
}
