// Calls that survive: Kamailio stopped and started under established calls, and the
// registration coming back, through the real server and examples/kamailio/kamailio.cfg.
import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { CallError } from '../../src/base/errors.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { failRegistrations, sipStats, startKamailio, stopKamailio } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, energyOver, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Both phones on Kamailio, in a call; each has recorded its registration states. */
async function callThroughKamailio() {
  await startKamailio(false);
  const settings = { server: testEnv.kamailioUrl };
  const [alice, bob] = await Promise.all([
    registeredController(uniqueUser('alice'), settings),
    registeredController(uniqueUser('bob'), settings),
  ]);
  const states = { alice: record(alice, 'call-registration-change'), bob: record(bob, 'call-registration-change') };
  const [out, inc] = await connectedPair(alice, bob);
  return { alice, bob, out, inc, states };
}

/** Waits until `controller` is registered again, returning the ms it took from `since`. */
async function registeredAgain(controller: CallController, since: number, ms: number): Promise<number> {
  await until(() => controller.registrationState === 'registered', ms, 'registered again');
  return Date.now() - since;
}

describe('recovery from a signalling outage (Kamailio stopped and started)', function () {
  this.timeout(120_000);
  before(function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the recovery suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
  });
  afterEach(async () => {
    await disposeControllers();
    await startKamailio(false);
  });

  for (const outageMs of [3_000, 40_000]) {
    it(`a ${outageMs / 1000} s outage: reconnecting, then registered; the call keeps its audio, a hold in between is refused, the far end can still hang up`, async () => {
      const { alice, bob, out, inc, states } = await callThroughKamailio();
      const errors: string[] = [];
      alice.addEventListener('call-error', (e) => errors.push(e.detail.error.code));
      const phone = document.createElement('call-phone') as CallPhone;
      phone.controller = alice;
      document.body.append(phone);

      await stopKamailio();
      await until(() => alice.registrationState === 'reconnecting' && bob.registrationState === 'reconnecting', 10_000, 'reconnecting');
      await phone.updateComplete;
      expect(phone.getAttribute('registration')).to.equal('reconnecting');
      expect(phone.shadowRoot?.querySelector('[part=status]')?.textContent).to.equal('Reconnecting…');
      expect(out.state, 'the call during the outage').to.equal('connected');
      expect(await energyOver(out, 1000), 'audio during the outage').to.be.greaterThan(0);

      let refused: unknown;
      await out.hold().catch((error) => (refused = error));
      expect((refused as CallError)?.code, 'a hold while signalling is down').to.equal('call/signalling-down');
      expect(out.state, 'the call after the refused hold').to.equal('connected');
      // A dial now cannot go out: refused before the microphone opens (no capture, no call).
      const captures = alice.media.liveTrackCount;
      refused = await alice.dial(bob.user).catch((error) => error);
      expect((refused as CallError)?.code, 'a dial while signalling is down').to.equal('call/signalling-down');
      expect([alice.calls.length, alice.media.liveTrackCount], 'no new call, no new track').to.deep.equal([1, captures]);

      await sleep(outageMs - 1000);
      expect(out.state).to.equal('connected');
      await startKamailio(false);
      const back = Date.now();
      await Promise.all([registeredAgain(alice, back, 15_000), registeredAgain(bob, back, 15_000)]);
      expect(states.alice.map((s) => s.state)).to.include.members(['reconnecting', 'registering', 'registered']);
      expect(states.alice.map((s) => s.state), 'never given up').to.not.include('failed');
      // Audio both ways after the outage (the dialog refreshes right after registering may take a
      // moment on a busy machine: a few windows of 1 s, not just the first).
      await until(async () => (await energyOver(out, 1000)) > 0, 6000, 'audio after the outage');
      await until(async () => (await energyOver(inc, 1000)) > 0, 6000, 'audio after the outage, the other way');

      // Both refreshed their dialogs (within 0.5 s of registering); then the far end hangs up.
      await sleep(1500);
      const ended = nextEvent(alice, 'call-ended', (d) => d.call === out, 2000);
      inc.hangup();
      const { summary } = await ended;
      expect(summary.reason).to.equal('remote-hangup');
      expect(errors, 'the errors reported: the outage once, and the refused dial').to.deep.equal(['network/disconnected', 'call/signalling-down']);
      phone.remove();
    });
  }

  it('a far end that hung up during the outage ends our call as remote-hangup once signalling returns, not as a media failure', async () => {
    const { alice, out, inc } = await callThroughKamailio();
    await stopKamailio();
    await until(() => alice.registrationState === 'reconnecting', 10_000, 'reconnecting');
    inc.hangup(); // its BYE cannot leave: the server is down
    await sleep(2000);
    expect(out.state, 'our side cannot know yet').to.not.equal('ended');
    const ended = nextEvent(alice, 'call-ended', (d) => d.call === out, 15_000);
    await startKamailio(false);
    const { summary } = await ended;
    expect(summary.reason).to.equal('remote-hangup');
  });
});

describe('registration that recovers (dev SIP server)', function () {
  this.timeout(40_000);
  afterEach(async () => {
    await failRegistrations(null, 0, 'short');
    await disposeControllers();
  });

  it('a REGISTER refresh answered 503 is retried: reconnecting, then registered again (never "connected"), and calls still arrive', async () => {
    const alice = await registeredController(uniqueUser('alice'), { server: testEnv.sipShortUrl });
    const states = record(alice, 'call-registration-change');
    const errors = record(alice, 'call-error');
    await failRegistrations(503, 2, 'short');
    // 10 s registrations are refreshed after 5 s.
    await until(() => alice.registrationState === 'reconnecting', 10_000, 'reconnecting after the refresh failed');
    expect(alice.lastError?.code).to.equal('sip/registration-failed');
    await until(() => alice.registrationState === 'registered', 15_000, 'registered again');
    const seen = states.map((s) => s.state);
    expect(seen, 'states').to.include('reconnecting');
    expect(seen, 'never "connected, not registered"').to.not.include('connected');
    expect(seen, 'never given up').to.not.include('failed');
    expect(errors.map((e) => e.error.code), 'one error for the streak').to.deep.equal(['sip/registration-failed']);
    const bob = await registeredController(uniqueUser('bob'), { server: testEnv.sipShortUrl });
    await connectedPair(bob, alice);
  });

  it('a first REGISTER answered 500 is retried until registered', async () => {
    await failRegistrations(500, 1, 'short');
    const alice = await registeredController(uniqueUser('alice'), { server: testEnv.sipShortUrl });
    expect(alice.registrationState).to.equal('registered');
  });

  it('refused credentials are not retried: failed, and no further REGISTER', async () => {
    const { CallController } = await import('../../src/core/call-controller.js');
    const alice = new CallController({ server: testEnv.sipAuthUrl, user: 'alice', password: 'wrong', tones: false });
    try {
      await alice.start();
      await until(() => alice.registrationState === 'failed', 10_000, 'failed');
      const before = (await sipStats('auth')).byUser.alice?.REGISTER ?? 0;
      await sleep(3000);
      expect((await sipStats('auth')).byUser.alice?.REGISTER ?? 0, 'REGISTERs after the refusal').to.equal(before);
      expect(alice.registrationState).to.equal('failed');
    } finally {
      await alice.dispose();
    }
  });
});
