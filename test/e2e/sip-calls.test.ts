import { expect } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { describeCalls } from './call-suite.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser } from './helpers.js';

describeCalls('SIP calls through the development server (real media)', (settings) =>
  Promise.all([registeredController(uniqueUser('alice'), settings), registeredController(uniqueUser('bob'), settings)]),
);

describe('registration failures', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it('an unreachable server reports network/connect-timeout within 5 s', async () => {
    const { CallController } = await import('../../src/core/call-controller.js');
    const controller = new CallController({ server: testEnv.unreachableSipUrl, user: uniqueUser('lost'), tones: false });
    const started = Date.now();
    const error = nextEvent(controller, 'call-error', () => true, 5000);
    await controller.start();
    const { error: e } = await error;
    expect(e.code).to.equal('network/connect-timeout');
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(controller.registrationState).to.equal('failed');
    await controller.dispose();
  });

  it('a wrong password reports sip/registration-failed', async () => {
    const { CallController } = await import('../../src/core/call-controller.js');
    const controller = new CallController({ server: testEnv.sipAuthUrl, user: 'alice', password: 'not-the-password-42', tones: false });
    const error = nextEvent(controller, 'call-error', (d) => d.error.code === 'sip/registration-failed');
    await controller.start();
    const { error: e } = await error;
    expect(e.message).to.contain('password');
    expect(e.message).not.to.contain('not-the-password-42');
    expect(controller.registered).to.equal(false);
    await controller.dispose();
  });

  it('the right password registers on a server that requires digest auth', async () => {
    const user = Object.keys(testEnv.users)[0];
    const controller = await registeredController(user, { server: testEnv.sipAuthUrl, password: testEnv.users[user] });
    expect(controller.registered).to.equal(true);
  });
});
