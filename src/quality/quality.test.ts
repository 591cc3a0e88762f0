import { expect } from '@open-wc/testing';
import { mos, rFactor } from './mos.js';
import { networkQuality } from './network-quality.js';
import { receivedCounters, receivedSince } from './received.js';

describe('MOS (simplified ITU-T G.107 E-model)', () => {
  // Hand-computed: Le = rtt + 2·jitter + 10; R = 93.2 − Le/40 (Le < 160) or − (Le − 120)/10; − 2.5·loss%.
  const table: [number, number, number, number, number][] = [
    // rtt, jitter, loss, R, MOS
    [0, 0, 0, 92.95, 4.4044],
    [50, 5, 0, 91.45, 4.3729],
    [200, 10, 0, 82.2, 4.1044],
    [200, 10, 0.01, 79.7, 4.0126],
    [400, 20, 0.1, 35.2, 1.836],
    [100, 0, 0.4, 0, 1],
  ];
  for (const [rttMs, jitterMs, loss, r, expected] of table) {
    it(`rtt ${rttMs} ms, jitter ${jitterMs} ms, loss ${loss * 100} % → R ${r}, MOS ${expected}`, () => {
      expect(rFactor({ rttMs, jitterMs, loss })).to.be.closeTo(r, 0.001);
      expect(mos({ rttMs, jitterMs, loss })).to.be.closeTo(expected, 0.001);
    });
  }
  it('never leaves 1–4.5', () => {
    expect(mos({ rttMs: 10_000, jitterMs: 1000, loss: 1 })).to.equal(1);
    expect(mos({ rttMs: -5, jitterMs: -5, loss: -1 })).to.be.at.most(4.5);
  });
});

describe('0–6 network quality', () => {
  it('is 0 with no figures and 6 when disconnected', () => {
    expect(networkQuality({})).to.equal(0);
    expect(networkQuality({ connected: false, loss: 0, rttMs: 10 })).to.equal(6);
  });
  it('takes the worst level of loss, rtt, jitter and MOS', () => {
    expect(networkQuality({ loss: 0, rttMs: 20, jitterMs: 2, mos: 4.4 })).to.equal(1);
    expect(networkQuality({ loss: 0.02, rttMs: 20, jitterMs: 2, mos: 4.3 })).to.equal(2);
    expect(networkQuality({ loss: 0, rttMs: 300, jitterMs: 2, mos: 4.1 })).to.equal(3);
    expect(networkQuality({ loss: 0.1, rttMs: 20 })).to.equal(4);
    expect(networkQuality({ loss: 0.1, rttMs: 420, jitterMs: 10, mos: 1.98 })).to.equal(5);
    expect(networkQuality({ mos: 3.7 })).to.equal(3);
  });
});

describe('receive counters (a stalled media path)', () => {
  const report = (...stats: object[]) => new Map(stats.map((s, i) => [String(i), { id: String(i), ...s }])) as unknown as RTCStatsReport;

  it('RTP packets or candidate-pair bytes (RTCP) that grew count as received; a counter in one reading only does not', () => {
    const before = receivedCounters(report({ type: 'inbound-rtp', packetsReceived: 10 }, { type: 'candidate-pair', bytesReceived: 500 }, { type: 'outbound-rtp', packetsSent: 9 }));
    expect([...before.values()]).to.deep.equal([10, 500]);
    expect(receivedSince(before, receivedCounters(report({ type: 'inbound-rtp', packetsReceived: 10 }, { type: 'candidate-pair', bytesReceived: 500 }))), 'nothing').to.equal(false);
    expect(receivedSince(before, receivedCounters(report({ type: 'inbound-rtp', packetsReceived: 10 }, { type: 'candidate-pair', bytesReceived: 620 }))), 'RTCP only').to.equal(true);
    expect(receivedSince(before, receivedCounters(report({ type: 'inbound-rtp', packetsReceived: 11 }))), 'RTP; the pair gone').to.equal(true);
    expect(receivedSince(before, receivedCounters(report({ type: 'inbound-rtp', packetsReceived: 10 }))), 'only the pair gone').to.equal(false);
    const reappeared = report({ type: 'candidate-pair', bytesReceived: 500 }, { type: 'transport', bytesReceived: 9000 });
    expect(receivedSince(receivedCounters(report({ type: 'candidate-pair', bytesReceived: 500 })), receivedCounters(reappeared)), 'a counter new in this reading').to.equal(false);
  });
});
