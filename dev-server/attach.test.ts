import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createServer as createViteServer, preview } from 'vite';
import type { Logger } from 'vite';
import { WebSocket, WebSocketServer } from 'ws';
import { createDevSipServer } from './index.js';
import { TestSipClient } from './test-client.js';
import { devSipServerPlugin, devSipUrl } from './vite-plugin.js';

/** Opens a WebSocket and resolves with its first message, or rejects on failure. */
function firstMessage(url: string, protocol?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol);
    ws.once('message', (data) => {
      resolve(data.toString());
      ws.close();
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A Vite logger that records info lines. */
function recordingLogger(lines: string[]): Logger {
  return {
    info: (msg) => void lines.push(msg),
    warn: () => undefined,
    warnOnce: () => undefined,
    error: () => undefined,
    clearScreen: () => undefined,
    hasErrorLogged: () => false,
    hasWarned: false,
  };
}

describe('attach()', { timeout: 15_000 }, () => {
  it('serves SIP at its path only and leaves other WebSocket upgrades alone', async () => {
    const http = createServer();
    const sip = createDevSipServer();
    sip.attach(http, '/sip');
    const other = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/other')) other.handleUpgrade(req, socket, head, (ws) => ws.send(`other server ${ws.protocol}`));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      assert.equal(await firstMessage(`ws://127.0.0.1:${port}/other`), 'other server ');
      assert.equal(await firstMessage(`ws://127.0.0.1:${port}/other?x=1`, 'sip'), 'other server sip', 'even with the sip subprotocol');
      const client = await TestSipClient.connect(`ws://127.0.0.1:${port}/sip?instance=1`, 'erin');
      assert.equal((await client.register()).status, 200);
      assert.deepEqual(sip.stats().registered, ['erin']);
      const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
      await sip.close();
      assert.equal(await closed, 1001, 'close() closed the client socket (going away)');
      await assert.rejects(TestSipClient.connect(`ws://127.0.0.1:${port}/sip`, 'late'), /503/);
    } finally {
      other.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('formats the announced URL', () => {
    assert.equal(devSipUrl({ address: '127.0.0.1', port: 5173, family: 'IPv4' }, '/sip'), 'ws://127.0.0.1:5173/sip');
    assert.equal(devSipUrl({ address: '::', port: 5173, family: 'IPv6' }, '/sip'), 'ws://localhost:5173/sip');
    assert.equal(devSipUrl({ address: '::1', port: 4173, family: 'IPv6' }, '/sip', true), 'wss://[::1]:4173/sip');
  });
});

describe('devSipServerPlugin() in a real Vite server', { timeout: 15_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'dev-sip-vite-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');

  it('answers SIP at /sip next to a working Vite HMR socket, and logs its URL once', async (t) => {
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const lines: string[] = [];
    const vite = await createViteServer({
      root,
      configFile: false,
      logLevel: 'info',
      customLogger: recordingLogger(lines),
      plugins: [devSipServerPlugin()],
      server: { host: '127.0.0.1', port: 0, strictPort: false },
      optimizeDeps: { noDiscovery: true },
    });
    await vite.listen();
    try {
      const { port } = vite.httpServer!.address() as AddressInfo;
      const announced = lines.filter((l) => l.includes('Dev SIP server'));
      assert.deepEqual(announced.map((l) => l.trim()), [`Dev SIP server (development only) at ws://127.0.0.1:${port}/sip`]);
      const token = vite.config.webSocketToken;
      const hmr = JSON.parse(await firstMessage(`ws://127.0.0.1:${port}/?token=${token}`, 'vite-hmr'));
      assert.equal(hmr.type, 'connected', "Vite's HMR socket still works");
      const client = await TestSipClient.connect(`ws://127.0.0.1:${port}/sip`, 'vite-user');
      assert.equal((await client.register()).status, 200);
      const closed = new Promise((resolve) => client.ws.once('close', resolve));
      await vite.close();
      await closed; // closing Vite closes the SIP sockets too (and does not hang on them)
    } finally {
      await vite.close();
    }
  });

  it('also serves SIP on the preview server', async () => {
    const previewRoot = mkdtempSync(join(tmpdir(), 'dev-sip-preview-'));
    const lines: string[] = [];
    const server = await preview({
      root: previewRoot,
      configFile: false,
      customLogger: recordingLogger(lines),
      plugins: [devSipServerPlugin({ path: '/phone' })],
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    try {
      const { port } = server.httpServer.address() as AddressInfo;
      assert.ok(lines.some((l) => l.includes(`ws://127.0.0.1:${port}/phone`)), lines.join('\n'));
      const client = await TestSipClient.connect(`ws://127.0.0.1:${port}/phone`, 'preview-user');
      assert.equal((await client.register()).status, 200);
      await client.close();
    } finally {
      await server.close();
      rmSync(previewRoot, { recursive: true, force: true });
    }
  });
});

describe('devSipServerPlugin() without the ws package', () => {
  it('loads (so `vite build` works), and a server start says what to install', async (t) => {
    // The dev server's sources alone, where no node_modules can provide `ws`.
    const dir = mkdtempSync(join(tmpdir(), 'dev-sip-no-ws-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const here = import.meta.dirname;
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) copyFileSync(join(here, file), join(dir, file));
    const { devSipServerPlugin: plugin } = (await import(pathToFileURL(join(dir, 'vite-plugin.ts')).href)) as typeof import('./vite-plugin.js');
    const hooks = plugin() as { configureServer(server: unknown): Promise<void> };
    const httpServer = createServer();
    const server = { config: { server: {}, logger: { info: () => undefined } }, httpServer };
    await assert.rejects(hooks.configureServer(server), /call-elements\/vite: the development SIP server needs the "ws" package: npm install --save-dev ws/);
  });
});
