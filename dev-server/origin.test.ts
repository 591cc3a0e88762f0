import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseCliArgs } from './cli-args.js';
import { createDevSipServer, startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { normalizeOrigin, originCheck, sameHost } from './origin.js';
import { attemptUpgrade, TestSipClient } from './test-client.js';

describe('origin policy', () => {
  it('normalizes origins and rejects what is not one', () => {
    assert.equal(normalizeOrigin('HTTP://Example.TEST:80'), 'http://example.test');
    assert.equal(normalizeOrigin('https://example.test:8443/'), 'https://example.test:8443');
    assert.equal(normalizeOrigin('*'), '*');
    assert.equal(normalizeOrigin('null'), 'null');
    assert.throws(() => normalizeOrigin('example.test'), /not an origin/);
    assert.throws(() => normalizeOrigin('http://example.test/app'), /scheme:\/\/host\[:port\] only/);
    assert.throws(() => normalizeOrigin('http://user:pw@example.test'), /not an origin/);
  });

  it('allows no Origin, the same host on any port, and loopback names as one host', () => {
    const check = originCheck();
    assert.equal(check(undefined, '127.0.0.1:5062'), true, 'not a browser');
    assert.equal(check('http://127.0.0.1:5173', '127.0.0.1:5062'), true);
    assert.equal(check('https://dev.example.test', 'dev.example.test:5062'), true);
    assert.equal(check('http://localhost:8000', '127.0.0.1:40123'), true, 'web-test-runner pages → the test SIP servers');
    assert.equal(check('http://[::1]:8000', 'localhost:5062'), true);
    assert.equal(check('http://LOCALHOST.:8000', '127.0.0.1:5062'), true);
    assert.equal(check('http://evil.test', '127.0.0.1:5062'), false);
    assert.equal(check('http://127.0.0.2', '127.0.0.1:5062'), false, 'only the three loopback names are one host');
    assert.equal(check('http://localhost:8000', '192.168.1.5:5062'), false);
    assert.equal(check('null', '127.0.0.1:5062'), false, 'file:// and sandboxed pages');
    assert.equal(check('not an origin', '127.0.0.1:5062'), false);
    assert.equal(check('http://localhost', undefined), false, 'no Host: nothing to compare');
    assert.equal(sameHost('localhost', '[::1]'), true);
  });

  it('allows listed origins exactly, or every origin with *', () => {
    const check = originCheck(['http://app.test:3000', 'null']);
    assert.equal(check('http://app.test:3000', '127.0.0.1:5062'), true);
    assert.equal(check('http://APP.test:3000', '127.0.0.1:5062'), true);
    assert.equal(check('http://app.test:3001', '127.0.0.1:5062'), false, 'another port is another origin');
    assert.equal(check('https://app.test:3000', '127.0.0.1:5062'), false);
    assert.equal(check('null', '127.0.0.1:5062'), true);
    assert.equal(originCheck('*')('http://anything.test', '127.0.0.1:5062'), true);
    assert.throws(() => originCheck(['app.test']), /not an origin/);
  });
});

describe('Origin check on the WebSocket upgrade', { timeout: 15_000 }, () => {
  let server: RunningDevSipServer;
  let allowing: RunningDevSipServer;
  before(async () => {
    server = await startDevSipServer();
    allowing = await startDevSipServer({ allowOrigin: ['http://app.test:3000'] });
  });
  after(async () => {
    await server.close();
    await allowing.close();
  });

  it('refuses a page of another host with 403 and says how to allow it', async () => {
    const { status, body } = await attemptUpgrade(server.url, { origin: 'http://evil.test:8080' });
    assert.equal(status, 403);
    assert.match(body, /http:\/\/evil\.test:8080/);
    assert.match(body, /allowOrigin/);
    assert.match(body, /--allow-origin http:\/\/evil\.test:8080/);
    assert.equal(server.server.stats().connections.open, 0);
  });

  it('accepts Node clients, its own host, and http://localhost:8000 pages on ws://127.0.0.1', async () => {
    assert.equal((await attemptUpgrade(server.url)).status, 101);
    assert.equal((await attemptUpgrade(server.url, { origin: `http://127.0.0.1:${server.port}` })).status, 101);
    assert.equal((await attemptUpgrade(server.url, { origin: 'http://localhost:8000' })).status, 101);
    assert.equal((await attemptUpgrade(server.url.replace('127.0.0.1', 'localhost'), { origin: 'http://127.0.0.1:8000' })).status, 101);
    const page = await TestSipClient.connect(server.url, 'page-user', { origin: 'http://localhost:8000' });
    assert.equal((await page.register()).status, 200);
    await page.close();
  });

  it('accepts the origins given in allowOrigin, and only those', async () => {
    assert.equal((await attemptUpgrade(allowing.url, { origin: 'http://app.test:3000' })).status, 101);
    assert.equal((await attemptUpgrade(allowing.url, { origin: 'http://app.test:3001' })).status, 403);
    assert.equal((await attemptUpgrade(allowing.url, { origin: 'http://localhost:3000' })).status, 101, 'its own host still');
  });

  it('checks the origin before the subprotocol', async () => {
    assert.equal((await attemptUpgrade(server.url, { origin: 'http://evil.test', protocol: 'chat' })).status, 403);
  });

  it('applies to an attached server: the same origin passes, another is refused', async () => {
    const http = createServer();
    const sip = createDevSipServer();
    sip.attach(http, '/sip');
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      assert.equal((await attemptUpgrade(`ws://127.0.0.1:${port}/sip`, { origin: `http://127.0.0.1:${port}` })).status, 101);
      assert.equal((await attemptUpgrade(`ws://127.0.0.1:${port}/sip`, { origin: 'https://other.test' })).status, 403);
    } finally {
      await sip.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('--allow-origin is repeatable, accepts *, and reaches the server', async () => {
    const options = parseCliArgs(['--allow-origin', 'http://app.test:3000/', '--allow-origin=*']);
    assert.deepEqual(options.allowOrigin, ['http://app.test:3000', '*']);
    assert.throws(() => parseCliArgs(['--allow-origin', 'app.test']), /--allow-origin: "app.test" is not an origin/);
    assert.throws(() => parseCliArgs(['--allow-origin']), /needs a value/);
    const cli = await startDevSipServer({ allowOrigin: parseCliArgs(['--allow-origin', '*']).allowOrigin });
    try {
      assert.equal((await attemptUpgrade(cli.url, { origin: 'http://anywhere.test' })).status, 101);
    } finally {
      await cli.close();
    }
  });
});
