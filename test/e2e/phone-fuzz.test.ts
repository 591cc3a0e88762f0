// <call-phone>'s own controller after garbage on every property: typed errors only, and valid
// settings register it on the dev SIP server and call. Garbage with a page's controller (no
// connection): src/elements/call-phone/call-phone.fuzz.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import fc from 'fast-check';
import { anyValue } from '../harness/fuzz.js';
import { PHONE_PROPERTIES, attributeValue } from '../harness/phone-fuzz.js';
import { testEnv } from '../harness/env.js';
import { watchPageErrors } from '../harness/page-errors.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { CallError } from '../../src/base/errors.js';
import { applySettingDefaults } from '../../src/elements/call-phone/phone-settings.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

describe('<call-phone> fuzzed, then registered (fast-check)', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it('after garbage, its own controller reports typed errors only, and valid settings register it and call', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    const props = phone as unknown as Record<string, unknown>;
    const errors = watchPageErrors();
    const reported: unknown[] = [];
    phone.addEventListener('call-error', (e) => reported.push(e.detail.error));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      fc.assert(
        fc.property(fc.constantFrom(...PHONE_PROPERTIES.filter((p) => p !== 'controller')), fc.oneof(anyValue, attributeValue), (property, value) => {
          props[property] = value;
        }),
        { numRuns: 50 },
      );
      phone.server = 'ws://127.0.0.1:9/sip';
      phone.user = 'garbage';
      await phone.updateComplete;
      await until(() => phone.registration !== 'idle', 5000, 'the garbage was tried');
      await new Promise((r) => setTimeout(r, 500));
      for (const error of reported) expect(error).to.be.instanceOf(CallError);

      applySettingDefaults(phone);
      phone.password = '';
      phone.iceServers = '';
      phone.headless = false;
      const registered = oneEvent(phone, 'call-registered');
      phone.server = testEnv.sipUrl;
      phone.user = uniqueUser('fuzzed');
      phone.noTones = true;
      await registered;
    } finally {
      console.warn = warn;
      errors.stop();
    }
    expect(errors.seen).to.deep.equal([]);
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part=status]')?.textContent).to.equal('Ready');
    const peer = await registeredController(uniqueUser('peer'));
    const incoming = nextEvent(peer, 'call-incoming');
    const call = (await phone.dial(peer.user))!;
    await (await incoming).call.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    phone.hangup();
  });
});
