import { expect } from '@open-wc/testing';
import type { QualitySample } from './sample.js';
import { QualityWarnings } from './warnings.js';

const good: QualitySample = {
  timestamp: 0,
  rttMs: 40,
  jitterDownMs: 3,
  jitterUpMs: 3,
  lossDown: 0,
  lossUp: 0,
  bitrateSend: 40_000,
  bitrateRecv: 40_000,
  bytesSent: 5000,
  bytesReceived: 5000,
  audioLevelOut: 0.2,
  mosDown: 4.4,
  mosUp: 4.4,
  qualityDown: 1,
  qualityUp: 1,
  connected: true,
};

/** Feeds one sample per second from t = `from` s to `to` s; returns names raised and cleared with times. */
function run(warnings: QualityWarnings, from: number, to: number, make: (t: number) => Partial<QualitySample>) {
  const events: string[] = [];
  for (let t = from; t <= to; t++) {
    const level = 0.1 + (t % 7) / 100; // a microphone that moves
    const { raised, cleared } = warnings.update({ ...good, audioLevelOut: level, ...make(t), timestamp: t * 1000 }, { now: t * 1000, startedAt: 0, audioMuted: false });
    for (const w of raised) events.push(`+${w.name}@${t}`);
    for (const w of cleared) events.push(`-${w.name}@${t}`);
  }
  return events;
}

describe('quality warnings', () => {
  it('raise nothing on a clean call', () => {
    expect(run(new QualityWarnings(), 0, 30, () => ({}))).to.deep.equal([]);
  });

  it('raise nothing in the first 5 s, then raise, and clear 5 s after the condition ends', () => {
    const events = run(new QualityWarnings(), 0, 30, (t) => (t < 15 ? { rttMs: 450 } : {}));
    expect(events).to.deep.equal(['+high-rtt@5', '-high-rtt@20']);
  });

  it('a condition coming back before 5 s have passed keeps the warning raised', () => {
    const events = run(new QualityWarnings(), 0, 40, (t) => (t < 10 || (t >= 13 && t < 20) ? { jitterDownMs: 50 } : {}));
    expect(events).to.deep.equal(['+high-jitter@5', '-high-jitter@25']);
  });

  it('high-packet-loss needs loss in the sample and on average over the window', () => {
    expect(run(new QualityWarnings(), 0, 20, (t) => (t % 5 === 0 ? { lossDown: 0.1 } : {})), 'one burst').to.deep.equal([]);
    expect(run(new QualityWarnings(), 0, 12, () => ({ lossDown: 0.05 }))).to.deep.equal(['+high-packet-loss@5']);
  });

  it('low-mos, low-bytes and ice-connectivity-lost', () => {
    expect(run(new QualityWarnings(), 0, 8, () => ({ mosDown: 3 }))).to.deep.equal(['+low-mos@5']);
    expect(run(new QualityWarnings(), 0, 8, (t) => (t >= 4 ? { bytesReceived: 0 } : {}))).to.deep.equal(['+low-bytes-received@6']);
    expect(run(new QualityWarnings(), 0, 8, () => ({ connected: false }))).to.deep.equal(['+ice-connectivity-lost@5']);
  });

  it('a flat microphone level for 10 s raises constant-audio-input-level, but not while muted', () => {
    const flat = new QualityWarnings();
    expect(run(flat, 0, 12, () => ({ audioLevelOut: 0.3 }))).to.deep.equal(['+constant-audio-input-level@10']);
    const muted = new QualityWarnings();
    for (let t = 0; t <= 12; t++) {
      const { raised } = muted.update({ ...good, audioLevelOut: 0 }, { now: t * 1000, startedAt: 0, audioMuted: true });
      expect(raised).to.deep.equal([]);
    }
  });

  it('thresholds can be changed', () => {
    expect(run(new QualityWarnings({ rttMs: 30, graceMs: 0 }), 0, 1, () => ({}))).to.deep.equal(['+high-rtt@0']);
  });
});
