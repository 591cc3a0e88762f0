// Call setup over the development SIP server on loopback: dial → confirmed, and dial → first
// inbound audio packet, for raw JsSIP (default settings) and call-elements, with no ICE server
// and with an unreachable STUN server. Prints a table; asserts nothing about time.
import * as JsSIPNamespace from 'jssip';
import { CallController } from '../src/core/call-controller.js';
import { testEnv } from '../test/harness/env.js';

const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;
const CALLS = Number(new URLSearchParams(location.search).get('calls') ?? 10);
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
  const callee = new CallController({ server: testEnv.sipUrl, user, tones: false, iceServers });
  callee.addEventListener('call-incoming', ({ detail }) => void detail.call.answer());
  const registered = new Promise((r) => callee.addEventListener('call-registered', r, { once: true }));
  await callee.start();
  await registered;
  return callee;
}

async function ours(iceServers: RTCIceServer[], callee: string): Promise<Sample> {
  const caller = new CallController({ server: testEnv.sipUrl, user: `bench-ours-${Math.random().toString(36).slice(2)}`, tones: false, iceServers });
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

async function rawJssip(iceServers: RTCIceServer[], callee: string): Promise<Sample> {
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(testEnv.sipUrl)],
    uri: `sip:bench-raw-${Math.random().toString(36).slice(2)}@127.0.0.1`,
    register: true,
  });
  await new Promise<void>((resolve) => {
    ua.on('registered', () => resolve());
    ua.start();
  });
  const t0 = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const session = ua.call(`sip:${callee}@127.0.0.1`, { mediaStream: stream, pcConfig: { iceServers } });
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

describe('benchmark: call setup over the dev SIP server (loopback)', function () {
  this.timeout(600_000);
  it('dial → confirmed and dial → first inbound audio packet', async () => {
    const plain = await answeringController(`bench-callee-${Date.now()}`, []);
    const stunCallee = await answeringController(`bench-callee-stun-${Date.now()}`, UNREACHABLE_STUN);
    const rows = [
      await series('raw JsSIP, no ICE servers', () => rawJssip([], plain.user), CALLS),
      await series('call-elements, no ICE servers', () => ours([], plain.user), CALLS),
      await series('raw JsSIP, unreachable STUN', () => rawJssip(UNREACHABLE_STUN, stunCallee.user), 1),
      await series('call-elements, unreachable STUN', () => ours(UNREACHABLE_STUN, stunCallee.user), CALLS),
    ];
    await plain.dispose();
    await stunCallee.dispose();
    const lines = [
      '',
      'contender                          calls  dial→confirmed ms (median, range)   dial→first audio packet ms (median, range)',
      ...rows.map(
        (r) =>
          `${r.name.padEnd(34)} ${String(r.count).padStart(5)}  ${r.confirmed.toFixed(0).padStart(8)}  (${r.confirmedSpread})`.padEnd(78) +
          `${r.packet.toFixed(0).padStart(8)}  (${r.packetSpread})`,
      ),
      '',
      `ratio call-elements / raw JsSIP, no ICE servers: ${(rows[1].confirmed / rows[0].confirmed).toFixed(2)} (confirmed), ${(rows[1].packet / rows[0].packet).toFixed(2)} (first packet)`,
      `ratio call-elements / raw JsSIP, unreachable STUN: ${(rows[3].confirmed / rows[2].confirmed).toFixed(3)} (confirmed)`,
    ];
    console.log(lines.join('\n'));
  });
});
