import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyText, anyValue, validOrTyped } from '../../../test/harness/fuzz.js';
import { testEnv } from '../../../test/harness/env.js';
import { watchPageErrors } from '../../../test/harness/page-errors.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from '../../../test/e2e/helpers.js';
import { CallController } from '../../core/call-controller.js';
import { CallError } from '../../base/errors.js';
import { SETTINGS, SETTING_NAMES, normalizeSetting } from '../../core/settings.js';
import type { SettingName } from '../../core/settings.js';
import { SECRET_SETTINGS, applySettingDefaults, readSettings } from './phone-settings.js';
import './define.js';
import type { CallPhone } from './call-phone.js';

const CODES = ['config/invalid-header', 'config/invalid-ice-servers'] as const;
const withAttribute = SETTING_NAMES.filter((name) => SETTINGS[name].attribute !== false);
const ATTRIBUTES = [...withAttribute.map((name) => SETTINGS[name].attribute as string), 'headless'];
const PROPERTIES = [...withAttribute.map((name) => SETTINGS[name].negatedProperty ?? name), 'headless', 'controller'];

/** What the phone would hand its controller, read through its public properties. */
function handedOver(phone: CallPhone) {
  const props = phone as unknown as Record<string, unknown>;
  const secrets = new Map<SettingName, unknown>(SECRET_SETTINGS.map(({ name }) => [name, props[name]]));
  return readSettings(phone, secrets);
}

/** Every setting of the phone normalises to a value or a typed CallError. */
function expectUsableSettings(phone: CallPhone): void {
  const settings = handedOver(phone);
  for (const name of SETTING_NAMES) {
    validOrTyped(() => normalizeSetting(settings, name), CODES, () => undefined);
  }
}

/** Attribute values as pages write them, and hostile ones. */
const attributeValue = fc.oneof(
  anyText,
  fc.constantFrom('', '0', '-1', '1e400', 'NaN', 'true', 'relay', 'info', 'sip', '[{"urls":"stun:a"}]', '[{"urls":"turn:a","username":"u","credential":"c"}]', 'ws://', 'wss://x/ws'),
  fc.double().map(String),
  fc.json(),
);

describe('<call-phone> fuzzed (fast-check)', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it(`attributes: any value on any attribute parses, normalises to a usable setting or a typed CallError, and renders (${RUNS} runs)`, async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    // A page's controller is the page's to configure: the phone parses and renders, no connection starts.
    phone.controller = new CallController({ tones: false });
    const errors = watchPageErrors();
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ATTRIBUTES), fc.option(attributeValue, { nil: null }), async (attribute, value) => {
          if (value === null) phone.removeAttribute(attribute);
          else phone.setAttribute(attribute, value);
          await phone.updateComplete;
          expectUsableSettings(phone);
          for (const { attribute: secret } of SECRET_SETTINGS) if (secret) expect(phone.hasAttribute(secret), secret).to.equal(false);
        }),
        { numRuns: RUNS },
      );
    } finally {
      errors.stop();
    }
    expect(errors.seen).to.deep.equal([]);
    expect(phone.shadowRoot!.querySelector('[part=phone], slot'), 'still renders').to.exist;
  });

  it(`properties: any value on any property normalises to a usable setting or a typed CallError, and renders (${RUNS} runs)`, async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    const own = phone.controller;
    phone.controller = new CallController({ tones: false });
    const props = phone as unknown as Record<string, unknown>;
    const errors = watchPageErrors();
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PROPERTIES.filter((p) => p !== 'controller')), fc.oneof(anyValue, attributeValue), async (property, value) => {
          props[property] = value;
          await phone.updateComplete;
          expectUsableSettings(phone);
        }),
        { numRuns: RUNS },
      );
    } finally {
      errors.stop();
    }
    expect(errors.seen).to.deep.equal([]);
    expect(phone.controller).to.not.equal(own);
  });

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
        fc.property(fc.constantFrom(...PROPERTIES.filter((p) => p !== 'controller')), fc.oneof(anyValue, attributeValue), (property, value) => {
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
