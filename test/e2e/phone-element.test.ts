// <call-phone> on the dev SIP server: registering, calling from its UI and methods, events
// across shadow roots, unregistering when removed, churn, and settings changed mid-call.
// Without a server (rendering, configuration errors, secrets): src/elements/call-phone/call-phone.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { expectConfigError, warnings } from '../harness/phone-errors.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

const shadow = (el: Element) => el.shadowRoot!;
const button = (el: Element, selector: string) => shadow(el).querySelector<HTMLButtonElement>(selector);

describe('<call-phone> on a SIP server', function () {
  this.timeout(20_000);
  afterEach(disposeControllers);

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

  it('reports an invalid server URL as config/invalid-server and stays usable', async () => {
    const phone = await expectConfigError(html`<call-phone server="pbx.example.com" user="alice"></call-phone>`, 'config/invalid-server', 'server');
    const registered = oneEvent(phone, 'call-registered');
    phone.server = testEnv.sipUrl;
    phone.user = uniqueUser('fixed');
    await registered;
    expect(shadow(phone).querySelector('[part=error]')).to.equal(null);
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
    const { sipStats } = await import('../harness/sip-commands.js');
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

describe('<call-phone> settings mid-call', function () {
  this.timeout(60_000);
  afterEach(disposeControllers);

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
