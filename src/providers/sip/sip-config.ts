/**
 * What the SIP provider requires of its configuration, checked before it starts: a WebSocket
 * server URL (RFC 7118) and a usable user name or SIP URI.
 * @module
 */
import { CallError } from '../../base/errors.js';
import { shownText, shownUrl } from '../../core/shown.js';

/** Longest server URL and user accepted, in characters. */
const MAX_SERVER_LENGTH = 2048;
const MAX_USER_LENGTH = 256;
import type { ProviderConfig } from '../../core/provider.js';

/** Checks a SIP WebSocket server URL (`ws:` or `wss:`); returns it trimmed, throws `config/invalid-server`. */
export function validateServerUrl(server: string | undefined): string {
  const text = (server ?? '').trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:') || text.length > MAX_SERVER_LENGTH) {
    throw new CallError(
      'config/invalid-server',
      `Invalid server ${shownUrl(text)}: use a WebSocket URL (at most ${MAX_SERVER_LENGTH} characters) such as server="wss://pbx.example.com/ws".`,
      { attribute: 'server' },
    );
  }
  return text;
}

/** Checks the user name or SIP URI; returns it trimmed, throws `config/invalid-user`. */
export function validateUser(user: string | undefined): string {
  const text = (user ?? '').trim();
  if (!text || /\s/.test(text) || text.length > MAX_USER_LENGTH) {
    throw new CallError(
      'config/invalid-user',
      `Invalid user ${shownText(text)}: set user="alice" or user="sip:alice@example.com" (at most ${MAX_USER_LENGTH} characters).`,
      { attribute: 'user' },
    );
  }
  return text;
}

/** Checks the server, then the user; throws the {@link CallError} of the first that is unusable. */
export function validateSipConfig(config: Pick<ProviderConfig, 'server' | 'user'>): void {
  validateServerUrl(config.server);
  validateUser(config.user);
}
