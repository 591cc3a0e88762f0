/**
 * ICE servers from what a page gives (an array, JSON text, or a list of URLs), checked the
 * same way for every provider.
 * @module
 */
import { CallError } from './errors.js';

const ICE_URL = /^(stun|stuns|turn|turns):/i;

/** Parses ICE servers from an array, JSON text, or a list of URLs; throws `config/invalid-ice-servers`. */
export function parseIceServers(value: RTCIceServer[] | string | undefined | null): RTCIceServer[] {
  if (value === undefined || value === null || value === '') return [];
  let parsed: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[') || text.startsWith('{')) {
      try {
        parsed = JSON.parse(text);
      } catch (cause) {
        throw invalidIce(`it is not valid JSON (${(cause as Error).message})`, cause);
      }
    } else {
      parsed = text.split(/[\s,]+/).filter(Boolean).map((urls) => ({ urls }));
    }
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((entry, index) => {
    if (!entry || typeof entry !== 'object') throw invalidIce(`entry ${index} is not an object`);
    const server = entry as RTCIceServer;
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (!urls.length || urls.some((u) => typeof u !== 'string' || !ICE_URL.test(u))) {
      throw invalidIce(`entry ${index} needs "urls" starting with stun:, stuns:, turn: or turns:`);
    }
    if (urls.some((u) => /^turns?:/i.test(u)) && (!server.username || !server.credential)) {
      throw invalidIce(`entry ${index} is a TURN server and needs "username" and "credential"`);
    }
    return { ...server };
  });
}

function invalidIce(why: string, cause?: unknown): CallError {
  return new CallError(
    'config/invalid-ice-servers',
    `Invalid ice-servers: ${why}. Example: ice-servers='[{"urls":"stun:stun.example.com:3478"}]'.`,
    { attribute: 'ice-servers', cause },
  );
}
