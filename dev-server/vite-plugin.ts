import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';
import type { DevSipServer } from './ws-server.js';
import type { DevSipServerOptions } from './types.js';

/** Options of the Vite plugin: the server options plus the WebSocket path (default `/sip`). */
export type DevSipServerPluginOptions = DevSipServerOptions & { path?: string };

/** `ws://HOST:PORT/path` for a listening HTTP server (wildcard addresses shown as localhost). */
export function devSipUrl(address: string | AddressInfo | null, path: string, secure = false): string {
  const scheme = secure ? 'wss' : 'ws';
  if (!address || typeof address === 'string') return `${scheme}://localhost${path}`;
  const wildcard = address.address === '::' || address.address === '0.0.0.0';
  const host = wildcard ? 'localhost' : address.address.includes(':') ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}${path}`;
}

/**
 * Serves the development SIP server on Vite's dev and preview servers at `/sip` (or `path`),
 * next to Vite's own HMR WebSocket, which it leaves alone. Development only: production uses
 * a real SIP server (Kamailio, Asterisk, FreeSWITCH).
 */
export function devSipServerPlugin(options: DevSipServerPluginOptions = {}): Plugin {
  const path = options.path ?? '/sip';
  const mount = async (httpServer: Server | null | undefined, secure: boolean, info: (line: string) => void): Promise<DevSipServer | undefined> => {
    if (!httpServer) return undefined; // middleware mode: no HTTP server of Vite's own
    const sip = (await loadServer()).createDevSipServer(options);
    sip.attach(httpServer, path);
    const announce = () => info(`  Dev SIP server (development only) at ${devSipUrl(httpServer.address(), path, secure)}`);
    if (httpServer.listening) announce();
    else httpServer.once('listening', announce);
    httpServer.once('close', () => void sip.close());
    return sip;
  };
  return {
    name: 'call-elements-dev-sip-server',
    async configureServer(server) {
      const { config } = server;
      await mount(server.httpServer as Server | null, !!config.server.https, (line) => config.logger.info(line));
    },
    async configurePreviewServer(server) {
      const { config } = server;
      await mount(server.httpServer as Server, !!config.preview.https, (line) => config.logger.info(line));
    },
  };
}

/**
 * The server module, loaded when a dev or preview server starts (so `vite build` never needs
 * `ws`); a missing `ws` package is explained instead of a stack trace.
 */
async function loadServer(): Promise<typeof import('./ws-server.js')> {
  try {
    return await import('./ws-server.js');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /'ws'/.test(String((error as Error).message))) {
      throw new Error('call-elements/vite: the development SIP server needs the "ws" package: npm install --save-dev ws', { cause: error });
    }
    throw error;
  }
}
