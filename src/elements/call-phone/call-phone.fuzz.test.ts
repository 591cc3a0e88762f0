// Any value on any attribute or property of <call-phone> with a page's controller: no connection
// is made. Garbage then valid settings on its own controller, registering and calling on the dev
// SIP server: test/e2e/phone-fuzz.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyValue, validOrTyped } from '../../../test/harness/fuzz.js';
import { PHONE_ATTRIBUTES, PHONE_PROPERTIES, attributeValue } from '../../../test/harness/phone-fuzz.js';
import { watchPageErrors } from '../../../test/harness/page-errors.js';
import { disposeControllers } from '../../../test/e2e/helpers.js';
import { CallController } from '../../core/call-controller.js';
import { SETTING_NAMES, normalizeSetting } from '../../core/settings.js';
import type { SettingName } from '../../core/settings.js';
import { SECRET_SETTINGS, readSettings } from './phone-settings.js';
import './define.js';
import type { CallPhone } from './call-phone.js';

const CODES = ['config/invalid-header', 'config/invalid-ice-servers'] as const;

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
        fc.asyncProperty(fc.constantFrom(...PHONE_ATTRIBUTES), fc.option(attributeValue, { nil: null }), async (attribute, value) => {
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
        fc.asyncProperty(fc.constantFrom(...PHONE_PROPERTIES.filter((p) => p !== 'controller')), fc.oneof(anyValue, attributeValue), async (property, value) => {
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
});
