// What learning which ICE servers answer buys (src/providers/sip/ice-server-health.ts), side by
// side in one run, through Kamailio on loopback with coturn:
// - a dead STUN server (stun:127.0.0.1:9): call-elements' first call (≤ 600 ms: the 500 ms cap)
//   and its later calls with the same controller (≤ 1.2× the optimum), against raw JsSIP calling
//   ready() at the first candidate (the loopback optimum: it never waits for any server);
// - a live TURN server: call-elements' calls (≤ 1.1×) against the time to the first relay
//   candidate in a bare RTCPeerConnection plus signalling (raw JsSIP, no ICE server, ready() at
//   the first candidate), and whether every offer carried the relay candidate.
// dial → confirmed, medians of N calls (range). The callee has no ICE server (its answer is not
// what is measured). Prints figures and ratios; asserts nothing about time.
import * as JsSIPNamespace from 'jssip';
import { CallController } from '../src/core/call-controller.js';
import '../src/providers/defaults.js';
import { testEnv } from '../test/harness/env.js';
import { startCoturn, startKamailio } from '../test/harness/sip-commands.js';
import { benchNumber } from './bench-env.js';

const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;
const DEAD_STUN = [{ urls: 'stun:127.0.0.1:9' }];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(5)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}, N=${xs.length})`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function once(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }));
}

async function controller(server: string, user: string, iceServers: RTCIceServer[]): Promise<CallController> {
  const c = new CallController({ server, user, tones: false, iceServers });
  const registered = once(c, 'call-registered');
  await c.start();
  await registered;
  return c;
}

/** N calls from one controller (so it learns): dial → confirmed each, and each INVITE body. */
async function oursSeries(server: string, iceServers: RTCIceServer[], callee: string, count: number) {
  const caller = await controller(server, `bench-ice-${Math.random().toString(36).slice(2)}`, iceServers);
  const times: number[] = [];
  const offers: string[] = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (typeof data === 'string' && data.startsWith('INVITE ')) offers.push(data);
    return send.call(this, data);
  };
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const connected = once(caller, 'call-connected');
      const call = await caller.dial(callee);
      await connected;
      times.push(performance.now() - t0);
      const ended = once(caller, 'call-ended');
      call.hangup();
      await ended;
      await pause(100);
    }
  } finally {
    WebSocket.prototype.send = send;
    await caller.dispose();
  }
  return { times, relayInEveryOffer: offers.length === count && offers.every((o) => /typ relay/.test(o)) };
}

/** Raw JsSIP calling ready() at its first candidate: dial → confirmed. */
async function rawOptimum(server: string, iceServers: RTCIceServer[], callee: string): Promise<number> {
  const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(server)], uri: `sip:bench-raw-${Math.random().toString(36).slice(2)}@127.0.0.1`, register: true });
  await new Promise<void>((resolve) => {
    ua.on('registered', () => resolve());
    ua.start();
  });
  const t0 = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const session = ua.call(`sip:${callee}@127.0.0.1`, {
    mediaStream: stream,
    pcConfig: { iceServers },
    eventHandlers: { icecandidate: (e: { ready: () => void }) => e.ready() },
  } as never);
  await new Promise((resolve) => session.on('confirmed', resolve));
  const confirmed = performance.now() - t0;
  session.terminate();
  stream.getTracks().forEach((t) => t.stop());
  ua.stop();
  await pause(100);
  return confirmed;
}

/** A bare RTCPeerConnection with only `turn`: createOffer → the first relay candidate. */
async function firstRelay(turn: RTCIceServer): Promise<number> {
  const pc = new RTCPeerConnection({ iceServers: [turn] });
  pc.addTransceiver('audio');
  const t0 = performance.now();
  const relay = new Promise<number>((resolve) => {
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate && / typ relay/.test(e.candidate.candidate)) resolve(performance.now() - t0);
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  const ms = await relay;
  pc.close();
  return ms;
}

describe('benchmark: learning which ICE servers answer (loopback)', function () {
  this.timeout(900_000);
  it('dead STUN and live TURN: call-elements against the optimum', async function () {
    if (!testEnv.kamailioUrl) {
      console.log('Skipping the ICE learning benchmark: it needs Kamailio and coturn (run as root).');
      this.skip();
    }
    const calls = await benchNumber('BENCH_ICE_CALLS', 10);
    await startKamailio(false);
    const server = testEnv.kamailioUrl!;
    const turn = await startCoturn();
    const callee = await controller(server, `bench-ice-callee-${Date.now()}`, []);
    callee.addEventListener('call-incoming', ({ detail }) => void detail.call.answer());
    try {
      // Dead STUN.
      const rawDead: number[] = [];
      for (let i = 0; i < calls; i++) rawDead.push(await rawOptimum(server, DEAD_STUN, callee.user));
      const oursDead = await oursSeries(server, DEAD_STUN, callee.user, calls + 1);
      const [first, ...later] = oursDead.times;
      // Live TURN.
      const relay: number[] = [];
      for (let i = 0; i < calls; i++) relay.push(await firstRelay(turn));
      const signalling: number[] = [];
      for (let i = 0; i < calls; i++) signalling.push(await rawOptimum(server, [], callee.user));
      const oursTurn = await oursSeries(server, [turn], callee.user, calls);
      const reference = median(relay) + median(signalling);

      const ratio = (a: number, b: number, budget: number) => `${(a / b).toFixed(2)} (budget ≤ ${budget}: ${a / b <= budget ? 'within' : 'OVER'})`;
      console.log(
        [
          '',
          'ICE server learning via Kamailio on loopback, dial → confirmed in ms, median (range, N)',
          `dead STUN   raw JsSIP, ready() at 1st candidate (optimum)   ${fmt(rawDead)}`,
          `dead STUN   call-elements, first call of a controller       ${first.toFixed(0).padStart(5)}   (budget ≤ 600: ${first <= 600 ? 'within' : 'OVER'})`,
          `dead STUN   call-elements, later calls (learned)            ${fmt(later)}`,
          `live TURN   bare RTCPeerConnection → first relay candidate  ${fmt(relay)}`,
          `live TURN   signalling (raw JsSIP, no server, ready() 1st)  ${fmt(signalling)}`,
          `live TURN   reference = relay + signalling                  ${reference.toFixed(0).padStart(5)}`,
          `live TURN   call-elements                                   ${fmt(oursTurn.times)}   relay candidate in every offer: ${oursTurn.relayInEveryOffer}`,
          '',
          'Ratios measured in this run:',
          `dead STUN, later calls / optimum: ${ratio(median(later), median(rawDead), 1.2)}`,
          `live TURN, call-elements / (first relay + signalling): ${ratio(median(oursTurn.times), reference, 1.1)}`,
        ].join('\n'),
      );
    } finally {
      await callee.dispose();
    }
  });
});
