import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import { testEnv } from '../harness/env.js';
import { startCoturn, startKamailio } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, inboundAudio, registeredController, uniqueUser, until } from './helpers.js';

/** Candidate types of a call's selected pair, e.g. `{ local: 'relay', remote: 'relay' }`. */
async function selectedPair(call: Call): Promise<{ local?: string; remote?: string; relayProtocol?: string }> {
  const report = await call.getStats();
  const byId = new Map<string, Record<string, string>>();
  report?.forEach((s) => byId.set(s.id, s));
  let pairId: string | undefined;
  report?.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? byId.get(pairId) : undefined;
  const local = pair ? byId.get(pair.localCandidateId) : undefined;
  const remote = pair ? byId.get(pair.remoteCandidateId) : undefined;
  return { local: local?.candidateType, remote: remote?.candidateType, relayProtocol: local?.relayProtocol };
}

describe('TURN relay through coturn 4.6 (examples/coturn/turnserver.conf)', function () {
  this.timeout(60_000);
  let turn: RTCIceServer;

  before(async function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the TURN suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    await startKamailio(false);
    turn = await startCoturn();
  });
  afterEach(disposeControllers);

  it('a relay-only call through Kamailio selects relay candidates on both sides and media flows', async () => {
    const settings = { server: testEnv.kamailioUrl, iceServers: [turn], iceTransportPolicy: 'relay' as const };
    const [alice, bob] = await Promise.all([
      registeredController(uniqueUser('alice'), settings),
      registeredController(uniqueUser('bob'), settings),
    ]);
    const [out, inc] = await connectedPair(alice, bob);
    await until(async () => ((await inboundAudio(out))?.packets ?? 0) > 20 && ((await inboundAudio(inc))?.packets ?? 0) > 20, 15_000, 'audio both ways');
    for (const call of [out, inc]) {
      const pair = await selectedPair(call);
      expect(pair.local, 'local candidate').to.equal('relay');
      expect(pair.remote, 'remote candidate').to.equal('relay');
      expect(pair.relayProtocol).to.equal('udp');
    }
  });

  it('with TURN configured (policy all), the relay candidate is in the offer', async () => {
    const settings = { server: testEnv.kamailioUrl, iceServers: [turn] };
    const [alice, bob] = await Promise.all([
      registeredController(uniqueUser('alice'), settings),
      registeredController(uniqueUser('bob'), settings),
    ]);
    const [, inc] = await connectedPair(alice, bob);
    // The callee's remote description is the offer exactly as the INVITE carried it.
    const offer = inc.peerConnections()[0].remoteDescription?.sdp ?? '';
    expect(offer).to.match(/typ host/);
    expect(offer).to.match(/typ relay/);
  });
});
