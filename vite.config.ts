import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { devSipServerPlugin } from './dev-server/vite-plugin.js';

/**
 * `npm start`: the demo pages with the development SIP server mounted at `/sip`.
 * The SIP server is for development only; production uses a real SIP server.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'demo'),
  plugins: [devSipServerPlugin()],
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173 },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/demo'),
    emptyOutDir: true,
  },
});
