import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { testEnv } from '../../../test/harness/env.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from '../../../test/e2e/helpers.js';
import type { CallErrorCode } from '../../base/errors.js';
import { SETTINGS, SETTING_NAMES } from '../../core/settings.js';
import type { ControllerSettings } from '../../core/settings.js';
import { pathTo } from '../../../test/harness/reachable.js';
import './define.js';
import type { CallPhone } from './call-phone.js';

const shadow = (el: Element) => el.shadowRoot!;
const button = (el: Element, selector: string) => shadow(el).querySelector<HTMLButtonElement>(selector);

/** Captures console.warn while running `fn`. */
async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (...args: unknown[]) => seen.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

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

async function expectConfigError(template: ReturnType<typeof html>, code: CallErrorCode, attribute: string) {
  let phone!: CallPhone;
  let detail!: { error: { code: string; message: string } };
  const logged = await warnings(async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const errorSeen = oneEvent(wrapper, 'call-error');
    const { render } = await import('lit');
    render(template, wrapper);
    phone = wrapper.querySelector('call-phone')!;
    detail = (await errorSeen).detail;
  });
  expect(detail.error.code).to.equal(code);
  expect(logged.some((line) => line.includes(code) && line.includes(attribute)), `console names ${attribute}`).to.equal(true);
  await phone.updateComplete;
  expect(shadow(phone).querySelector('[part=error]')?.textContent).to.contain(attribute);
  expect(shadow(phone).querySelector('input'), 'still renders the dialer').to.exist;
  return phone;
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

  it('registers by itself, reflects state and shows "Ready"', async () => {
    const registered = new Promise((resolve) => document.addEventListener('call-registered', resolve, { once: true }));
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('el')} no-tones></call-phone>`);
    await registered;
    await phone.updateComplete;
    expect(phone.registered).to.equal(true);
    expect(phone.hasAttribute('registered')).to.equal(true);
    expect(phone.getAttribute('registration')).to.equal('registered');
    expect(shadow(phone).querySelector('[part=status]')?.textContent).to.equal('Ready');
    expect(button(phone, 'button.call')?.disabled).to.equal(false);
  });

  it('reads a password attribute once, removes it and never reflects it', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone password="s3cret"></call-phone>`);
    expect(phone.hasAttribute('password')).to.equal(false);
    expect(phone.password).to.equal('s3cret');
    expect(phone.outerHTML).not.to.contain('s3cret');
    expect(pathTo(phone, 's3cret'), "nothing reachable from the element's own properties holds it").to.equal(undefined);
    expect(pathTo(phone.controller, 's3cret'), 'nor from its controller').to.equal(undefined);
  });

  it('reports an invalid server URL as config/invalid-server and stays usable', async () => {
    const phone = await expectConfigError(html`<call-phone server="pbx.example.com" user="alice"></call-phone>`, 'config/invalid-server', 'server');
    const registered = oneEvent(phone, 'call-registered');
    phone.server = testEnv.sipUrl;
    phone.user = uniqueUser('fixed');
    await registered;
    expect(shadow(phone).querySelector('[part=error]')).to.equal(null);
  });

  it('reports malformed ice-servers JSON as config/invalid-ice-servers', async () => {
    await expectConfigError(
      html`<call-phone server=${testEnv.sipUrl} user="alice" ice-servers='[{"urls":'></call-phone>`,
      'config/invalid-ice-servers',
      'ice-servers',
    );
  });

  it('reports an unknown provider as config/unknown-provider', async () => {
    await expectConfigError(html`<call-phone provider="skype" server=${testEnv.sipUrl} user="alice"></call-phone>`, 'config/unknown-provider', 'provider');
  });

  it('reports an empty dial target as call/invalid-target without throwing', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('el')} no-tones></call-phone>`);
    await oneEvent(phone, 'call-registered');
    const error = oneEvent(phone, 'call-error');
    const result = await warnings(async () => {
      expect(await phone.dial('   ')).to.equal(undefined);
    });
    expect((await error).detail.error.code).to.equal('call/invalid-target');
    expect(result.join()).to.contain('call/invalid-target');
  });

  it('shows network/connect-timeout within 5 s when the server is unreachable', async () => {
    const started = Date.now();
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.unreachableSipUrl} user="alice" no-tones></call-phone>`);
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

  it('renders the incoming prompt, in-call controls and keypad, and its events cross shadow roots', async () => {
    // The phone lives inside another component's shadow root; events must reach the document.
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const phone = document.createElement('call-phone') as CallPhone;
    const hostileName = '<img src=x onerror="window.__pwned=1">';
    phone.setAttribute('server', testEnv.sipUrl);
    phone.setAttribute('user', uniqueUser('callee'));
    phone.setAttribute('no-tones', '');
    const atDocument = nextEvent(document, 'call-registered', (d) => d.user === phone.getAttribute('user'));
    root.append(phone);
    await atDocument;

    const caller = await registeredController(uniqueUser('caller'), { displayName: hostileName });
    const incoming = oneEvent(phone, 'call-incoming');
    const outgoing = await caller.dial(phone.user);
    await incoming;
    await phone.updateComplete;
    expect(phone.state).to.equal('incoming');
    const prompt = shadow(phone).querySelector('[part=incoming]')!;
    expect(prompt.textContent).to.contain(hostileName);
    expect(prompt.querySelector('img'), 'peer text never becomes markup').to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(prompt.querySelector('button.answer')).to.exist;
    expect(prompt.querySelector('button.hangup')).to.exist;
    await expect(phone).to.be.accessible();

    const connected = oneEvent(phone, 'call-connected');
    (prompt.querySelector('button.answer') as HTMLButtonElement).click();
    await connected;
    await until(() => outgoing.state === 'connected', 5000, 'caller connected');
    await phone.updateComplete;
    expect(phone.state).to.equal('connected');
    for (const part of ['button.mute', 'button.hold', 'button.keypad-toggle', 'button.hangup', '[part=timer]']) {
      expect(shadow(phone).querySelector(part), part).to.exist;
    }
    expect(shadow(phone).querySelector('[part=incoming]')).to.equal(null);
    await expect(phone).to.be.accessible();

    button(phone, 'button.mute')!.click();
    await phone.updateComplete;
    expect(phone.muted).to.equal(true);
    expect(phone.hasAttribute('muted')).to.equal(true);
    expect(button(phone, 'button.mute')!.getAttribute('aria-pressed')).to.equal('true');

    button(phone, 'button.keypad-toggle')!.click();
    await phone.updateComplete;
    const dtmf = oneEvent(phone, 'call-dtmf');
    const keys = [...shadow(phone).querySelectorAll<HTMLButtonElement>('[part=keypad] button')];
    expect(keys.map((k) => k.textContent)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    keys[4].click();
    expect((await dtmf).detail.tones).to.equal('5');

    const ended = oneEvent(phone, 'call-ended');
    button(phone, 'button.hangup')!.click();
    expect((await ended).detail.summary.reason).to.equal('local-hangup');
    await phone.updateComplete;
    expect(phone.state).to.equal('idle');
    expect(shadow(phone).querySelector('input')).to.exist;
    phone.remove();
  });

  it('headless renders only its slot and is driven by methods', async () => {
    const phone = await fixture<CallPhone>(
      html`<call-phone headless server=${testEnv.sipUrl} user=${uniqueUser('headless')} no-tones><span>custom UI</span></call-phone>`,
    );
    await oneEvent(phone, 'call-registered');
    expect(shadow(phone).querySelector('button')).to.equal(null);
    const callee = await registeredController(uniqueUser('peer'));
    const incoming = nextEvent(callee, 'call-incoming');
    const call = await phone.dial(callee.user);
    expect(call?.direction).to.equal('outgoing');
    (await incoming).call.answer();
    await oneEvent(phone, 'call-connected');
    expect(phone.mute()).to.equal(true);
    expect(phone.activeCall?.muted.audio).to.equal(true);
    const dtmfError = oneEvent(phone, 'call-error');
    const logged = await warnings(async () => {
      expect(phone.sendDtmf('12x'), 'bad DTMF is refused, not thrown').to.equal(false);
    });
    expect((await dtmfError).detail.error.code).to.equal('call/invalid-dtmf');
    expect(logged.join()).to.contain('call/invalid-dtmf');
    expect(phone.activeCall?.state, 'the call goes on').to.equal('connected');
    const ended = oneEvent(phone, 'call-ended');
    expect(phone.hangup()).to.equal(true);
    await ended;
    expect(phone.controller.media.liveTrackCount).to.equal(0);
  });

  it('a removed phone unregisters and keeps no call, track or listener', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('gone')} no-tones></call-phone>`);
    await oneEvent(phone, 'call-registered');
    const controller = phone.controller;
    const unregistered = nextEvent(controller, 'call-unregistered');
    phone.remove();
    await unregistered;
    expect(controller.registrationState).to.equal('idle');
    expect(controller.media.liveTrackCount).to.equal(0);
  });
});

describe('<call-phone> leaks', function () {
  this.timeout(60_000);

  it('creating and removing phones many times leaves no registration, track or timer behind', async () => {
    const { sipStats } = await import('../../../test/harness/sip-commands.js');
    const users: string[] = [];
    for (let i = 0; i < 10; i++) {
      const user = uniqueUser('churn');
      users.push(user);
      const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${user} no-tones></call-phone>`);
      await oneEvent(phone, 'call-registered');
      const controller = phone.controller;
      phone.remove();
      await until(() => controller.registrationState === 'idle', 5000, 'stopped');
      expect(controller.media.liveTrackCount).to.equal(0);
      expect(controller.calls).to.have.length(0);
    }
    await until(async () => !(await sipStats()).registered.some((u) => users.includes(u)), 5000, 'all unregistered at the server');
  });

  it('moving a phone in the DOM keeps its registration and call', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><section></section></div>`);
    const phone = document.createElement('call-phone') as CallPhone;
    phone.setAttribute('server', testEnv.sipUrl);
    phone.setAttribute('user', uniqueUser('mover'));
    phone.setAttribute('no-tones', '');
    host.append(phone);
    await oneEvent(phone, 'call-registered');
    const peer = await registeredController(uniqueUser('peer'));
    const incoming = nextEvent(peer, 'call-incoming');
    const call = (await phone.dial(peer.user))!;
    (await incoming).call.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    host.querySelector('section')!.append(phone); // a framework re-render moving the element
    await new Promise((r) => setTimeout(r, 200));
    expect(call.state).to.equal('connected');
    expect(phone.registered).to.equal(true);
    phone.hangup();
    phone.remove();
  });
});

/** A WebSocket URL nothing listens on (the discard port): the phone starts, no SIP server needed. */
const NO_SERVER = 'ws://127.0.0.1:9/sip';
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

  it('live and next-call settings apply mid-call without ending it; a restart setting waits for the call to end', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('table')} no-tones></call-phone>`);
    await oneEvent(phone, 'call-registered');
    const peer = await registeredController(uniqueUser('peer'));
    const incoming = nextEvent(peer, 'call-incoming');
    const call = (await phone.dial(peer.user))!;
    const answered = (await incoming).call;
    await answered.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    const states: string[] = [];
    phone.addEventListener('call-registration-change', (e) => states.push(e.detail.state));

    phone.autoAnswer = true;
    phone.noTones = false;
    phone.video = true;
    phone.displayName = 'Renamed';
    phone.iceServers = 'stun:127.0.0.1:3478';
    await new Promise((r) => setTimeout(r, 500));
    expect(call.state, 'live and next-call settings keep the call').to.equal('connected');
    expect(states, 'and the registration').to.deep.equal([]);

    phone.authUser = 'someone-else';
    await new Promise((r) => setTimeout(r, 500));
    expect(call.state, 'a restart setting keeps the call').to.equal('connected');
    expect(states, 'no reconnection yet').to.deep.equal([]);
    answered.hangup();
    await until(() => states.includes('registered'), 8000, 'registered again after the call');
    expect(states[0], 'then it reconnects').to.equal('connecting');
  });

});
