/**
 * The embedded development SIP server: a SIP-over-WebSocket (RFC 7118) registrar and proxy
 * for the demo, `npm start` and the browser tests. Node only, development only: production
 * uses a real SIP server (Kamailio, Asterisk, FreeSWITCH).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDevSipServer, pathOf, refuseUpgrade } from './ws-server.js';
import type { DevSipServer } from './ws-server.js';
import type { DevSipServerOptions } from './types.js';

export { createDevSipServer, MAX_MESSAGE_BYTES } from './ws-server.js';
export type { DevSipServer } from './ws-server.js';
export type { DevSipServerOptions } from './types.js';
export type { DevSipStats, SocketStats } from './stats.js';
export type { DevSipTableSizes } from './sip-core.js';
export type { RegistrationFailure } from './registration-failures.js';
export * from './limits.js';
export { NONCE_LIFETIME_MS } from './digest.js';

/** Options of the standalone server. */
export interface StartDevSipServerOptions extends DevSipServerOptions {
  /** Address to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** WebSocket path (default `/sip`). */
  path?: string;
}

/** A running standalone server. */
export interface RunningDevSipServer {
  /** `ws://HOST:PORT/PATH`, ready for JsSIP's `WebSocketInterface`. */
  url: string;
  /** The port actually bound. */
  port: number;
  /** The SIP server (stats, resetStats, failRegistrations, tables). */
  server: DevSipServer;
  /** Closes the client sockets and the HTTP server. */
  close(): Promise<void>;
}

/**
 * Starts a standalone HTTP server that answers `GET /` with a one-line page and upgrades
 * `path` (default `/sip`) to SIP WebSockets.
 */
export async function startDevSipServer(options: StartDevSipServerOptions = {}): Promise<RunningDevSipServer> {
  const { host = '127.0.0.1', port = 0, path = '/sip' } = options;
  const server = createDevSipServer(options);
  const http = createServer((req, res) => {
    const found = req.method === 'GET' && pathOf(req) === '/';
    res.writeHead(found ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      found
        ? `call-elements development SIP server (development only): connect a SIP-over-WebSocket client to ${path}\n`
        : 'Not found\n',
    );
  });
  server.attach(http, path);
  http.on('upgrade', (req, socket) => {
    if (pathOf(req) !== path) refuseUpgrade(socket, 404, 'Not Found', `SIP over WebSocket is served at ${path}.`);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const actual = (http.address() as AddressInfo).port;
  // A wildcard address is not something to connect to: show loopback instead.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const urlHost = shown.includes(':') ? `[${shown}]` : shown;
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${urlHost}:${actual}${path}`,
    port: actual,
    server,
    close() {
      closing ??= (async () => {
        await server.close();
        const done = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await done;
      })();
      return closing;
    },
  };
}
