// The DTLS role a phone asks for in a call's first offer (src/providers/sip/dtls-role.ts): a
// phone shared across tabs says `active`, so the far end is the DTLS server and a call moved to
// another tab gets its sound back at once; a phone with no-tab-sharing offers `actpass`.
import { expect } from '@open-wc/testing';
import { offerDtlsClient } from '../../src/providers/sip/dtls-role.js';
import { connectedPair, consoleDuring, disposeControllers, energyOver, registeredController, sleep, uniqueUser } from './helpers.js';

/** The `a=setup` values of the INVITE the callee received, from its debug log. */
function setupOfInvite(lines: string[]): string[] {
  const invite = lines.find((l) => /debug: SIP ← INVITE sip:/.test(l)) ?? '';
  return [...invite.matchAll(/a=setup:(\w+)/g)].map((m) => m[1]!);
}

describe('the DTLS role of a first offer', function () {
  this.timeout(30_000);
  afterEach(disposeControllers);

  it('a browser far end answers passive to it, and DTLS connects with the offerer as the client', async () => {
    const near = new RTCPeerConnection();
    const far = new RTCPeerConnection();
    try {
      near.addTransceiver('audio');
      near.onicecandidate = (e) => void (e.candidate && far.addIceCandidate(e.candidate));
      far.onicecandidate = (e) => void (e.candidate && near.addIceCandidate(e.candidate));
      await near.setLocalDescription(await near.createOffer());
      await far.setRemoteDescription({ type: 'offer', sdp: offerDtlsClient(near.localDescription!.sdp) });
      await far.setLocalDescription(await far.createAnswer());
      expect(far.localDescription!.sdp).to.match(/^a=setup:passive\r?$/m);
      await near.setRemoteDescription(far.localDescription!);
      const transport = near.getTransceivers()[0]!.sender.transport!;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`DTLS still ${transport.state} after 10 s`)), 10_000);
        const check = () => {
          if (transport.state === 'connected') resolve();
          else if (transport.state === 'failed') reject(new Error('DTLS failed'));
          else return;
          clearTimeout(timer);
        };
        transport.addEventListener('statechange', check);
        check();
      });
    } finally {
      near.close();
      far.close();
    }
  });

  it('a phone shared across tabs offers active, and the call has sound both ways', async () => {
    const alice = await registeredController(uniqueUser('alice'));
    const lines = await consoleDuring(async () => {
      const bob = await registeredController(uniqueUser('bob'), { debug: true, shareTabs: false });
      const [out, inc] = await connectedPair(alice, bob);
      await sleep(500);
      expect(await energyOver(out, 1000), 'alice hears bob').to.be.greaterThan(0);
      expect(await energyOver(inc, 1000), 'bob hears alice').to.be.greaterThan(0);
    });
    const setup = setupOfInvite(lines);
    expect(setup, 'a=setup in the INVITE').to.not.be.empty;
    expect(setup.every((s) => s === 'active'), setup.join(',')).to.equal(true);
  });

  it('a phone with no-tab-sharing offers actpass', async () => {
    const carol = await registeredController(uniqueUser('carol'), { shareTabs: false });
    const lines = await consoleDuring(async () => {
      const bob = await registeredController(uniqueUser('bob'), { debug: true, shareTabs: false });
      await connectedPair(carol, bob);
    });
    const setup = setupOfInvite(lines);
    expect(setup, 'a=setup in the INVITE').to.not.be.empty;
    expect(setup.every((s) => s === 'actpass'), setup.join(',')).to.equal(true);
  });
});
