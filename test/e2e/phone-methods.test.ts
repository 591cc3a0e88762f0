// The phone's methods as the README states them: results that say whether it worked, no throw
// on bad arguments, and the callee's own end reasons, through the dev SIP servers.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { disposeControllers, nextEvent, record, registeredController, uniqueUser, until } from './helpers.js';

describe("the phone's methods", function () {
  this.timeout(45_000);
  afterEach(disposeControllers);

  it('register() resolves with the outcome: false when refused, true once registered, and never restarts a phone that is up', async () => {
    const [[user, password], [bobUser, bobPassword]] = Object.entries(testEnv.users) as [string, string][];
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipAuthUrl} user=${user} no-tones></call-phone>`);
    phone.password = 'wrong';
    await until(() => phone.registration === 'failed', 10_000, 'refused');
    expect(await phone.register(), 'a wrong password').to.equal(false);
    expect(phone.registration).to.equal('failed');
    // Any setting changed while refused is a new attempt (README: "not retried until a setting changes").
    const retried = record(phone.controller, 'call-registration-change');
    phone.setAttribute('connect-timeout', '5000');
    await until(() => retried.some((r) => r.state === 'registering') && phone.registration === 'failed', 10_000, 'a new attempt, refused again');
    phone.password = password;
    await until(() => phone.registered, 10_000, 'registered with the right password');

    // Up, with a call: register() is true at once and the call goes on.
    const bob = await registeredController(bobUser, { server: testEnv.sipAuthUrl, password: bobPassword });
    const rings = nextEvent(bob, 'call-incoming');
    const call = (await phone.dial(bob.user))!;
    await (await rings).call.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    const states = record(phone.controller, 'call-registration-change');
    expect(await phone.register()).to.equal(true);
    expect([call.state, states.length], 'the call goes on, nothing reconnected').to.deep.equal(['connected', 0]);
    call.hangup();

    const other = await fixture<CallPhone>(html`<call-phone server=${testEnv.unreachableSipUrl} user=${uniqueUser('nobody')} connect-timeout="1500" no-tones></call-phone>`);
    await until(() => other.registration === 'failed', 10_000, 'unreachable');
    expect(await other.register(), 'a server that cannot be reached').to.equal(false);
  });

  it("the callee's end reason is its own: busy for reject({ busy: true }), rejected for a decline, and hangup() declines a ringing call", async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('desk')} no-tones></call-phone>`);
    await until(() => phone.registered, 10_000, 'registered');
    const alice = await registeredController(uniqueUser('alice'));
    const ring = async () => {
      const rings = nextEvent(phone.controller, 'call-incoming');
      const out = await alice.dial(phone.user);
      await rings;
      return { out, ours: nextEvent(phone.controller, 'call-ended'), theirs: nextEvent(alice, 'call-ended') };
    };
    let { ours, theirs } = await ring();
    expect(phone.reject({ busy: true })).to.equal(true);
    expect([(await ours).summary.reason, (await theirs).summary.reason]).to.deep.equal(['busy', 'busy']);

    ({ ours, theirs } = await ring());
    expect(phone.reject()).to.equal(true);
    expect([(await ours).summary.reason, (await theirs).summary.reason]).to.deep.equal(['rejected', 'rejected']);

    ({ ours, theirs } = await ring());
    expect(phone.hangup(), 'hangup() with only a ringing call').to.equal(true);
    expect((await ours).summary.endedBy).to.equal('local');
    expect((await theirs).summary.reason).to.equal('rejected');
  });

  it("a dial right as the phone is set up waits for the provider, and the call's remote is the full address from the start", async () => {
    const bob = await registeredController(uniqueUser('bob'));
    const phone = document.createElement('call-phone') as CallPhone;
    phone.setAttribute('server', testEnv.sipUrl);
    phone.setAttribute('user', uniqueUser('desk'));
    phone.setAttribute('no-tones', '');
    const errors: string[] = [];
    phone.addEventListener('call-error', ({ detail }) => errors.push(detail.error.code));
    const outgoing = new Promise<string>((resolve) => phone.addEventListener('call-outgoing', ({ detail }) => resolve(detail.call.remote.uri), { once: true }));
    document.body.append(phone);
    const states = new Set<string | null>();
    new MutationObserver(() => states.add(phone.getAttribute('state'))).observe(phone, { attributes: true, attributeFilter: ['state'] });
    try {
      const rings = nextEvent(bob, 'call-incoming');
      const call = await phone.dial(bob.user);
      expect(call, 'placed').to.not.equal(undefined);
      expect(errors).to.deep.equal([]);
      expect(await outgoing, 'remote.uri at call-outgoing').to.equal(`sip:${bob.user}@127.0.0.1`);
      expect(call!.remote).to.deep.include({ uri: `sip:${bob.user}@127.0.0.1`, user: bob.user });
      await (await rings).call.answer();
      await until(() => call!.state === 'connected', 8000, 'connected');
      expect(call!.remote.uri).to.equal(`sip:${bob.user}@127.0.0.1`);
      expect([...states], 'the reflected states (documented ones only)').to.include.members(['connecting', 'connected']);
      expect([...states]).to.not.include('new');
      call!.hangup();
    } finally {
      phone.remove();
    }
  });

  it('shows its errors in its language: a Chinese page gets the Chinese text of the code', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone lang="zh-CN" server="http://not-a-websocket" user="alice" no-tones></call-phone>`);
    await until(() => !!phone.shadowRoot?.querySelector('[part=error]'), 10_000, 'the error');
    const shown = phone.shadowRoot!.querySelector('[part=error]')!;
    expect(shown.getAttribute('data-code')).to.equal('config/invalid-server');
    expect(shown.textContent).to.contain('服务器地址无效');
    phone.lang = 'en';
    await until(() => /Invalid server/.test(shown.textContent ?? ''), 5000, 'English again');
  });

  it('a phone not in the document still fires call-error for a failed method (a framework may call before mounting)', async () => {
    const phone = document.createElement('call-phone') as CallPhone;
    phone.setAttribute('server', testEnv.sipUrl);
    phone.setAttribute('user', uniqueUser('detached'));
    const errors: string[] = [];
    phone.addEventListener('call-error', ({ detail }) => errors.push(detail.error.code));
    expect(await phone.dial('bob')).to.equal(undefined);
    expect(await phone.hold()).to.equal(false);
    expect(phone.mute()).to.equal(false);
    expect(errors).to.deep.equal(['call/invalid-state', 'call/not-found', 'call/not-found']);
    // register() takes the element's settings even before it is mounted.
    expect(await phone.register()).to.equal(true);
    expect(phone.controller.registrationState).to.equal('registered');
    await phone.controller.dispose();
  });

  it('bad arguments: null options and an unknown media kind fail with call-error, never a throw', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('desk')} no-tones></call-phone>`);
    await until(() => phone.registered, 10_000, 'registered');
    const errors = record(phone.controller, 'call-error');
    expect(await phone.answer(null)).to.equal(false);
    expect(phone.reject(null)).to.equal(false);
    expect(errors.map((e) => e.error.code)).to.deep.equal(['call/not-found', 'call/not-found']);
    // A target JsSIP throws on (a bad %-escape) is refused like any invalid one, before capture.
    expect(await phone.dial('%A0')).to.equal(undefined);
    expect([errors.at(-1)!.error.code, phone.controller.media.liveTrackCount]).to.deep.equal(['call/invalid-target', 0]);

    const bob = await registeredController(uniqueUser('bob'));
    const rings = nextEvent(bob, 'call-incoming');
    const call = (await phone.dial(bob.user))!;
    await (await rings).call.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    const mutes = record(phone.controller, 'call-mute');
    expect(phone.mute('bogus' as 'audio')).to.equal(false);
    expect(errors.at(-1)!.error.code).to.equal('call/unsupported');
    expect(errors.at(-1)!.error.message).to.match(/'audio' or 'video'/);
    expect(mutes, 'no call-mute').to.deep.equal([]);
    expect(call.muted).to.deep.equal({ audio: false, video: false });
    // An empty number attribute is unset (the default), not 0 (which would turn the timer off).
    phone.setAttribute('connect-timeout', '');
    expect(phone.connectTimeout).to.equal(4000);
    phone.setAttribute('connect-timeout', '0');
    expect(phone.connectTimeout).to.equal(0);
  });
});
