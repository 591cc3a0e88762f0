import { expect } from '@open-wc/testing';
import { CallController } from '../../src/core/call-controller.js';
import { testEnv } from '../harness/env.js';
import { startKamailio, stopKamailio } from '../harness/sip-commands.js';
import { describeCalls } from './call-suite.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

/** Real servers bind fixed loopback ports, so they run only in the suite's own network namespace. */
function needsKamailio(this: Mocha.Context): void {
  if (!testEnv.kamailioUrl) {
    console.warn('Skipping the Kamailio suite: it needs root and a network namespace (run npm test as root).');
    this.skip();
  }
}

describe('through Kamailio 5.6 (examples/kamailio/kamailio.cfg)', function () {
  this.timeout(60_000);

  describe('without authentication', function () {
    before(async function () {
      needsKamailio.call(this);
      await startKamailio(false);
    });

    describeCalls('calls', (settings) =>
      Promise.all([
        registeredController(uniqueUser('alice'), { server: testEnv.kamailioUrl, ...settings }),
        registeredController(uniqueUser('bob'), { server: testEnv.kamailioUrl, ...settings }),
      ]),
    );

    it('a page closed without unregistering is reported not-found or unavailable, not a hang', async () => {
      // A phone in an iframe registers; removing the iframe drops its WebSocket with no un-REGISTER.
      const frame = document.createElement('iframe');
      const user = uniqueUser('closed');
      frame.srcdoc = `<script type="module">
        import { CallController } from '/src/headless.ts';
        const c = new CallController({ server: ${JSON.stringify(testEnv.kamailioUrl)}, user: ${JSON.stringify(user)}, tones: false });
        c.addEventListener('call-registered', () => parent.postMessage('registered:${user}', '*'));
        c.start();
      </script>`;
      const registered = new Promise<void>((resolve) =>
        window.addEventListener('message', function on(e) {
          if (e.data === `registered:${user}`) {
            window.removeEventListener('message', on);
            resolve();
          }
        }),
      );
      document.body.append(frame);
      await registered;
      frame.remove();
      await new Promise((r) => setTimeout(r, 300));
      const caller = await registeredController(uniqueUser('caller'), { server: testEnv.kamailioUrl });
      const ended = nextEvent(caller, 'call-ended', () => true, 40_000);
      await caller.dial(user);
      const { summary } = await ended;
      expect(['not-found', 'unavailable']).to.include(summary.reason);
      await disposeControllers();
    });
  });

  describe('with digest authentication', function () {
    before(async function () {
      needsKamailio.call(this);
      await startKamailio(true);
    });
    after(disposeControllers);

    describeCalls('calls', (settings) =>
      Promise.all(
        ['alice', 'bob'].map((user) =>
          registeredController(user, { server: testEnv.kamailioUrl, password: testEnv.users[user], ...settings }),
        ),
      ) as Promise<[CallController, CallController]>,
    );

    it('a wrong password is sip/registration-failed (403) and the password is not in the message', async () => {
      const controller = new CallController({ server: testEnv.kamailioUrl, user: 'alice', password: 'not-the-password', tones: false });
      const error = nextEvent(controller, 'call-error', (d) => d.error.code === 'sip/registration-failed');
      await controller.start();
      const { error: e } = await error;
      expect(e.message).to.contain('403');
      expect(e.message).not.to.contain('not-the-password');
      expect(controller.registered).to.equal(false);
      await controller.dispose();
    });

    it('an unknown user is refused without registering', async () => {
      const controller = new CallController({ server: testEnv.kamailioUrl, user: uniqueUser('stranger'), password: 'x', tones: false });
      const error = nextEvent(controller, 'call-error', (d) => d.error.code === 'sip/registration-failed');
      await controller.start();
      await error;
      expect(controller.registered).to.equal(false);
      await controller.dispose();
    });
  });

  describe('when Kamailio is not running', function () {
    before(async function () {
      needsKamailio.call(this);
      await stopKamailio();
    });
    after(async function () {
      if (testEnv.kamailioUrl) await startKamailio(false);
    });

    it('reports network/connect-timeout within 5 s', async () => {
      const controller = new CallController({ server: testEnv.kamailioUrl, user: uniqueUser('early'), tones: false });
      const started = Date.now();
      const error = nextEvent(controller, 'call-error', (d) => d.error.code === 'network/connect-timeout', 5000);
      await controller.start();
      await error;
      expect(Date.now() - started).to.be.lessThan(5000);
      await until(() => controller.registrationState === 'failed', 1000, 'failed state');
      await controller.dispose();
    });
  });
});
