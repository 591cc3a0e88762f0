import { expect } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { CallController } from '../../src/core/call-controller.js';
import { CALL_EVENT_NAMES } from '../../src/core/events.js';
import { pathTo } from '../harness/reachable.js';

describe('CallController', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  // The walk (pathTo) is checked on its own in test/harness/reachable.test.ts (every engine).
  it('nothing reachable from its events, calls or itself leads to the password', async () => {
    const secret = `pw-${Math.random().toString(36).slice(2)}-must-stay-private`;
    const user = uniqueUser('walker');
    const alice = new CallController({ server: testEnv.sipUrl, user, password: secret, tones: false });
    const details: unknown[] = [];
    for (const name of CALL_EVENT_NAMES) alice.addEventListener(name, (event) => details.push(event.detail));
    try {
      const registered = nextEvent(alice, 'call-registered');
      await alice.start();
      await registered;
      const bob = await registeredController(uniqueUser('bob'));
      const [out, inc] = await connectedPair(alice, bob);
      await out.hold();
      await until(() => out.state === 'held', 5000, 'held');
      const ended = nextEvent(alice, 'call-ended');
      inc.hangup();
      await ended;

      expect(details.length, 'events were seen').to.be.greaterThan(8);
      // The walk gets where a page gets: to the user and, through a call's getters, to the far end.
      expect(pathTo(details, user), 'the walk reaches the user name').to.be.a('string');
      expect(pathTo(details, bob.user), "the walk reaches the call's remote party").to.be.a('string');
      for (const root of [details, alice, out, alice.lastError]) {
        expect(pathTo(root, secret)).to.equal(undefined);
      }
      expect(Object.keys(out), "a call's own properties are its public facts").to.have.members(['id', 'direction', 'startedAt']);
    } finally {
      await alice.dispose();
    }
  });

  it('answering a second call holds the first; resuming the first holds the second', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => registeredController(uniqueUser(name))));
    const [, withBob] = await connectedPair(bob, alice);
    const [, withCarol] = await connectedPair(carol, alice);
    await until(() => withBob.held.local && withCarol.state === 'connected', 5000, 'bob held while talking to carol');

    await withBob.unhold();
    await until(() => withCarol.held.local && !withBob.held.local, 5000, 'carol held after resuming bob');
    expect(withBob.state).to.equal('connected');
    expect(withCarol.state).to.equal('held');
  });
});
