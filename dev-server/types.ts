import type { DevSipLimits } from './limits.js';

/** Options of the development SIP server. */
export interface DevSipServerOptions {
  /**
   * Static credentials (`{ alice: 'secret' }`). When set, REGISTER needs HTTP digest auth
   * (MD5, qop=auth) and the digest username must be the registering user; so do the other
   * requests (407) of a socket that has not registered, with the From user. Never logged.
   */
  users?: Record<string, string>;
  /**
   * Browser origins allowed to connect besides pages of the server's own host
   * (e.g. `'http://192.168.1.5:5173'`), or `'*'` for any. Clients without `Origin` always may.
   */
  allowOrigin?: string | readonly string[];
  /** Bounds of the server's tables (defaults in `limits.ts`). */
  limits?: Partial<DevSipLimits>;
  /** Longest registration granted, in seconds (default 3600); short values make clients refresh often (tests). */
  maxExpires?: number;
  /** Digest realm (default `call-elements`). */
  realm?: string;
  /** Receives one line per notable event; off by default. Never sees passwords or Authorization headers. */
  log?: (line: string) => void;
}

/** One client WebSocket as the SIP core sees it. */
export interface SipConnection {
  /** Unique per server, counting from 1. */
  readonly id: number;
  /** Whether frames can still be sent. */
  readonly open: boolean;
  /** `Host` of the upgrade request (e.g. `127.0.0.1:5062`): a Route naming it names us. */
  readonly host: string;
  /** Sends one SIP message (or keep-alive) as a text frame; does nothing once closed. */
  send(text: string): void;
  /** Closes the socket. */
  close(): void;
}
