import { expect } from '@open-wc/testing';
import { SpeakingDetector } from './speaking.js';

/** Feeds levels every 50 ms from t = 0; returns the times at which the state changed. */
function feed(detector: SpeakingDetector, levels: number[]): number[] {
  const changes: number[] = [];
  levels.forEach((level, i) => {
    if (detector.update(level, i * 50)) changes.push(i * 50);
  });
  return changes;
}

describe('SpeakingDetector (hysteresis)', () => {
  it('starts after the level stays at or above `on` for the attack time, not on one loud reading', () => {
    const d = new SpeakingDetector({ on: 0.3, off: 0.15, attackMs: 100, releaseMs: 800 });
    expect(feed(d, [0.9, 0, 0.9, 0, 0.9, 0])).to.deep.equal([]);
    expect(d.speaking).to.equal(false);
    expect(feed(d, [0.5, 0.5, 0.5])).to.deep.equal([100]);
    expect(d.speaking).to.equal(true);
  });

  it('levels between `off` and `on` keep the state; a pause shorter than the release does not end it', () => {
    const d = new SpeakingDetector({ on: 0.3, off: 0.15, attackMs: 0, releaseMs: 800 });
    d.update(0.5, 0);
    expect(d.speaking).to.equal(true);
    // 0.2 is below `on` but above `off`: still speaking; 700 ms of silence: still speaking.
    const pause = [0.2, 0.2, ...Array(14).fill(0), 0.5];
    expect(feed(d, pause)).to.deep.equal([]);
    expect(d.speaking).to.equal(true);
    // 800 ms below `off`: it ends, once.
    expect(feed(d, Array(20).fill(0.1))).to.deep.equal([800]);
    expect(d.speaking).to.equal(false);
    expect(d.reset()).to.equal(false);
  });
});
