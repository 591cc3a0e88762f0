import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { watchPageErrors } from '../harness/page-errors.js';
import type { PageErrors } from '../harness/page-errors.js';
import { disposeControllers, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';
import type { CallErrorCode } from '../../src/base/errors.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

/** Runs `fn` with console.warn silenced (the phone logs every call-error once). */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = () => undefined;
  try {
    return await fn();
  } finally {
    console.warn = original;
  }
}

/** A phone that is registered on the open dev server. */
async function registeredPhone(): Promise<CallPhone> {
  const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('rec')} no-tones></call-phone>`);
  await oneEvent(phone, 'call-registered');
  return phone;
}

/** Sets a bad value, expects its call-error, waits out the provider's stop (1.5 s) and any late rejection, then sets the good value and expects registration. */
async function badThenGood(phone: CallPhone, set: (bad: boolean) => void, code: CallErrorCode): Promise<void> {
  const error = nextEvent(phone, 'call-error', (d) => d.error.code === code, 5000);
  await quietly(async () => {
    set(true);
    await error;
    await sleep(2500);
  });
  if (!phone.registered) {
    const registered = oneEvent(phone, 'call-registered');
    set(false);
    await registered;
  } else set(false);
  await until(() => phone.registered, 5000, 'registered again');
}

/** The phone places a call to a fresh peer that connects, then hangs up. */
async function stillCalls(phone: CallPhone): Promise<void> {
  const peer = await registeredController(uniqueUser('peer'));
  const incoming = nextEvent(peer, 'call-incoming');
  const call = await phone.dial(peer.user);
  expect(call, 'dial resolves with a call').to.exist;
  await (await incoming).call.answer();
  await until(() => call!.state === 'connected', 8000, 'connected');
  phone.hangup();
}

describe('<call-phone> bad settings on a registered phone', function () {
  this.timeout(30_000);
  let errors: PageErrors;
  beforeEach(() => (errors = watchPageErrors()));
  afterEach(async () => {
    errors.stop();
    await disposeControllers();
  });

  it('a bad server gives config/invalid-server, no unhandled rejection, and a good one registers and calls again', async () => {
    const phone = await registeredPhone();
    await badThenGood(phone, (bad) => (phone.server = bad ? 'pbx.example.com' : testEnv.sipUrl), 'config/invalid-server');
    await stillCalls(phone);
    expect(errors.seen).to.deep.equal([]);
  });

  it('bad ice-servers give config/invalid-ice-servers, no unhandled rejection, and the phone still calls', async () => {
    const phone = await registeredPhone();
    await badThenGood(phone, (bad) => (phone.iceServers = bad ? '[{"urls":' : ''), 'config/invalid-ice-servers');
    await stillCalls(phone);
    expect(errors.seen).to.deep.equal([]);
  });

  it('an unknown provider gives config/unknown-provider, no unhandled rejection, and sip registers and calls again', async () => {
    const phone = await registeredPhone();
    await badThenGood(phone, (bad) => (phone.provider = bad ? 'skype' : 'sip'), 'config/unknown-provider');
    await stillCalls(phone);
    expect(errors.seen).to.deep.equal([]);
  });

  it('bad attributes replaced by good ones before the restart finished: registered, no stale error, no unhandled rejection', async () => {
    const phone = await registeredPhone();
    await quietly(async () => {
      phone.setAttribute('server', 'pbx.example.com');
      phone.setAttribute('provider', 'skype');
      phone.setAttribute('ice-servers', '[{"urls":');
      await sleep(100);
      phone.setAttribute('server', testEnv.sipUrl);
      phone.setAttribute('provider', 'sip');
      phone.setAttribute('ice-servers', '');
      await sleep(3000);
    });
    await until(() => phone.registered, 5000, 'registered with the good values');
    await sleep(500);
    expect(phone.registration).to.equal('registered');
    expect(phone.controller.lastError).to.equal(undefined);
    await stillCalls(phone);
    expect(errors.seen).to.deep.equal([]);
  });
});

describe('<call-phone> removed and inserted again', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('gets a live controller, registers again and calls', async () => {
    const phone = await registeredPhone();
    const first = phone.controller;
    const parent = phone.parentElement!;
    phone.remove();
    await until(() => first.registrationState === 'idle', 5000, 'the first controller stopped');
    const registered = oneEvent(phone, 'call-registered');
    parent.append(phone);
    await registered;
    expect(phone.controller, 'a new controller').to.not.equal(first);
    expect(phone.registered).to.equal(true);
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part=status]')?.textContent).to.equal('Ready');
    await stillCalls(phone);
  });
});
