import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { originCheck, originRefusal } from './origin.js';
import type { RegistrationFailure } from './registration-failures.js';
import { SipCore } from './sip-core.js';
import type { DevSipTableSizes } from './sip-core.js';
import { normalizeAddress, SocketLimiter } from './socket-limiter.js';
import type { DevSipStats } from './stats.js';
import type { DevSipServerOptions, SipConnection } from './types.js';

/** Largest SIP message accepted; a bigger frame closes the socket (WebSocket close 1009). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The development SIP-over-WebSocket server (RFC 7118). For development and tests only. */
export interface DevSipServer {
  /** Upgrades one HTTP request to a SIP WebSocket (the client must offer the `sip` subprotocol). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Serves SIP WebSockets at `path` (default `/sip`) of an HTTP server, leaving other upgrades alone. */
  attach(httpServer: Server, path?: string): void;
  /** Counters and registered users, as plain JSON. */
  stats(): DevSipStats;
  /** Clears the counters (registrations stay). */
  resetStats(): void;
  /**
   * Test and development aid: answers the next `count` (default 1) REGISTERs with `status`
   * (300–699) and its standard reason phrase (or `reason`), without `Retry-After`, whatever
   * their credentials. Calls add up; throws a TypeError for a bad status or count.
   */
  failRegistrations(failure: RegistrationFailure): void;
  /** Drops the failures planned by `failRegistrations`. */
  clearFailures(): void;
  /** How many entries the server's tables hold (what `limits` bounds). */
  tables(): DevSipTableSizes;
  /** Closes every client socket; later upgrades are refused with 503. */
  close(): Promise<void>;
}

/** Writes a plain HTTP error on a socket that asked for an upgrade, and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, text: string): void {
  socket.on('error', () => undefined);
  if (!socket.writable) return void socket.destroy();
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The path of a request URL, or undefined when it cannot be parsed. */
export function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Creates the server; mount it with `attach` (or call `handleUpgrade` from your own upgrade listener). */
export function createDevSipServer(options: DevSipServerOptions = {}): DevSipServer {
  const core = new SipCore(options);
  const originAllowed = originCheck(options.allowOrigin);
  const limiter = new SocketLimiter(core.limits.sockets, core.limits.socketsPerAddress);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  let nextId = 1;
  let closed = false;

  const onConnection = (ws: WebSocket, req: IncomingMessage) => {
    sockets.add(ws);
    const conn: SipConnection = {
      id: nextId++,
      host: String(req.headers.host ?? ''),
      get open() {
        return ws.readyState === ws.OPEN;
      },
      send: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text, () => undefined);
      },
      close: () => ws.close(),
    };
    core.opened(conn);
    ws.on('message', (data) => core.handle(conn, frameText(data)));
    ws.on('error', (error) => {
      core.log(`conn ${conn.id}: ${error.message}`);
      ws.terminate();
    });
    ws.on('close', () => {
      sockets.delete(ws);
      core.closed(conn);
    });
  };

  const server: DevSipServer = {
    handleUpgrade(req, socket, head) {
      if (closed) return refuseUpgrade(socket, 503, 'Service Unavailable', 'The development SIP server is closed.');
      const origin = req.headers.origin;
      if (!originAllowed(origin, req.headers.host)) {
        core.log(`refused a WebSocket from origin ${origin}`);
        return refuseUpgrade(socket, 403, 'Forbidden', originRefusal(String(origin)));
      }
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      if (!offered.includes('sip')) {
        return refuseUpgrade(socket, 400, 'Bad Request', 'SIP over WebSocket needs the "sip" subprotocol (RFC 7118).');
      }
      const slot = limiter.admit(normalizeAddress(req.socket.remoteAddress));
      if (slot.refused !== undefined) {
        core.log(`refused a WebSocket: ${slot.refused}`);
        return refuseUpgrade(socket, 503, 'Service Unavailable', `The development SIP server refused the connection: ${slot.refused}.`);
      }
      socket.once('close', slot.release);
      socket.on('error', () => undefined);
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
    },
    attach(httpServer, path = '/sip') {
      httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (pathOf(req) === path) server.handleUpgrade(req, socket, head);
      });
    },
    stats: () => core.snapshot(),
    resetStats: () => core.stats.reset(),
    failRegistrations: (failure) => core.registrationFailures.fail(failure),
    clearFailures: () => core.registrationFailures.clear(),
    tables: () => core.sizes(),
    async close() {
      closed = true;
      const gone = [...sockets].map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
      for (const ws of sockets) ws.close(1001, 'development SIP server closing');
      const slow = setTimeout(() => sockets.forEach((ws) => ws.terminate()), 500);
      await Promise.all(gone);
      clearTimeout(slow);
      core.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return server;
}
