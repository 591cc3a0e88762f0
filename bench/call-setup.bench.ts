// Call setup through Kamailio on loopback (the dev SIP server when Kamailio cannot run):
// dial → confirmed and dial → first inbound audio packet, for (a) raw JsSIP with default
// settings, (b) raw JsSIP calling ready() on the first ICE candidate (the loopback optimum) and
// (c) call-elements; with no ICE server, an unreachable STUN server, and a live TURN server.
// Prints a table and the ratios measured in this run; asserts nothing about time.
import * as JsSIPNamespace from 'jssip';
import { CallController } from '../src/core/call-controller.js';
import '../src/providers/defaults.js';
import { testEnv } from '../test/harness/env.js';
import { startCoturn, startKamailio } from '../test/harness/sip-commands.js';

const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;
const CALLS = 20;
/** Raw JsSIP waits out the dead STUN server (~40 s a call): a couple of calls show it. */
const SLOW_CALLS = 2;
let server = testEnv.sipUrl;
const UNREACHABLE_STUN = [{ urls: 'stun:127.0.0.1:3479' }];

type Sample = { confirmed: number; firstPacket: number };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function firstPacket(pc: RTCPeerConnection, since: number): Promise<number> {
  for (;;) {
    const report = await pc.getStats();
    let packets = 0;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = s.packetsReceived ?? 0;
    });
    if (packets > 0) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function answeringController(user: string, iceServers: RTCIceServer[]): Promise<CallController> {
  const callee = new CallController({ server: server, user, tones: false, iceServers });
  callee.addEventListener('call-incoming', ({ detail }) => void detail.call.answer());
  const registered = new Promise((r) => callee.addEventListener('call-registered', r, { once: true }));
  await callee.start();
  await registered;
  return callee;
}

async function ours(iceServers: RTCIceServer[], callee: string): Promise<Sample> {
  const caller = new CallController({ server: server, user: `bench-ours-${Math.random().toString(36).slice(2)}`, tones: false, iceServers });
  const registered = new Promise((r) => caller.addEventListener('call-registered', r, { once: true }));
  await caller.start();
  await registered;
  // Warm getUserMedia the same way for both contenders: measure signalling + ICE, not device start.
  const t0 = performance.now();
  const call = await caller.dial(callee);
  await new Promise((r) => caller.addEventListener('call-connected', r, { once: true }));
  const confirmed = performance.now() - t0;
  const packet = await firstPacket(call.peerConnections()[0], t0);
  call.hangup();
  await caller.dispose();
  return { confirmed, firstPacket: packet };
}

async function rawJssip(iceServers: RTCIceServer[], callee: string, readyOnFirstCandidate = false): Promise<Sample> {
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(server)],
    uri: `sip:bench-raw-${Math.random().toString(36).slice(2)}@127.0.0.1`,
    register: true,
  });
  await new Promise<void>((resolve) => {
    ua.on('registered', () => resolve());
    ua.start();
  });
  const t0 = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const eventHandlers = readyOnFirstCandidate ? { icecandidate: (e: { ready: () => void }) => e.ready() } : {};
  const session = ua.call(`sip:${callee}@127.0.0.1`, { mediaStream: stream, pcConfig: { iceServers }, eventHandlers } as never);
  await new Promise((resolve) => session.on('confirmed', resolve));
  const confirmed = performance.now() - t0;
  const packet = await firstPacket(session.connection, t0);
  session.terminate();
  stream.getTracks().forEach((t) => t.stop());
  ua.stop();
  return { confirmed, firstPacket: packet };
}

async function series(name: string, run: () => Promise<Sample>, count: number) {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(await run());
    await new Promise((r) => setTimeout(r, 100));
  }
  const c = samples.map((s) => s.confirmed);
  const p = samples.map((s) => s.firstPacket);
  return { name, count, confirmed: median(c), confirmedSpread: spread(c), packet: median(p), packetSpread: spread(p) };
}

describe('benchmark: call setup (loopback)', function () {
  this.timeout(1_200_000);
  it('dial → confirmed and dial → first inbound audio packet', async () => {
    let turn: RTCIceServer | undefined;
    if (testEnv.kamailioUrl) {
      await startKamailio(false);
      server = testEnv.kamailioUrl;
      turn = await startCoturn();
    }
    const configs: [string, RTCIceServer[], number][] = [
      ['no ICE servers', [], CALLS],
      ['unreachable STUN', UNREACHABLE_STUN, SLOW_CALLS],
      ...(turn ? ([['live TURN', [turn], CALLS]] as [string, RTCIceServer[], number][]) : []),
    ];
    const lines = [
      '',
      `Call setup via ${server === testEnv.kamailioUrl ? 'Kamailio' : 'the dev SIP server'} on loopback, medians of N calls (range) in ms`,
      'ICE servers        contender                          N   dial→confirmed          dial→first audio packet',
    ];
    const ratios: string[] = [];
    for (const [label, ice, slowCount] of configs) {
      const callee = await answeringController(`bench-callee-${Date.now()}`, ice);
      const rows = [
        await series('(a) raw JsSIP, defaults', () => rawJssip(ice, callee.user), slowCount),
        await series('(b) raw JsSIP, ready() at 1st cand.', () => rawJssip(ice, callee.user, true), CALLS),
        await series('(c) call-elements', () => ours(ice, callee.user), CALLS),
      ];
      await callee.dispose();
      for (const r of rows) {
        lines.push(
          `${label.padEnd(18)} ${r.name.padEnd(34)} ${String(r.count).padStart(2)}  ${r.confirmed.toFixed(0).padStart(6)} (${r.confirmedSpread})`.padEnd(88) +
            `${r.packet.toFixed(0).padStart(6)} (${r.packetSpread})`,
        );
      }
      const [a, b, c] = rows;
      ratios.push(
        `${label}: (c)/(a) = ${(c.confirmed / a.confirmed).toFixed(3)} confirmed, ${(c.packet / a.packet).toFixed(3)} first packet; ` +
          `(c)/(b) = ${(c.confirmed / b.confirmed).toFixed(2)} confirmed, ${(c.packet / b.packet).toFixed(2)} first packet`,
      );
    }
    console.log([...lines, '', 'Ratios measured in this run:', ...ratios].join('\n'));
  });
});
