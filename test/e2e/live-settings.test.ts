// Settings changed on a running phone, the debug log, and retries the browser asks for.
import { expect } from '@open-wc/testing';
import { CallController } from '../../src/core/call-controller.js';
import { version } from '../../src/core/version.js';
import { testEnv } from '../harness/env.js';
import { startKamailio, stopKamailio } from '../harness/sip-commands.js';
import { connectedPair, consoleDuring, disposeControllers, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';

describe('settings changed during calls', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('a server change during a call keeps the call, says so, and reconnects after the call ends', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const bob = await registeredController(uniqueUser('bob'));
    const [out, inc] = await connectedPair(alice, bob);
    const lines = await consoleDuring(() => alice.configure({ server: testEnv.sipShortUrl }));
    expect(lines.join('\n')).to.contain('reconnecting after the last call ends');
    await sleep(500);
    expect(out.state, 'the call').to.equal('connected');
    expect(alice.registrationState).to.equal('registered');
    const reconnected = nextEvent(alice, 'call-registration-change', (d) => d.state === 'connecting', 5000);
    inc.hangup();
    await reconnected;
    await until(() => alice.registered, 10_000, 'registered on the new server');
  });

  it('ice-servers, dtmf-transport and extra headers change without a restart', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const states: string[] = [];
    alice.addEventListener('call-registration-change', (e) => states.push(e.detail.state));
    await alice.configure({ iceServers: 'stun:127.0.0.1:3478', dtmfTransport: 'info', extraHeaders: ['X-Data: 1'], noAnswerTimeout: 30 });
    await sleep(300);
    expect(states, 'no reconnection').to.deep.equal([]);
    expect(alice.registered).to.equal(true);
  });
});

describe('the debug log', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('logs signalling and states over a digest-authenticated call, and never a secret', async () => {
    const password = testEnv.users.alice;
    const turnSecret = 'turn-credential-7f3a';
    const lines = await consoleDuring(async () => {
      const alice = new CallController({
        server: testEnv.sipAuthUrl,
        user: 'alice',
        password,
        debug: true,
        tones: false,
        iceServers: [{ urls: 'turn:127.0.0.1:2', username: 'u', credential: turnSecret }],
        iceGatheringTimeout: 100,
      });
      const bob = new CallController({ server: testEnv.sipAuthUrl, user: 'bob', password: testEnv.users.bob, tones: false });
      try {
        await Promise.all([alice.start(), bob.start()]);
        await until(() => alice.registered && bob.registered, 10_000, 'both registered');
        const [out] = await connectedPair(alice, bob);
        out.hangup();
        await sleep(300);
      } finally {
        await Promise.all([alice.dispose(), bob.dispose()]);
      }
    });
    const debug = lines.filter((l) => l.includes('[call-elements] debug:'));
    const text = debug.join('\n');
    expect(text, 'REGISTER sent').to.match(/SIP → REGISTER sip:/);
    expect(text, 'the challenge').to.match(/SIP ← SIP\/2\.0 401/);
    expect(text, 'credentials redacted').to.match(/Authorization: <redacted>/);
    expect(text, 'states').to.contain('registration registered');
    expect(text, 'events').to.match(/call-state-change call=call-\d+ state=connected/);
    const all = lines.join('\n');
    expect(all, 'the password').to.not.contain(password);
    expect(all, 'the TURN credential').to.not.contain(turnSecret);
    expect(all, 'a digest response').to.not.match(/response="[0-9a-f]{32}"/);
    expect(all, 'an ICE password').to.not.match(/a=ice-pwd:(?!<redacted>)/);
  });

  it('is off by default, and the version is exported', async () => {
    const lines = await consoleDuring(async () => {
      await registeredController(uniqueUser('quiet'));
    });
    expect(lines.filter((l) => l.includes('debug:'))).to.deep.equal([]);
    expect(version).to.match(/^\d+\.\d+\.\d+/);
  });
});

describe('retrying when the browser comes back online', function () {
  this.timeout(60_000);
  before(function () {
    if (!testEnv.kamailioUrl) this.skip();
  });
  afterEach(async () => {
    await disposeControllers();
    await startKamailio(false);
  });

  it("the `online` event retries the lost connection at once, not at the backoff's next turn", async () => {
    await startKamailio(false);
    const alice = await registeredController(uniqueUser('alice'), { server: testEnv.kamailioUrl, reconnectMaxDelay: 120_000 });
    await stopKamailio();
    await until(() => alice.registrationState === 'reconnecting', 10_000, 'reconnecting');
    // Long enough for JsSIP's backoff (1, 2, 4, 8… s, jittered) to grow past a few seconds.
    await sleep(12_000);
    await startKamailio(false);
    window.dispatchEvent(new Event('online'));
    await until(() => alice.registered, 2500, 'registered right after `online`');
  });
});
