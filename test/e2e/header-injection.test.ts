// Header injection: every header-bearing input (display name, extra headers of the controller
// and of one dial, INFO content type) refuses CR/LF with a typed error, and the far end — a
// real phone behind the development SIP server — never sees an injected header.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import type { CallError } from '../../src/base/errors.js';
import { testEnv } from '../harness/env.js';
import { sipStats } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, sleep, uniqueUser } from './helpers.js';

const INJECTED = 'X-Injected';

/** Requests the dev server received from `user`, by method. */
async function requestsFrom(user: string): Promise<Record<string, number>> {
  return (await sipStats()).byUser[user] ?? {};
}

/** Runs `fn` with console.warn silenced, returning what it logged. */
async function logged(fn: () => Promise<void>): Promise<string[]> {
  const original = console.warn;
  const lines: string[] = [];
  console.warn = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return lines;
}

/** Counts getUserMedia calls while `fn` runs. */
async function captures(fn: () => Promise<void>): Promise<number> {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  let count = 0;
  media.getUserMedia = (constraints) => {
    count++;
    return original.call(media, constraints);
  };
  try {
    await fn();
  } finally {
    media.getUserMedia = original;
  }
  return count;
}

/** Expects `promise` to reject with a CallError of `code` naming `attribute`, whose message does not carry the injected header. */
async function expectRefused(promise: Promise<unknown>, code: string, attribute: string): Promise<CallError> {
  let error: CallError | undefined;
  try {
    await promise;
  } catch (e) {
    error = e as CallError;
  }
  expect(error?.code, 'error code').to.equal(code);
  expect(error?.attribute).to.equal(attribute);
  expect(error?.message).to.contain(attribute);
  expect(error?.message, 'the message does not echo the injected line').not.to.contain(`${INJECTED}: yes`);
  return error!;
}

/** The far end's view of a call from `caller`: the X-* headers it received and the caller's display name. */
async function whatCalleeSees(caller: CallController, callee: CallController): Promise<Call> {
  const incoming = nextEvent(callee, 'call-incoming');
  const call = await caller.dial(callee.user, { extraHeaders: ['X-Data: 42'] });
  const { call: inbound } = await incoming;
  call.hangup();
  return inbound;
}

describe('header injection is refused at every input', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('display name with CR/LF: config/invalid-header on start, no REGISTER sent', async () => {
    const user = uniqueUser('inject');
    const controller = new CallController({ server: testEnv.sipUrl, user, displayName: `Bob\r\n${INJECTED}: yes`, tones: false });
    const event = nextEvent(controller, 'call-error');
    const lines = await logged(() => expectRefused(controller.start(), 'config/invalid-header', 'display-name').then(() => undefined));
    expect((await event).error.code).to.equal('config/invalid-header');
    expect(lines.join('\n')).to.contain('display-name').and.not.contain(`${INJECTED}: yes`);
    await sleep(300);
    expect(await requestsFrom(user), 'nothing reached the server').to.deep.equal({});
    await controller.dispose();
  });

  it('display name with CR/LF set on a registered controller: config/invalid-header, and the next call carries no injected header', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice'), { displayName: 'Alice' }), registeredController(uniqueUser('bob'))]);
    await logged(() => expectRefused(alice.configure({ displayName: `Bob\r\n${INJECTED}: yes` }), 'config/invalid-header', 'display-name').then(() => undefined));
    const inbound = await whatCalleeSees(alice, bob);
    expect(inbound.headers['X-Data'], 'the far end reads our X- headers').to.equal('42');
    expect(Object.keys(inbound.headers).map((h) => h.toLowerCase())).not.to.include(INJECTED.toLowerCase());
    expect(inbound.remote.displayName).not.to.contain(INJECTED);
    // The refused values were not kept: a later reconnect (a password change) registers again.
    await logged(() => expectRefused(alice.configure({ extraHeaders: ['Contact: <sip:evil@example.com>'] }), 'config/invalid-header', 'extraHeaders').then(() => undefined));
    const again = new Promise((resolve) => alice.addEventListener('call-registered', resolve, { once: true }));
    await alice.configure({ password: 'changed' });
    await again;
    expect(alice.registrationState).to.equal('registered');
    expect((await whatCalleeSees(alice, bob)).remote.displayName, 'the display name kept').to.equal('Alice');
  });

  it('controller extraHeaders with CR/LF: config/invalid-header (not silently dropped), no REGISTER sent', async () => {
    const user = uniqueUser('inject');
    const controller = new CallController({ server: testEnv.sipUrl, user, extraHeaders: [`X-A: 1\r\n${INJECTED}: yes`], tones: false });
    await logged(() => expectRefused(controller.start(), 'config/invalid-header', 'extraHeaders').then(() => undefined));
    expect(controller.lastError?.code).to.equal('config/invalid-header');
    await sleep(300);
    expect(await requestsFrom(user)).to.deep.equal({});
    await controller.dispose();
  });

  it('controller extraHeaders that route or frame the request are refused too', async () => {
    for (const line of ['Via: SIP/2.0/WSS evil.example', 'v: SIP/2.0/WSS evil.example', 'Content-Length: 0', 'Route: <sip:evil.example;lr>', 'Bad Name: x']) {
      const controller = new CallController({ server: testEnv.sipUrl, user: uniqueUser('inject'), extraHeaders: [line], tones: false });
      await logged(() => expectRefused(controller.start(), 'config/invalid-header', 'extraHeaders').then(() => undefined));
      await controller.dispose();
    }
  });

  it('dial extraHeaders with CR/LF: call/invalid-header, no microphone, no call, no INVITE', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const before = (await requestsFrom(alice.user)).INVITE ?? 0;
    const incoming = record(bob, 'call-incoming');
    const outgoing = record(alice, 'call-outgoing');
    const errors = record(alice, 'call-error');
    const gum = await captures(() =>
      logged(() => expectRefused(alice.dial(bob.user, { extraHeaders: [`X-A: 1\r\n${INJECTED}: yes`] }), 'call/invalid-header', 'extraHeaders').then(() => undefined)).then(
        () => undefined,
      ),
    );
    expect(gum, 'getUserMedia calls').to.equal(0);
    expect(errors.map((e) => e.error.code)).to.deep.equal(['call/invalid-header']);
    expect(outgoing, 'no call was created').to.have.length(0);
    expect(alice.calls).to.have.length(0);
    expect(alice.media.liveTrackCount).to.equal(0);
    await sleep(500);
    expect(incoming, 'bob was never called').to.have.length(0);
    expect((await requestsFrom(alice.user)).INVITE ?? 0, 'INVITEs at the server').to.equal(before);

    const inbound = await whatCalleeSees(alice, bob);
    expect(inbound.headers['X-Data'], 'a valid header still goes through').to.equal('42');
  });

  it('<call-phone>: a display-name attribute with a line break is a call-error naming it; dial and sendInfo refuse without throwing', async () => {
    const user = uniqueUser('phone');
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const refused = oneEvent(wrapper, 'call-error');
    const phone = document.createElement('call-phone') as CallPhone;
    phone.setAttribute('display-name', `Bob\n${INJECTED}: yes`);
    phone.setAttribute('server', testEnv.sipUrl);
    phone.setAttribute('user', user);
    phone.setAttribute('no-tones', '');
    await logged(async () => {
      wrapper.append(phone);
      const { error } = (await refused).detail;
      expect(error.code).to.equal('config/invalid-header');
      expect(error.attribute).to.equal('display-name');
    });
    await phone.updateComplete;
    const shown = phone.shadowRoot!.querySelector('[part=error]')?.textContent ?? '';
    expect(shown).to.contain('display-name').and.not.contain(`${INJECTED}: yes`);
    expect(await requestsFrom(user)).to.deep.equal({});

    const registered = oneEvent(phone, 'call-registered');
    phone.displayName = 'Bob';
    await registered;
    const bob = await registeredController(uniqueUser('bob'));
    const incoming = record(bob, 'call-incoming');
    const dialError = oneEvent(phone, 'call-error');
    await logged(async () => {
      expect(await phone.dial(bob.user, { extraHeaders: [`X-A: 1\r\n${INJECTED}: yes`] })).to.equal(undefined);
      expect((await dialError).detail.error.code).to.equal('call/invalid-header');
    });
    await sleep(300);
    expect(incoming).to.have.length(0);

    const ringing = nextEvent(bob, 'call-incoming');
    const call = (await phone.dial(bob.user))!;
    await (await ringing).call.answer();
    await nextEvent(phone.controller, 'call-connected', (d) => d.call === call);
    const infoError = oneEvent(phone, 'call-error');
    await logged(async () => {
      expect(phone.sendInfo(`text/plain\r\n${INJECTED}: yes`, 'x')).to.equal(false);
      expect((await infoError).detail.error.code).to.equal('call/invalid-header');
    });
    expect(call.state).to.equal('connected');
    phone.hangup();
  });

  it('sendInfo content type with CR/LF: call/invalid-header, no INFO sent, the call goes on', async () => {
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    const [out, inc] = await connectedPair(alice, bob);
    const received = record(bob, 'call-info');
    const before = (await requestsFrom(alice.user)).INFO ?? 0;
    let error: CallError | undefined;
    try {
      out.sendInfo(`text/plain\r\n${INJECTED}: yes`, 'hello');
    } catch (e) {
      error = e as CallError;
    }
    expect(error?.code).to.equal('call/invalid-header');
    expect(error?.attribute).to.equal('contentType');
    expect(error?.message).not.to.contain(`${INJECTED}: yes`);
    await sleep(500);
    expect(received, 'bob got no INFO').to.have.length(0);
    expect((await requestsFrom(alice.user)).INFO ?? 0).to.equal(before);
    expect(out.state).to.equal('connected');

    const info = nextEvent(bob, 'call-info');
    out.sendInfo('application/json; charset=utf-8', '{"ok":true}');
    expect((await info).contentType, 'a valid content type still goes through').to.equal('application/json; charset=utf-8');
    expect(inc.state).to.equal('connected');
  });
});
