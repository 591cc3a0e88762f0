import { CallError } from './errors.js';
import type { ProviderConfig } from './provider.js';

/** Options of a {@link CallController}; every one has a matching `<call-phone>` attribute. */
export interface CallControllerOptions {
  /** Provider name: `sip` (default) or `trtc`, or one added with `registerProvider`. */
  provider?: string;
  /** Signalling server URL, `wss://…` or `ws://…` for SIP. */
  server?: string;
  /** User name (`alice`) or full SIP URI (`sip:alice@example.com`). */
  user?: string;
  displayName?: string;
  authUser?: string;
  /** Secret: kept in memory only, never reflected, logged or put in events. */
  password?: string;
  sdkAppId?: number;
  /** Secret, like `password`. */
  userSig?: string;
  /** ICE servers as an array, or JSON text of one, or space/comma separated URLs. */
  iceServers?: RTCIceServer[] | string;
  /** `all` (default) or `relay` to force TURN. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Longest wait for ICE candidates before sending an offer/answer, ms (default 500). */
  iceGatheringTimeout?: number;
  /** Report `network/connect-timeout` after this many ms without a connection (default 4000). */
  connectTimeout?: number;
  /** Register to receive calls (default true). */
  register?: boolean;
  /** `rfc4733` (default, in the media) or `info` (SIP INFO). */
  dtmfTransport?: 'rfc4733' | 'info';
  /** Headers added to outgoing INVITEs, e.g. `['X-Data: 42']`. */
  extraHeaders?: string[];
  /** Seconds an outgoing call may ring before ending as `no-answer` (default 60, 0 = none). */
  noAnswerTimeout?: number;
}

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

/** Checks a SIP WebSocket server URL; throws `config/invalid-server`. */
export function validateServerUrl(server: string | undefined): string {
  const text = (server ?? '').trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:')) {
    throw new CallError(
      'config/invalid-server',
      `Invalid server "${text.slice(0, 80)}": use a WebSocket URL such as server="wss://pbx.example.com/ws".`,
      { attribute: 'server' },
    );
  }
  return text;
}

/** Checks the user name or SIP URI; throws `config/invalid-user`. */
export function validateUser(user: string | undefined): string {
  const text = (user ?? '').trim();
  if (!text || /\s/.test(text)) {
    throw new CallError(
      'config/invalid-user',
      `Invalid user "${text.slice(0, 80)}": set user="alice" or user="sip:alice@example.com".`,
      { attribute: 'user' },
    );
  }
  return text;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Turns controller options into a validated provider configuration. Throws {@link CallError}. */
export function toProviderConfig(options: CallControllerOptions): ProviderConfig {
  const provider = options.provider ?? 'sip';
  return {
    server: provider === 'sip' ? validateServerUrl(options.server) : (options.server ?? ''),
    user: validateUser(options.user),
    displayName: options.displayName || undefined,
    authUser: options.authUser || undefined,
    password: options.password || undefined,
    sdkAppId: options.sdkAppId,
    userSig: options.userSig || undefined,
    iceServers: parseIceServers(options.iceServers),
    iceTransportPolicy: options.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    iceGatheringTimeout: positive(options.iceGatheringTimeout, 500),
    connectTimeout: positive(options.connectTimeout, 4000),
    register: options.register ?? true,
    dtmfTransport: options.dtmfTransport === 'info' ? 'info' : 'rfc4733',
    extraHeaders: (options.extraHeaders ?? []).filter((h) => /^[A-Za-z0-9-]+:\s?.*$/.test(h) && !/[\r\n]/.test(h)),
    noAnswerTimeout: positive(options.noAnswerTimeout, 60),
  };
}

/** The error reported when the connection is not up within `connectTimeout`. */
export function connectTimeoutError(config: ProviderConfig): CallError {
  return new CallError(
    'network/connect-timeout',
    `No connection to ${config.server || 'the server'} within ${config.connectTimeout / 1000} s. Check the server URL, that the server runs and that the network allows WebSockets. Retrying in the background.`,
  );
}
