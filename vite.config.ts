import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { devSipServerPlugin } from './dev-server/vite-plugin.js';
import { contentSecurityPolicy } from './demo/csp.mjs';

/**
 * `npm start`: the demo pages with the development SIP server mounted at `/sip`.
 * The SIP server is for development only; production uses a real SIP server.
 * Both servers send the strict Content-Security-Policy of demo/csp.mjs (the demo's `/sip` is
 * same-origin, so `connect-src 'self'` covers it).
 */
const headers = { 'Content-Security-Policy': contentSecurityPolicy() };

export default defineConfig({
  root: resolve(import.meta.dirname, 'demo'),
  plugins: [devSipServerPlugin()],
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173, headers },
  preview: { host: '127.0.0.1', headers },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/demo'),
    emptyOutDir: true,
  },
});
