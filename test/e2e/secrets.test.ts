// Secrets (the digest password, TURN credentials) never reach what a page can see: event
// details and everything reachable from them, errors, console output, the DOM, and the public
// properties of Call and CallController.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { CALL_EVENT_NAMES } from '../../src/core/events.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { pathTo } from '../harness/reachable.js';
import { connectedPair, nextEvent, sleep, until } from './helpers.js';

const TURN_CREDENTIAL = 'turn-credential-7c1e9b';
/** A TURN server that does not answer: its credential is configured, its allocation never happens. */
const ICE_SERVERS = [{ urls: 'turn:127.0.0.1:2?transport=udp', username: 'turn-user', credential: TURN_CREDENTIAL }];

/** Records every console line and every event detail of some targets while `fn` runs. */
async function observe(targets: EventTarget[], fn: () => Promise<void>): Promise<{ details: unknown[]; console: string[] }> {
  const details: unknown[] = [];
  const lines: string[] = [];
  const listener = (event: Event) => details.push((event as CustomEvent).detail);
  for (const target of targets) for (const name of CALL_EVENT_NAMES) target.addEventListener(name, listener);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(' '));
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => (console[m] = originals[i]));
    for (const target of targets) for (const name of CALL_EVENT_NAMES) target.removeEventListener(name, listener);
  }
  return { details, console: lines };
}

/** Fails with the path to the first secret reachable from `root`. */
function expectNoSecret(root: unknown, secrets: string[], what: string): void {
  for (const secret of secrets) expect(pathTo(root, secret), `${what} leads to a secret`).to.equal(undefined);
}

describe('secrets stay private', function () {
  this.timeout(40_000);

  it('a full digest-authenticated call with a TURN credential: no event detail, error, console line or public property leads to a secret', async () => {
    const secrets = [testEnv.users.alice, testEnv.users.bob, TURN_CREDENTIAL];
    const settings = { server: testEnv.sipAuthUrl, iceServers: ICE_SERVERS, tones: false, quality: { intervalMs: 200, reportIntervalMs: 400 } };
    const alice = new CallController({ ...settings, user: 'alice', password: testEnv.users.alice });
    const bob = new CallController({ ...settings, user: 'bob', password: testEnv.users.bob });
    let calls: Call[] = [];
    const seen = await observe([alice, bob], async () => {
      await Promise.all([nextEvent(alice, 'call-registered'), nextEvent(bob, 'call-registered'), alice.start(), bob.start()]);
      calls = await connectedPair(alice, bob);
      const [out, inc] = calls;
      await nextEvent(alice, 'call-report');
      await out.hold();
      await until(() => inc.held.remote, 5000, 'held');
      await out.unhold();
      out.sendDtmf('12#');
      out.sendInfo('application/json', '{"hello":1}');
      out.mute();
      try {
        out.sendDtmf('not dtmf');
      } catch {
        /* an error a page would report */
      }
      await sleep(300);
      const ended = nextEvent(bob, 'call-ended');
      out.hangup();
      await ended;
      // A refused registration: its error must not carry the password either.
      await alice.configure({ password: `${testEnv.users.alice}-wrong` });
      await nextEvent(alice, 'call-error', (d) => d.error.code === 'sip/registration-failed');
    });
    try {
      expect(seen.details.length, 'events observed').to.be.greaterThan(30);
      seen.details.forEach((detail, i) => expectNoSecret(detail, [...secrets, `${testEnv.users.alice}-wrong`], `event detail ${i}`));
      for (const line of seen.console) for (const secret of secrets) expect(line, 'console line').not.to.contain(secret);
      for (const [name, root] of [['alice', alice], ['bob', bob], ['call out', calls[0]], ['call in', calls[1]]] as const) expectNoSecret(root, secrets, name);
    } finally {
      await Promise.all([alice.dispose(), bob.dispose()]);
    }
  });

  it('an ice-servers attribute is read once and removed; the property takes objects; nothing reachable holds the credential', async () => {
    const json = JSON.stringify(ICE_SERVERS);
    const phone = await fixture<CallPhone>(html`<call-phone ice-servers=${json}></call-phone>`);
    expect(phone.hasAttribute('ice-servers')).to.equal(false);
    expect(phone.outerHTML).not.to.contain(TURN_CREDENTIAL);
    expect(phone.iceServers, 'the page can read back what it gave').to.equal(json);
    expectNoSecret(phone, [TURN_CREDENTIAL], 'the phone');
    expectNoSecret(phone.controller, [TURN_CREDENTIAL], 'its controller');

    phone.iceServers = ICE_SERVERS;
    phone.server = testEnv.sipUrl;
    phone.user = `turnuser${Date.now().toString(36)}`;
    await oneEvent(phone, 'call-registered');
    expect(phone.outerHTML).not.to.contain(TURN_CREDENTIAL);
    const peer = new CallController({ server: testEnv.sipUrl, user: `peer${Date.now().toString(36)}`, tones: false });
    try {
      await Promise.all([nextEvent(peer, 'call-registered'), peer.start()]);
      const [out] = await connectedPair(phone.controller, peer);
      const used = out.peerConnections()[0].getConfiguration().iceServers ?? [];
      expect(used.flatMap((s) => [s.urls].flat()), 'the objects reached the peer connection').to.deep.equal([ICE_SERVERS[0].urls]);
      expectNoSecret(out, [TURN_CREDENTIAL], 'the call');
      out.hangup();
    } finally {
      await peer.dispose();
    }
  });

  it('a malformed ice-servers value with a credential: the error, its console line, the DOM and the error part never show it', async () => {
    const malformed = `[{"urls":"turn:t.example:3478","username":"u","credential":"${TURN_CREDENTIAL}"`;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const seen = await observe([wrapper], async () => {
      const error = oneEvent(wrapper, 'call-error');
      const phone = document.createElement('call-phone') as CallPhone;
      phone.setAttribute('server', testEnv.sipUrl);
      phone.setAttribute('user', 'alice');
      phone.setAttribute('ice-servers', malformed);
      wrapper.append(phone);
      const { detail } = await error;
      expect(detail.error.code).to.equal('config/invalid-ice-servers');
      await phone.updateComplete;
    });
    const phone = wrapper.querySelector('call-phone')!;
    expect(seen.console.some((line) => line.includes('config/invalid-ice-servers')), 'the error is logged').to.equal(true);
    for (const line of seen.console) expect(line).not.to.contain(TURN_CREDENTIAL);
    seen.details.forEach((detail, i) => expectNoSecret(detail, [TURN_CREDENTIAL], `event detail ${i}`));
    expect(wrapper.outerHTML).not.to.contain(TURN_CREDENTIAL);
    expect(phone.shadowRoot!.querySelector('[part=error]')?.textContent).to.contain('ice-servers').and.not.contain(TURN_CREDENTIAL);
    phone.remove();
  });
});
