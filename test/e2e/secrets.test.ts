// Secrets (the digest password, TURN credentials) never reach what a page can see: event
// details and everything reachable from them, errors, console output, the DOM, and the public
// properties of Call and CallController. These tests place calls (Chromium, not WebKit's build
// without WebRTC); a refused ice-servers value, without a call: secrets-config.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { connectedPair, nextEvent, sleep, until } from './helpers.js';
import { ICE_SERVERS, TURN_CREDENTIAL, expectNoSecret, observe } from './secrets-helpers.js';

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
});
