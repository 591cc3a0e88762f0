// The phone from the keyboard and for assistive technology: tab order, keys, focus, live regions,
// axe in light and dark. Runs in every engine (the same file). The far end of its calls is
// another controller on the dev SIP server; in a browser without WebRTC (WebKitGTK's build here,
// whose `dial()` is media/unsupported before any INVITE) it is the memory provider's sessions
// (test/fakes), driven by the test, while the phone, its elements and the core are the real ones.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { testEnv } from '../harness/env.js';
import { emulateColorScheme } from '../harness/color-scheme.js';
import { disposeControllers, nextEvent, record, registeredController, uniqueUser, until } from './helpers.js';
import { memoryProvider } from '../fakes/memory-provider.js';
import type { MemoryNetwork, MemorySession } from '../fakes/memory-provider.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

const webrtc = typeof RTCPeerConnection === 'function';
/**
 * WebKit's runner (W3C WebDriver) cannot emulate `prefers-color-scheme` (no such command;
 * MiniBrowser's --dark-mode is a launch option), so there axe checks the one scheme the engine
 * shows, light; Chromium and Firefox (puppeteer) check both.
 */
const webdriverRunner = /AppleWebKit\//.test(navigator.userAgent) && !/Chrome\/|Chromium\//.test(navigator.userAgent);
const SCHEMES = webdriverRunner ? (['light'] as const) : (['light', 'dark'] as const);

/** The far end's side of one call: what the test makes it do. */
interface FarCall {
  answer(): Promise<void>;
  busy(): void;
  hangup(): void;
}

/** Who the phone calls and who calls it. */
interface FarEnd {
  readonly user: string;
  /** The phone's next call arriving at the far end (which rings). */
  nextIncoming(): Promise<FarCall>;
  /** The far end calls the phone (and may hang up). */
  dial(): Promise<{ hangup(): void }>;
}

/** A controller registered on the open dev server. */
async function sipFarEnd(): Promise<FarEnd> {
  const bob = await registeredController(uniqueUser('bob'));
  return {
    user: bob.user,
    async nextIncoming() {
      const { call } = await nextEvent(bob, 'call-incoming');
      return { answer: () => call.answer(), busy: () => call.reject({ busy: true }), hangup: () => call.hangup() };
    },
    async dial() {
      const call = await bob.dial(phoneUser);
      return { hangup: () => call.hangup() };
    },
  };
}

/** The memory provider's network: its sessions are the far end. */
function memoryFarEnd(network: MemoryNetwork): FarEnd {
  const farCall = (session: MemorySession): FarCall => ({
    answer: async () => void session.connect(),
    busy: () => session.end('busy'),
    hangup: () => session.end('remote-hangup'),
  });
  return {
    user: 'bob',
    async nextIncoming() {
      const count = network.sessions.length;
      await until(() => network.sessions.length > count, 5000, 'the call to reach the far end');
      return farCall(network.last.ring());
    },
    async dial() {
      const count = network.sessions.length;
      network.incoming({ from: 'bob' });
      // The phone takes the invitation at once (its session is the far end's call from then on).
      await until(() => network.sessions.length > count, 5000, 'the phone to take the call');
      return farCall(network.last);
    },
  };
}

let network: MemoryNetwork | undefined;
let phoneUser = '';

/** The far end for this test: a dev-server controller, or the memory provider without WebRTC. */
async function farEnd(): Promise<FarEnd> {
  if (webrtc) return sipFarEnd();
  network = memoryProvider({}, 'memory-a11y');
  return memoryFarEnd(network);
}

/** A phone (on the open test server, or the memory provider), after a button to start tabbing from. */
async function phoneAfterButton(): Promise<{ before: HTMLButtonElement; phone: CallPhone }> {
  phoneUser = uniqueUser('alice');
  const wrapper = await fixture<HTMLDivElement>(
    network
      ? html`<div><button id="before">before</button><call-phone provider=${network.name} server="memory://test" user=${phoneUser} no-tones></call-phone></div>`
      : html`<div><button id="before">before</button><call-phone server=${testEnv.sipUrl} user=${phoneUser} no-tones></call-phone></div>`,
  );
  const phone = wrapper.querySelector('call-phone')!;
  await until(() => phone.registered, 10_000, 'the phone to register');
  return { before: wrapper.querySelector('#before')!, phone };
}

/** The focused control inside the phone's shadow root. */
const focused = (phone: CallPhone) => phone.shadowRoot!.activeElement as HTMLElement | null;
const name = (el: Element) => (el instanceof HTMLInputElement ? 'input' : el.className.split(' ')[0]);

/** Tabs from `start` through the phone and returns the controls reached, in order. */
async function tabOrder(phone: CallPhone, start: HTMLElement): Promise<HTMLElement[]> {
  start.focus();
  const seen: HTMLElement[] = [];
  for (let i = 0; i < 30; i++) {
    await sendKeys({ press: 'Tab' });
    const el = focused(phone);
    if (document.activeElement !== phone || !el || seen.includes(el)) break;
    seen.push(el);
  }
  return seen;
}

/** The phone's enabled controls in document order. */
const controls = (phone: CallPhone) => [...phone.shadowRoot!.querySelectorAll<HTMLElement>('button:not([disabled]), input')];

/** Tab order is every control, in document order, which reads top to bottom and left to right. */
async function expectLogicalTabOrder(phone: CallPhone, start: HTMLElement, expected: string[]): Promise<void> {
  const order = await tabOrder(phone, start);
  expect(order.map(name)).to.deep.equal(expected);
  expect(order, 'every control is reached, in document order').to.deep.equal(controls(phone));
  order.slice(1).forEach((el, i) => {
    const a = order[i].getBoundingClientRect();
    const b = el.getBoundingClientRect();
    const sameRow = Math.abs(a.top - b.top) < 4;
    expect(sameRow ? b.left > a.left : b.top > a.top, `${name(el)} comes after ${name(order[i])} on screen`).to.equal(true);
  });
}

describe('<call-phone> keyboard and focus', function () {
  this.timeout(60_000);
  let bob: FarEnd;
  beforeEach(async () => {
    bob = await farEnd();
  });
  afterEach(disposeControllers);

  it('dials, controls a call and sends DTMF from the keyboard; Escape closes the keypad; focus returns to the dialer after hang-up', async () => {
    const { before, phone } = await phoneAfterButton();
    await expectLogicalTabOrder(phone, before, ['input', 'call', 'video-call']);

    const incoming = bob.nextIncoming();
    phone.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: bob.user });
    await sendKeys({ press: 'Enter' });
    const inbound = await incoming;
    const connected = nextEvent(phone.controller, 'call-connected');
    await inbound.answer();
    await connected;
    await phone.updateComplete;
    const inCall = ['mute', 'video-toggle', ...(phone.controller.capabilities.getDisplayMedia ? ['share'] : []), 'hold', 'keypad-toggle', 'transfer-toggle', 'record', 'hangup'];
    await expectLogicalTabOrder(phone, before, inCall);

    // Space and Enter operate the focused control.
    phone.shadowRoot!.querySelector<HTMLElement>('.mute')!.focus();
    await sendKeys({ press: 'Space' });
    await until(() => phone.muted, 2000, 'muted by Space');
    phone.shadowRoot!.querySelector<HTMLElement>('.keypad-toggle')!.focus();
    await sendKeys({ press: 'Enter' });
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part=keypad]'), 'keypad opened by Enter').to.not.equal(null);
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
    await expectLogicalTabOrder(phone, before, [...inCall, ...keys.map(() => 'key')]);

    // Digit keys send DTMF while focus is anywhere in the phone.
    const dtmf = record(phone.controller, 'call-dtmf');
    phone.shadowRoot!.querySelector<HTMLElement>('.hold')!.focus();
    await sendKeys({ press: '7' });
    await sendKeys({ press: '#' });
    expect(dtmf.map((d) => `${d.direction}:${d.tones}`)).to.deep.equal(['out:7', 'out:#']);

    // Escape closes the keypad and puts focus on its toggle.
    phone.shadowRoot!.querySelector<HTMLElement>('.key')!.focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !phone.shadowRoot!.querySelector('[part=keypad]'), 2000, 'the keypad to close');
    await until(() => focused(phone)?.classList.contains('keypad-toggle') ?? false, 2000, 'focus on the keypad toggle');

    const ended = nextEvent(phone.controller, 'call-ended');
    phone.shadowRoot!.querySelector<HTMLElement>('.hangup')!.focus();
    await sendKeys({ press: 'Enter' });
    await ended;
    await until(() => focused(phone) instanceof HTMLInputElement, 2000, 'focus back on the dialer input');
    expect(dtmf.length, 'digits typed into the dialer are text, not DTMF').to.equal(2);
  });

  it('a call arriving moves focus to Answer; Enter answers; Escape dismisses an error', async () => {
    const { phone } = await phoneAfterButton();
    (document.activeElement as HTMLElement | null)?.blur();
    const incoming = nextEvent(phone.controller, 'call-incoming');
    const out = await bob.dial();
    await incoming;
    await until(() => focused(phone)?.classList.contains('answer') ?? false, 3000, 'focus on Answer');
    const connected = nextEvent(phone.controller, 'call-connected');
    await sendKeys({ press: 'Enter' });
    await connected;
    const ended = nextEvent(phone.controller, 'call-ended');
    out.hangup();
    await ended;
    await until(() => focused(phone) instanceof HTMLInputElement, 2000, 'focus on the dialer after the far end hung up');

    // An error notice (an empty target) goes with Escape.
    await sendKeys({ press: 'Enter' });
    await until(() => !!phone.shadowRoot!.querySelector('[part=error]'), 2000, 'the error');
    expect(phone.shadowRoot!.querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
    await sendKeys({ press: 'Escape' });
    await until(() => !phone.shadowRoot!.querySelector('[part=error]'), 2000, 'the error dismissed');
    expect(focused(phone), 'focus stays in the dialer').to.be.instanceOf(HTMLInputElement);
  });
});

describe('<call-phone> live regions and axe in every state, light and dark', function () {
  this.timeout(90_000);
  afterEach(async () => {
    if (!webdriverRunner) await emulateColorScheme(null);
    await disposeControllers();
  });

  it('announces incoming calls and state changes, and is axe-clean idle, ringing, incoming, in call, held, ended and in error', async () => {
    const bob = await farEnd();
    const { phone } = await phoneAfterButton();
    const announcer = phone.shadowRoot!.querySelector('.announcer')!;
    expect(announcer.getAttribute('role')).to.equal('status');
    expect(announcer.getAttribute('aria-live')).to.equal('polite');
    expect(announcer.getAttribute('aria-atomic')).to.equal('true');
    const says = async (text: string | RegExp) => {
      await until(() => (typeof text === 'string' ? announcer.textContent === text : text.test(announcer.textContent ?? '')), 5000, `the live region to say ${text}`);
      expect(phone.shadowRoot!.querySelector('.announcer'), 'the same live region, not a new one').to.equal(announcer);
    };
    const clean = async (state: string) => {
      for (const scheme of SCHEMES) {
        if (!webdriverRunner) await emulateColorScheme(scheme);
        expect(matchMedia('(prefers-color-scheme: dark)').matches, scheme).to.equal(scheme === 'dark');
        await expect(phone, `${state}, ${scheme}`).to.be.accessible();
      }
    };

    await clean('idle');
    expect(announcer.textContent).to.equal('');

    const incoming = bob.nextIncoming();
    const ringing = nextEvent(phone.controller, 'call-ringing');
    const out = (await phone.dial(bob.user))!;
    const atBob = await incoming;
    await ringing;
    await says(`${bob.user}: Ringing…`);
    await clean('ringing');
    const ended = nextEvent(phone.controller, 'call-ended');
    atBob.busy();
    await ended;
    await says('Call ended: Busy');
    await clean('ended');

    const arriving = nextEvent(phone.controller, 'call-incoming');
    await bob.dial();
    const { call: inbound } = await arriving;
    await says(`Incoming call from ${bob.user}`);
    expect(phone.shadowRoot!.querySelector('[part=incoming]')!.getAttribute('role')).to.equal('alertdialog');
    await clean('incoming');
    const connected = nextEvent(phone.controller, 'call-connected');
    await inbound.answer();
    await connected;
    await says(`${bob.user}: In call`);
    await clean('in call');
    await phone.hold();
    await says(`${bob.user}: On hold`);
    await clean('held');
    // Our own hang-up is said once: "Call ended", not "Call ended: Call ended".
    inbound.hangup();
    await says(/^Call ended/);
    expect(announcer.textContent).to.equal('Call ended');

    await phone.dial('');
    await until(() => !!phone.shadowRoot!.querySelector('[part=error]'), 2000, 'the error');
    await clean('error');
    expect(out.ended).to.equal(true);
  });
});
