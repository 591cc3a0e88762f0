import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { SipCore } from './sip-core.js';
import type { DevSipServerOptions, SipConnection } from './sip-core.js';
import type { DevSipStats } from './stats.js';

export type { DevSipServerOptions } from './sip-core.js';
export type { DevSipStats } from './stats.js';

/** The development SIP-over-WebSocket server (RFC 7118). For development and tests only. */
export interface DevSipServer {
  /** Upgrades one HTTP request to a SIP WebSocket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Serves SIP WebSockets at `path` of an HTTP server, leaving other upgrades alone. */
  attach(httpServer: Server, path?: string): void;
  /** Counters and registered users, as plain JSON. */
  stats(): DevSipStats & { registered: string[] };
  resetStats(): void;
  /** Closes every client socket. */
  close(): Promise<void>;
}

const MAX_MESSAGE = 64 * 1024;

/** Creates the server core; mount it with `attach` or `handleUpgrade`. */
export function createDevSipServer(options: DevSipServerOptions = {}): DevSipServer {
  const core = new SipCore(options);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  let nextId = 1;
  wss.on('connection', (ws: WebSocket) => {
    const conn: SipConnection = {
      id: nextId++,
      get open() {
        return ws.readyState === ws.OPEN;
      },
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
    };
    ws.on('message', (data, isBinary) => core.handle(conn, isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()));
    ws.on('close', () => core.closed(conn));
    ws.on('error', () => ws.terminate());
  });
  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    attach(httpServer, path = '/sip') {
      httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) return;
        this.handleUpgrade(req, socket, head);
      });
    },
    stats() {
      return { ...core.stats.toJSON(), registered: core.registeredAors() };
    },
    resetStats() {
      core.stats.reset();
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A running standalone server. */
export interface RunningDevSipServer {
  url: string;
  port: number;
  server: DevSipServer;
  close(): Promise<void>;
}

/** Starts a standalone HTTP server that upgrades `path` (default `/sip`) to SIP WebSockets. */
export async function startDevSipServer(
  options: DevSipServerOptions & { host?: string; port?: number; path?: string } = {},
): Promise<RunningDevSipServer> {
  const { host = '127.0.0.1', port = 0, path = '/sip' } = options;
  const server = createDevSipServer(options);
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`call-elements development SIP server: connect a SIP-over-WebSocket client to ${path}\n`);
  });
  server.attach(http, path);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const actual = (http.address() as { port: number }).port;
  return {
    url: `ws://${host}:${actual}${path}`,
    port: actual,
    server,
    async close() {
      await server.close();
      http.closeAllConnections?.();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
