// IceRecovery on a stand-in peer connection: the ICE states it reacts to, and stalled media
// (nothing received while ICE says connected, as Firefox behaves under total loss).
import { expect } from '@open-wc/testing';
import { sleep, until } from '../../../test/e2e/helpers.js';
import { IceRecovery } from './ice-recovery.js';
import type { IceRecoveryHost } from './ice-recovery.js';

/** A peer connection's surface IceRecovery reads: ICE state and a report with receive counters. */
class FakeConnection extends EventTarget {
  iceConnectionState: RTCIceConnectionState = 'connected';
  signalingState: RTCSignalingState = 'stable';
  packets = 0;
  /** Counters grow by themselves while true (media arriving). */
  flowing = true;
  readonly #timer = setInterval(() => this.flowing && (this.packets += 5), 10);

  #reads = 0;

  /** While nothing flows, every other report leaves the stream out (as Firefox does around an ICE restart). */
  async getStats(): Promise<RTCStatsReport> {
    const leftOut = !this.flowing && this.#reads++ % 2 === 1;
    const report = new Map([['pair', { id: 'pair', type: 'candidate-pair', bytesReceived: 0 }]]);
    if (!leftOut) report.set('in-audio', { id: 'in-audio', type: 'inbound-rtp', kind: 'audio', packetsReceived: this.packets } as never);
    return report as unknown as RTCStatsReport;
  }

  ice(state: RTCIceConnectionState): void {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

function watch(pc: FakeConnection, expected = () => true) {
  const seen: string[] = [];
  const host: IceRecoveryHost = {
    restart: async () => void seen.push('restart'),
    lost: (cause) => seen.push(`lost ${cause}`),
    recovered: () => seen.push('recovered'),
    gaveUp: () => seen.push('gave up'),
    mediaExpected: expected,
  };
  const recovery = new IceRecovery(pc as unknown as RTCPeerConnection, host, { graceMs: 60, timeoutMs: 10_000, maxDelayMs: 1000, stall: { pollMs: 20, stallMs: 150 } });
  return { seen, recovery };
}

describe('IceRecovery', () => {
  const made: { pc: FakeConnection; recovery: IceRecovery }[] = [];
  const start = (expected?: () => boolean) => {
    const pc = new FakeConnection();
    const { seen, recovery } = watch(pc, expected);
    made.push({ pc, recovery });
    return { pc, seen, recovery };
  };
  afterEach(() => {
    for (const { pc, recovery } of made.splice(0)) {
      recovery.dispose();
      pc.close();
    }
  });

  it('nothing received while ICE says connected: lost as media-stalled, an ICE restart, back once packets arrive', async () => {
    const { pc, seen, recovery } = start();
    await sleep(100);
    pc.flowing = false;
    await until(() => seen.includes('lost media-stalled'), 2000, 'the stall');
    expect(recovery.active).to.equal(true);
    expect(seen).to.include('restart');
    // ICE coming back to `connected` (it never left) proves nothing: packets do.
    pc.ice('checking');
    pc.ice('connected');
    await sleep(100);
    expect(seen).not.to.include('recovered');
    pc.flowing = true;
    await until(() => seen.includes('recovered'), 2000, 'recovered');
    expect(recovery.active).to.equal(false);
    expect(seen.filter((s) => s.startsWith('lost'))).to.deep.equal(['lost media-stalled']);
  });

  it('no stall while media is not expected (on hold), nor on a first reading after the hold', async () => {
    let expected = true;
    const { pc, seen } = start(() => expected);
    await sleep(100);
    expected = false;
    pc.flowing = false;
    await sleep(400);
    expect(seen, 'held').to.deep.equal([]);
    expected = true;
    pc.flowing = true;
    await sleep(400);
    expect(seen, 'resumed').to.deep.equal([]);
  });

  it('ICE disconnected: lost as ice-disconnected after the grace, and a stall meanwhile changes nothing; back on ICE connected', async () => {
    const { pc, seen } = start();
    await sleep(100);
    pc.flowing = false;
    pc.ice('disconnected');
    await until(() => seen.includes('lost ice-disconnected'), 2000, 'the loss');
    await sleep(300);
    expect(seen.filter((s) => s.startsWith('lost'))).to.deep.equal(['lost ice-disconnected']);
    pc.ice('connected');
    expect(seen.at(-1)).to.equal('recovered');
  });

  it('a stalled call whose ICE then fails and comes back is back on ICE connected', async () => {
    const { pc, seen } = start();
    await sleep(100);
    pc.flowing = false;
    await until(() => seen.includes('lost media-stalled'), 2000, 'the stall');
    pc.ice('failed');
    pc.ice('connected');
    expect(seen.at(-1)).to.equal('recovered');
  });

  it('never watches when recovery is off (media-reconnect-timeout 0)', async () => {
    const pc = new FakeConnection();
    const seen: string[] = [];
    const recovery = new IceRecovery(
      pc as unknown as RTCPeerConnection,
      { restart: async () => undefined, lost: (c) => seen.push(c), recovered: () => undefined, gaveUp: () => undefined, mediaExpected: () => true },
      { graceMs: 10, timeoutMs: 0, maxDelayMs: 100, stall: { pollMs: 20, stallMs: 50 } },
    );
    made.push({ pc, recovery });
    pc.flowing = false;
    await sleep(300);
    expect(seen).to.deep.equal([]);
  });
});
