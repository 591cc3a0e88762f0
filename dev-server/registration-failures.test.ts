import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDevSipServer } from './index.js';
import { header } from './sip-message.js';
import { RegistrationFailures } from './registration-failures.js';
import { TestSipClient } from './test-client.js';

describe('RegistrationFailures', () => {
  it('hands out planned answers in order, count by count, with standard reasons', () => {
    const failures = new RegistrationFailures();
    failures.fail({ status: 503, count: 2 });
    failures.fail({ status: 500, reason: 'Database Down' });
    assert.equal(failures.pending, 3);
    assert.deepEqual(failures.take(), { status: 503, reason: 'Service Unavailable' });
    assert.deepEqual(failures.take(), { status: 503, reason: 'Service Unavailable' });
    assert.deepEqual(failures.take(), { status: 500, reason: 'Database Down' });
    assert.equal(failures.take(), undefined);
    failures.fail({ status: 403, count: 5 });
    failures.clear();
    assert.equal(failures.pending, 0);
    assert.equal(failures.take(), undefined);
  });

  it('rejects statuses outside 300–699, bad counts and reasons with line breaks', () => {
    const failures = new RegistrationFailures();
    assert.throws(() => failures.fail({ status: 200 }), /300–699/);
    assert.throws(() => failures.fail({ status: 700 }), /300–699/);
    assert.throws(() => failures.fail({ status: 503.5 }), /300–699/);
    assert.throws(() => failures.fail({ status: 503, count: 0 }), /positive integer/);
    assert.throws(() => failures.fail({ status: 503, reason: 'x\r\nRetry-After: 1' }), /control characters/);
    assert.equal(failures.pending, 0);
  });
});

describe('DevSipServer.failRegistrations', { timeout: 15_000 }, () => {
  it('answers the next n REGISTERs with the status and no Retry-After, then registers again', async () => {
    const server = await startDevSipServer();
    const alice = await TestSipClient.connect(server.url, 'alice');
    try {
      server.server.failRegistrations({ status: 503, count: 2 });
      for (let i = 0; i < 2; i++) {
        const failed = await alice.register();
        assert.equal(failed.status, 503);
        assert.equal(failed.reason, 'Service Unavailable');
        assert.equal(header(failed, 'Retry-After'), undefined);
      }
      assert.deepEqual(server.server.stats().registered, []);
      assert.equal((await alice.register()).status, 200);
      server.server.failRegistrations({ status: 486, count: 3 });
      server.server.clearFailures();
      assert.equal((await alice.register()).status, 200, 'cleared');
      assert.equal(server.server.stats().generated['503'], 2);
      alice.send('INVITE', 'sip:nobody@127.0.0.1');
      server.server.failRegistrations({ status: 503 });
      assert.equal((await alice.finalResponse('INVITE')).status, 404, 'other requests are not affected');
      assert.equal((await alice.register()).status, 503);
      assert.throws(() => server.server.failRegistrations({ status: 100 }), TypeError);
    } finally {
      await alice.close();
      await server.close();
    }
  });

  it('fails REGISTERs before their credentials are looked at', async () => {
    const server = await startDevSipServer({ users: { bob: 'pw' } });
    const bob = await TestSipClient.connect(server.url, 'bob');
    try {
      server.server.failRegistrations({ status: 500, reason: 'Planned Failure' });
      const failed = await bob.register();
      assert.deepEqual([failed.status, failed.reason], [500, 'Planned Failure']);
      assert.equal((await bob.register()).status, 401, 'then the usual challenge');
    } finally {
      await bob.close();
      await server.close();
    }
  });
});
