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

/** Most servers accepted in one `server` setting. */
const MAX_SERVERS = 8;

/** The entries of a `server` setting (comma-separated WebSocket URLs), in order; not checked. */
export function serverUrls(server: string | undefined): string[] {
  return (server ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * Checks a SIP WebSocket server URL (`ws:` or `wss:`), or a comma-separated list of at most
 * 8 of them; returns the list trimmed, throws `config/invalid-server` naming the first bad entry.
 */
export function validateServerUrl(server: string | undefined): string {
  const urls = serverUrls(server);
  if (urls.length > MAX_SERVERS) {
    throw new CallError('config/invalid-server', `Too many servers (${urls.length}): give at most ${MAX_SERVERS} WebSocket URLs, separated by commas.`, {
      attribute: 'server',
    });
  }
  for (const text of urls.length ? urls : [(server ?? '').trim()]) {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:') || text.length > MAX_SERVER_LENGTH) {
      throw new CallError(
        'config/invalid-server',
        `Invalid server ${shownUrl(text)}: use a WebSocket URL (at most ${MAX_SERVER_LENGTH} characters) such as server="wss://pbx.example.com/ws", or several separated by commas.`,
        { attribute: 'server' },
      );
    }
  }
  return urls.join(', ');
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
