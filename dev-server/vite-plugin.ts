import type { Server } from 'node:http';
import type { Plugin } from 'vite';
import { createDevSipServer } from './index.js';
import type { DevSipServerOptions } from './index.js';

/**
 * Mounts the development SIP server on Vite's dev and preview servers (default path `/sip`).
 * Development only: production uses a real SIP server (Kamailio, Asterisk, FreeSWITCH).
 */
export function devSipServerPlugin(options: DevSipServerOptions & { path?: string } = {}): Plugin {
  const path = options.path ?? '/sip';
  const mount = (httpServer: Server | null | undefined, describe: () => string) => {
    if (!httpServer) return;
    createDevSipServer(options).attach(httpServer, path);
    httpServer.once('listening', () => console.log(`  Dev SIP server (development only) at ${describe()}`));
  };
  const urlOf = (httpServer: Server) => () => {
    const address = httpServer.address();
    return typeof address === 'object' && address ? `ws://${address.address}:${address.port}${path}` : path;
  };
  return {
    name: 'call-elements-dev-sip-server',
    configureServer(server) {
      const http = server.httpServer as Server | null;
      if (http) mount(http, urlOf(http));
    },
    configurePreviewServer(server) {
      const http = server.httpServer as Server;
      mount(http, urlOf(http));
    },
  };
}
