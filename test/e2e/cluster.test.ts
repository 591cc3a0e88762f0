// Two Kamailio nodes from examples/kamailio-cluster (127.0.0.2 = edge A, 127.0.0.3 = edge B),
// location shared over DMQ: calls across the edges, and phones that fail over between them.
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { CallController } from '../../src/core/call-controller.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { clusterContacts, startCluster, stopClusterNode } from '../harness/sip-commands.js';
import type { ClusterContact } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, energyOver, nextEvent, record, registeredController, talking, uniqueUser, until } from './helpers.js';

const NODE_IP = { a: '127.0.0.2', b: '127.0.0.3' } as const;

/** The contacts of `user` on a node, once there are `count` of them (replication takes a moment). */
async function contactsOn(node: 'a' | 'b', user: string, count = 1): Promise<ClusterContact[]> {
  let contacts: ClusterContact[] = [];
  await until(async () => (contacts = await clusterContacts(node, user)).length === count, 5000, `${count} contact(s) of ${user} on node ${node}`);
  return contacts;
}

/** Checks that `user` has exactly one contact on each running node, saved by edge `edge` (its Path and server_id). */
async function oneContactThrough(user: string, edge: 'a' | 'b', nodes: ('a' | 'b')[] = ['a', 'b']): Promise<void> {
  for (const node of nodes) {
    const [contact] = await contactsOn(node, user);
    expect(contact.path, `${user}'s Path on node ${node}`).to.include(`sip:${NODE_IP[edge]}:5060;lr`);
    expect(contact.serverId, `${user}'s owner on node ${node}`).to.equal(edge === 'a' ? 1 : 2);
    expect(contact.instance, `${user}'s +sip.instance`).to.match(/^<urn:uuid:[0-9a-f-]{36}>$/);
    expect(contact.regId).to.equal(1);
  }
  // A moment later still one: nothing added late by the other node.
  await new Promise((r) => setTimeout(r, 200));
  for (const node of nodes) expect(await clusterContacts(node, user), `${user} on node ${node}`).to.have.length(1);
}

/** A call from `caller` to `callee` with audio both ways, hung up by `hangsUp`; resolves when both ended. */
async function callWithAudio(caller: CallController, callee: CallController, hangsUp: 'caller' | 'callee'): Promise<void> {
  const [out, inc] = await connectedPair(caller, callee);
  await talking(out, inc);
  await hangUp(hangsUp === 'caller' ? out : inc, hangsUp === 'caller' ? inc : out, hangsUp === 'caller' ? callee : caller);
}

/** Hangs up `call` and waits for the far end's `farCall` to end as remote-hangup. */
async function hangUp(call: Call, farCall: Call, far: CallController, ms = 6000): Promise<void> {
  const ended = nextEvent(far, 'call-ended', (d) => d.call === farCall, ms);
  call.hangup();
  expect((await ended).summary.reason).to.equal('remote-hangup');
}

describe('a Kamailio cluster (examples/kamailio-cluster): two edges sharing location over DMQ', function () {
  this.timeout(60_000);
  let urls: { a: string; b: string };
  before(async function () {
    if (!testEnv.clusterUrls) {
      console.warn('Skipping the cluster suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    urls = testEnv.clusterUrls!;
    await startCluster();
  });
  afterEach(async () => {
    document.querySelectorAll('call-phone').forEach((phone) => phone.remove());
    await disposeControllers();
    await startCluster();
  });

  it('alice on edge A and bob on edge B (a <call-phone> with two servers in its attribute) call each other both ways with audio', async () => {
    const alice = await registeredController(uniqueUser('alice'), { server: [urls.a, urls.b] });
    const phone = document.createElement('call-phone') as CallPhone;
    const bobUser = uniqueUser('bob');
    phone.setAttribute('server', `${urls.b}, ${urls.a}`);
    phone.setAttribute('user', bobUser);
    phone.setAttribute('no-tones', '');
    const registered = new Promise((resolve) => phone.addEventListener('call-registered', resolve, { once: true }));
    document.body.append(phone);
    await registered;
    const bob = phone.controller;
    await oneContactThrough(alice.user, 'a');
    await oneContactThrough(bobUser, 'b');

    await callWithAudio(alice, bob, 'callee');
    await callWithAudio(bob, alice, 'callee');
  });

  it('edge A stopped: its phones register through B within 5 s (one contact each), calls from before keep audio and hang up from either side, calls reach them; A back: nothing breaks', async () => {
    const [alice, dave, bob, erin, carol] = await Promise.all([
      registeredController(uniqueUser('alice'), { server: `${urls.a}, ${urls.b}`, reconnectMaxDelay: 5000 }),
      registeredController(uniqueUser('dave'), { server: [urls.a, urls.b] }),
      registeredController(uniqueUser('bob'), { server: [urls.b, urls.a] }),
      registeredController(uniqueUser('erin'), { server: [urls.b, urls.a] }),
      registeredController(uniqueUser('carol'), { server: [urls.b, urls.a] }),
    ]);
    await oneContactThrough(alice.user, 'a');
    // Two calls across the edges, set up before the outage: alice→bob (alice will hang up), erin→dave (erin will).
    const [aliceOut, bobIn] = await connectedPair(alice, bob);
    const [erinOut, daveIn] = await connectedPair(erin, dave);
    await Promise.all([talking(aliceOut, bobIn), talking(erinOut, daveIn)]);
    const states = record(alice, 'call-registration-change');
    const daveStates = record(dave, 'call-registration-change');

    const stopped = Date.now();
    await stopClusterNode('a');
    await until(() => states.some((s) => s.state === 'reconnecting') && alice.registrationState === 'registered', 5000, 'alice registered through edge B');
    await until(() => daveStates.some((s) => s.state === 'reconnecting') && dave.registrationState === 'registered', 5000, 'dave registered through edge B');
    const movedMs = Date.now() - stopped;
    expect(movedMs, 'from edge A stopped to registered through B').to.be.below(5000);
    await oneContactThrough(alice.user, 'b', ['b']);
    await oneContactThrough(dave.user, 'b', ['b']);

    // The calls from before: media never went through the edges.
    for (const [call, what] of [[aliceOut, 'alice hears bob'], [bobIn, 'bob hears alice'], [erinOut, 'erin hears dave'], [daveIn, 'dave hears erin']] as const) {
      expect(await energyOver(call, 500), what).to.be.greaterThan(0);
    }
    // A new call reaches alice on her new edge (carol is on B), audio both ways.
    await callWithAudio(carol, alice, 'caller');
    // Hung up from the moved side (its BYE leaves through B), and from the far side (B's BYE
    // towards the dead edge falls back to dave's registration after 2 s).
    await hangUp(aliceOut, bobIn, bob);
    await hangUp(erinOut, daveIn, dave);

    // Edge A back: it syncs the location table from B, phones stay where they are, calls go on.
    await startCluster(['a']);
    await oneContactThrough(alice.user, 'b');
    const frank = await registeredController(uniqueUser('frank'), { server: [urls.a, urls.b] });
    await oneContactThrough(frank.user, 'a');
    await callWithAudio(frank, alice, 'callee');
    await callWithAudio(bob, frank, 'caller');
    expect(alice.registrationState).to.equal('registered');
  });
});
