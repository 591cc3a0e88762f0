// A lost media path comes back by ICE restart: relay-only calls through coturn behind the
// impairment proxy (test/servers/netem.mjs), signalling through the dev SIP server. Runs in
// Chromium and Firefox: Chromium's ICE notices the loss (ice-disconnected / ice-failed); Firefox's
// stays `connected` through it, so there the stalled inbound media tells (media-stalled).
import { expect } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { impairNetwork, impairedTurn, sipStats, startCoturn } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, energyOver, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** The ICE user fragment of a session description. */
const ufrag = (description: RTCSessionDescription | null | undefined) => /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? '')?.[1];

/** Two phones in a relay-only call through `turn`, audio flowing both ways. */
/** A call from alice to bob relayed through `turn`; `aliceOnly`: settings of alice's phone alone. */
async function relayedCall(turn: RTCIceServer, aliceOnly = {}) {
  const settings = { iceServers: [turn], iceTransportPolicy: 'relay' as const };
  const [alice, bob] = await Promise.all([
    registeredController(uniqueUser('alice'), { ...settings, ...aliceOnly }),
    registeredController(uniqueUser('bob'), settings),
  ]);
  const [out, inc] = await connectedPair(alice, bob);
  await until(async () => (await energyOver(out, 300)) > 0 && (await energyOver(inc, 300)) > 0, 15_000, 'audio both ways');
  return { alice, bob, out, inc };
}

describe('ICE restart when the media path is lost', function () {
  this.timeout(90_000);
  let turn: RTCIceServer;
  before(async function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the ICE restart suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    turn = await impairedTurn();
  });
  afterEach(async () => {
    await impairNetwork(null);
    await disposeControllers();
  });

  it('8 s of 100 % loss: call-reconnecting, a re-INVITE with new ICE credentials, call-reconnected, audio again', async () => {
    const { alice, out, inc } = await relayedCall(turn);
    const phone = document.createElement('call-phone') as CallPhone;
    phone.controller = alice;
    document.body.append(phone);
    const pc = out.peerConnections()[0];
    const [localBefore, remoteBefore] = [ufrag(pc.currentLocalDescription), ufrag(pc.currentRemoteDescription)];
    const reinvites = (await sipStats()).requests.INVITE ?? 0;
    const reconnecting = nextEvent(alice, 'call-reconnecting', (d) => d.call === out, 15_000);
    const blackout = Date.now();
    await impairNetwork({ delayMs: 0, loss: 1 });
    const { cause } = await reconnecting;
    expect(navigator.userAgent.includes('Firefox/') ? ['media-stalled'] : ['ice-disconnected', 'ice-failed']).to.include(cause);
    expect(out.reconnecting, 'call.reconnecting').to.equal(true);
    expect(out.state, 'the call is still up').to.equal('connected');
    await phone.updateComplete;
    expect(phone.shadowRoot?.querySelector('.call-state')?.textContent, "the phone's call status").to.equal('Reconnecting…');
    await sleep(Math.max(0, 8000 - (Date.now() - blackout)));
    const reconnected = nextEvent(alice, 'call-reconnected', (d) => d.call === out, 20_000);
    await impairNetwork(null);
    const back = await reconnected;
    expect(back.cause).to.equal(cause);
    expect(back.durationMs).to.be.greaterThan(0);
    expect(out.reconnecting).to.equal(false);
    // ICE may come back by itself before the restart's offer (gathered over the lost path) is
    // out; the restart still completes.
    await until(async () => ((await sipStats()).requests.INVITE ?? 0) > reinvites, 15_000, 'a re-INVITE');
    await until(() => ufrag(pc.currentLocalDescription) !== localBefore, 15_000, 'our new ICE credentials');
    expect(ufrag(pc.currentRemoteDescription), "the far end's new ICE credentials").to.not.equal(remoteBefore);
    await until(async () => (await energyOver(out, 300)) > 0 && (await energyOver(inc, 300)) > 0, 10_000, 'audio both ways again');
    expect(out.state).to.equal('connected');
    await phone.updateComplete;
    expect(phone.shadowRoot?.querySelector('.call-state')?.textContent).to.equal('In call');
    phone.remove();
  });

  it('40 s of 100 % loss: the call ends as network after media-reconnect-timeout, not as a device problem', async () => {
    // Bob keeps the default 30 s, so alice's phone gives up first (else bob's BYE could end it).
    const { alice, out } = await relayedCall(turn, { mediaReconnectTimeout: 15_000 });
    const ended = nextEvent(alice, 'call-ended', (d) => d.call === out, 40_000);
    await impairNetwork({ delayMs: 0, loss: 1 });
    await nextEvent(alice, 'call-reconnecting', (d) => d.call === out, 15_000);
    const { summary } = await ended;
    expect(summary.reason).to.equal('network');
  });

  it('TURN credentials changed mid-call: the call stays up (no BYE) and the next call uses the new ones', async () => {
    const plain = await startCoturn();
    const rotated = { ...plain, username: 'rotated', credential: 'rotated-secret' };
    const { alice, bob, out, inc } = await relayedCall(plain);
    const byes = (await sipStats()).requests.BYE ?? 0;
    const states = record(alice, 'call-state-change');
    await alice.configure({ iceServers: [rotated] });
    await bob.configure({ iceServers: [rotated] });
    await sleep(1500);
    expect(out.state).to.equal('connected');
    expect(states, 'no state change').to.deep.equal([]);
    expect((await sipStats()).requests.BYE ?? 0, 'BYEs').to.equal(byes);
    expect(await energyOver(out, 500), 'audio').to.be.greaterThan(0);
    const configured = out.peerConnections()[0].getConfiguration().iceServers?.[0];
    expect(configured?.username, "the running call's next ICE restart").to.equal('rotated');
    out.hangup();
    await until(() => inc.ended, 5000, 'hung up');
    const [next] = await connectedPair(alice, bob);
    expect(next.peerConnections()[0].getConfiguration().iceServers?.[0]?.username).to.equal('rotated');
    await until(async () => (await energyOver(next, 300)) > 0, 15_000, 'audio relayed with the new credentials');
  });
});
