import { expect } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { startCoturn, startKamailio } from '../harness/sip-commands.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser } from './helpers.js';

// The gathering learns which ICE servers answer (src/providers/sip/ice-server-health.ts): a dead
// STUN server costs the first call the gathering cap (500 ms) and later calls nothing, while a
// live TURN server keeps being waited for, so its relay candidate stays in every offer.
// Measured at the WebSocket: dial() → the INVITE leaving the page.

const DEAD_STUN = { urls: 'stun:127.0.0.1:2' };

/** Records when each INVITE leaves the page (WebSocket.send is the signalling's only way out). */
function recordInvites(): { times: number[]; bodies: string[]; restore(): void } {
  const send = WebSocket.prototype.send;
  const times: number[] = [];
  const bodies: string[] = [];
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string' && data.startsWith('INVITE ')) {
      times.push(performance.now());
      bodies.push(data);
    }
    return send.call(this, data);
  };
  return { times, bodies, restore: () => void (WebSocket.prototype.send = send) };
}

describe('learning which ICE servers answer', function () {
  this.timeout(60_000);
  let turn: RTCIceServer;

  before(async function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the ICE learning suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    await startKamailio(false);
    turn = await startCoturn();
  });
  afterEach(disposeControllers);

  it('a dead STUN server costs the first call the cap and the next calls nothing; the live TURN relay stays in every offer', async () => {
    const settings = { server: testEnv.kamailioUrl, iceServers: [DEAD_STUN, turn] };
    const [alice, bob] = await Promise.all([
      registeredController(uniqueUser('alice'), settings),
      registeredController(uniqueUser('bob'), settings),
    ]);
    const invites = recordInvites();
    const delays: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const before = invites.times.length;
        const t0 = performance.now();
        const [out] = await connectedPair(alice, bob);
        delays.push(invites.times[before] - t0);
        expect(invites.bodies[before], `offer ${i + 1}`).to.match(/typ relay/);
        const ended = nextEvent(alice, 'call-ended');
        out.hangup();
        await ended;
      }
    } finally {
      invites.restore();
    }
    console.log(`dial → INVITE with a dead STUN and a live TURN: ${delays.map((d) => `${d.toFixed(0)} ms`).join(', ')}`);
    expect(delays[0], 'the first call waits out the cap for the dead server').to.be.greaterThan(400);
    expect(delays[1], 'the second call does not wait for it').to.be.lessThan(250);
    expect(delays[2], 'nor does the third').to.be.lessThan(250);
  });
});
