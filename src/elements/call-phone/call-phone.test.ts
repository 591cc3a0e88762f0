// <call-phone> without a SIP server: rendering, languages, configuration errors, secret
// attributes and the settings it hands its controller (a server URL here has nothing listening).
// Registering, calling and churn on the dev SIP server: test/e2e/phone-element.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { unreachableSipUrl } from '../../../test/harness/env.js';
import { disposeControllers, nextEvent, until } from '../../../test/e2e/helpers.js';
import { expectConfigError, warnings } from '../../../test/harness/phone-errors.js';
import { SETTINGS, SETTING_NAMES } from '../../core/settings.js';
import type { ControllerSettings } from '../../core/settings.js';
import { pathTo } from '../../../test/harness/reachable.js';
import './define.js';
import type { CallPhone } from './call-phone.js';

const shadow = (el: Element) => el.shadowRoot!;
const button = (el: Element, selector: string) => shadow(el).querySelector<HTMLButtonElement>(selector);
/** A SIP URL with nothing listening (a closed port): the phone starts, no SIP server needed. */
const NO_SERVER = unreachableSipUrl;

/** Records every settings object the phone hands its controller. */
function spyConfigure(phone: CallPhone): ControllerSettings[] {
  const seen: ControllerSettings[] = [];
  const controller = phone.controller;
  const configure = controller.configure.bind(controller);
  controller.configure = (settings) => {
    seen.push(settings);
    return configure(settings);
  };
  return seen;
}

describe('<call-phone>', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it('renders an idle dialer with accessible controls when not configured', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    expect(phone.getAttribute('state')).to.equal('idle');
    expect(phone.getAttribute('registration')).to.equal('idle');
    expect(shadow(phone).querySelector('[part=status]')?.textContent).to.equal('Not connected');
    expect(button(phone, 'button.call')?.disabled).to.equal(true);
    await expect(phone).to.be.accessible();
  });

  it('reads a password attribute once, removes it and never reflects it', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone password="s3cret"></call-phone>`);
    expect(phone.hasAttribute('password')).to.equal(false);
    expect(phone.password).to.equal('s3cret');
    expect(phone.outerHTML).not.to.contain('s3cret');
    expect(pathTo(phone, 's3cret'), "nothing reachable from the element's own properties holds it").to.equal(undefined);
    expect(pathTo(phone.controller, 's3cret'), 'nor from its controller').to.equal(undefined);
  });

  it('reports malformed ice-servers JSON as config/invalid-ice-servers', async () => {
    await expectConfigError(
      html`<call-phone server=${NO_SERVER} user="alice" ice-servers='[{"urls":'></call-phone>`,
      'config/invalid-ice-servers',
      'ice-servers',
    );
  });

  it('reports an unknown provider as config/unknown-provider', async () => {
    await expectConfigError(html`<call-phone provider="skype" server=${NO_SERVER} user="alice"></call-phone>`, 'config/unknown-provider', 'provider');
  });

  it('shows network/connect-timeout within 5 s when the server is unreachable', async () => {
    const started = Date.now();
    const phone = await fixture<CallPhone>(html`<call-phone server=${NO_SERVER} user="alice" no-tones></call-phone>`);
    await warnings(async () => {
      await until(() => phone.registration === 'failed', 5000, 'failed state');
    });
    expect(Date.now() - started).to.be.lessThan(5000);
    await phone.updateComplete;
    expect(shadow(phone).querySelector('[part=error]')?.getAttribute('data-code')).to.equal('network/connect-timeout');
    expect(shadow(phone).querySelector('[part=status]')?.textContent).to.equal('Connection failed');
  });

  it('uses Simplified Chinese inside lang="zh-CN"', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-CN"><call-phone></call-phone></div>`);
    const phone = wrapper.querySelector('call-phone')!;
    await phone.updateComplete;
    expect(shadow(phone).querySelector('[part=status]')?.textContent).to.equal('未连接');
    expect(button(phone, 'button.call')?.textContent?.trim()).to.equal('呼叫');
  });
});

/** The secret settings with an attribute, and a value for each. */
const SECRETS = [
  { attribute: 'password', property: 'password', value: 'pa55' },
  { attribute: 'user-sig', property: 'userSig', value: 'sig-1' },
  { attribute: 'ice-servers', property: 'iceServers', value: 'stun:127.0.0.1:3478' },
] as const;

describe('<call-phone> secret attributes', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

  it('keeps a secret its own removal took off the DOM; the page removing the attribute sets the default again', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone password="pa55" user-sig="sig-1" ice-servers="stun:127.0.0.1:3478"></call-phone>`);
    for (const { attribute, property, value } of SECRETS) {
      expect(phone.hasAttribute(attribute), attribute).to.equal(false);
      expect(phone[property], property).to.equal(value);
    }
    phone.removeAttribute('password');
    phone.toggleAttribute('user-sig', false);
    phone.removeAttribute('ice-servers');
    for (const { property } of SECRETS) expect(phone[property], property).to.equal('');

    phone.setAttribute('ice-servers', 'stun:127.0.0.1:3479');
    expect(phone.iceServers, 'given again').to.equal('stun:127.0.0.1:3479');
    phone.iceServers = 'stun:127.0.0.1:3480';
    phone.removeAttribute('ice-servers');
    expect(phone.iceServers, 'a value set as a property stays').to.equal('stun:127.0.0.1:3480');
  });

  it('a refused ice-servers attribute, once removed, no longer stands in for the next error', async () => {
    await warnings(async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const refused = nextEvent(wrapper, 'call-error', ({ error }) => error.code.startsWith('config/'));
      const { render } = await import('lit');
      render(html`<call-phone server=${NO_SERVER} user="alice" no-tones ice-servers='[{"urls":'></call-phone>`, wrapper);
      const phone = wrapper.querySelector('call-phone')!;
      expect((await refused).error.code).to.equal('config/invalid-ice-servers');
      const seen = spyConfigure(phone);
      phone.removeAttribute('ice-servers');
      await until(() => seen.some((settings) => settings.iceServers === ''), 2000, 'the default handed over');
      const next = nextEvent(phone, 'call-error', ({ error }) => error.code.startsWith('config/'));
      phone.setAttribute('provider', 'skype');
      const { error } = await next;
      expect(error.code).to.equal('config/unknown-provider');
      expect(error.attribute).to.equal('provider');
    });
  });

  it('a good ice-servers attribute is handed over, and removing it hands over the default', async () => {
    const phone = document.createElement('call-phone') as CallPhone;
    const seen = spyConfigure(phone);
    phone.setAttribute('ice-servers', 'stun:127.0.0.1:3478');
    document.body.append(phone);
    try {
      await until(() => seen.length > 0, 2000, 'settings handed over');
      expect(seen.at(-1)?.iceServers).to.equal('stun:127.0.0.1:3478');
      phone.removeAttribute('ice-servers');
      await until(() => seen.length > 1, 2000, 'handed over again');
      expect(seen.at(-1)?.iceServers).to.equal('');
      expect(phone.controller.lastError).to.equal(undefined);
    } finally {
      phone.remove();
    }
  });
});

describe('<call-phone> settings (derived from the one table)', function () {
  this.timeout(60_000);
  afterEach(disposeControllers);

  it('has a property per table setting with an attribute, with its default, parsed from its attribute', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    const props = phone as unknown as Record<string, unknown>;
    for (const name of SETTING_NAMES) {
      const spec = SETTINGS[name];
      if (spec.attribute === false || spec.secret) continue;
      const property = spec.negatedProperty ?? name;
      expect(props[property], property).to.deep.equal(spec.negatedProperty ? !spec.default : spec.default);
      expect((phone.constructor as typeof CallPhone).elementProperties.get(property)?.attribute, property).to.equal(spec.attribute);
    }
    phone.setAttribute('ice-gathering-timeout', '250');
    phone.setAttribute('no-tones', '');
    phone.setAttribute('display-name', 'Al');
    phone.setAttribute('auto-answer', '');
    await phone.updateComplete;
    expect(phone.iceGatheringTimeout).to.equal(250);
    expect(phone.noTones).to.equal(true);
    expect(phone.displayName).to.equal('Al');
    expect(phone.autoAnswer).to.equal(true);
  });

  it('hands the controller every setting once per change burst, no-tones as tones: false, the password only there', async () => {
    const phone = document.createElement('call-phone') as CallPhone;
    const seen = spyConfigure(phone);
    phone.setAttribute('no-tones', '');
    phone.setAttribute('dtmf-transport', 'info');
    phone.password = 'pa55';
    document.body.append(phone);
    try {
      await until(() => seen.length > 0, 2000, 'settings handed over');
      await new Promise((r) => setTimeout(r, 50));
      expect(seen, 'one configure for the whole burst').to.have.length(1);
      expect(seen[0]).to.include({ tones: false, dtmfTransport: 'info', password: 'pa55', provider: 'sip', connectTimeout: 4000 });
      expect(Object.keys(seen[0])).to.not.include('noTones');
      expect(phone.outerHTML).to.not.contain('pa55');
    } finally {
      phone.remove();
    }
  });
});
