import { expect } from '@open-wc/testing';
import { audioContextUsers, sharedAudioContext } from './audio-context.js';
import { LevelMeter, levelOfRms } from './level-meter.js';
import { LocalMedia } from './local-media.js';

const until = async (predicate: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('LevelMeter', function () {
  this.timeout(20_000);
  const media = new LocalMedia();
  afterEach(() => media.stopAll());

  it('maps RMS to a dB scale: silence 0, −60 dBFS 0, −30 dBFS 0.5, full scale 1', () => {
    expect(levelOfRms(0)).to.equal(0);
    expect(levelOfRms(0.001)).to.be.closeTo(0, 1e-9);
    expect(levelOfRms(10 ** (-30 / 20))).to.be.closeTo(0.5, 1e-9);
    expect(levelOfRms(1)).to.equal(1);
    expect(levelOfRms(Number.NaN)).to.equal(0);
  });

  it("reports > 0 and speaking on the fake microphone's tone, and about 0 when muted", async () => {
    const stream = await media.capture({ audio: true, video: false });
    const meter = new LevelMeter(stream.getAudioTracks()[0]);
    let peak = 0;
    let spoke = false;
    const off = meter.subscribe((level, speaking) => {
      peak = Math.max(peak, level);
      spoke ||= speaking;
    });
    await until(() => peak > 0.3, 5000, 'a level from the fake tone');
    expect(spoke).to.equal(true);
    stream.getAudioTracks()[0].enabled = false;
    await new Promise((r) => setTimeout(r, 1500));
    expect(meter.level, 'muted').to.be.below(0.02);
    expect(meter.speaking).to.equal(false);
    off();
    meter.dispose();
  });

  it('uses one AudioContext for any number of meters, and suspends it when none is shown', async () => {
    // Counts AudioContexts constructed from now on by wrapping the real constructor.
    const Real = window.AudioContext;
    let constructed = 0;
    window.AudioContext = class extends Real {
      constructor(options?: AudioContextOptions) {
        super(options);
        constructed++;
      }
    };
    try {
      const stream = await media.capture({ audio: true, video: false });
      const meters = Array.from({ length: 20 }, () => new LevelMeter(stream));
      const offs = meters.map((m) => m.subscribe(() => undefined));
      expect(constructed, 'new contexts').to.be.at.most(1);
      expect(audioContextUsers()).to.equal(20);
      await until(() => meters.every((m) => m.level > 0), 5000, 'every meter measuring');
      offs.forEach((off) => off());
      meters.forEach((m) => m.dispose());
      expect(audioContextUsers()).to.equal(0);
      await until(() => sharedAudioContext()!.state === 'suspended', 5000, 'the idle context suspended');
      // Showing a meter again resumes it.
      const again = new LevelMeter(stream);
      const off = again.subscribe(() => undefined);
      await until(() => sharedAudioContext()!.state === 'running', 3000, 'resumed');
      off();
      again.dispose();
    } finally {
      window.AudioContext = Real;
    }
  });

  it('measures nothing and holds no nodes before anyone subscribes or after dispose', async () => {
    const stream = await media.capture({ audio: true, video: false });
    const users = audioContextUsers();
    const meter = new LevelMeter(stream);
    expect(audioContextUsers()).to.equal(users);
    const off = meter.subscribe(() => undefined);
    expect(audioContextUsers()).to.equal(users + 1);
    meter.dispose();
    off();
    expect(audioContextUsers()).to.equal(users);
    let late = 0;
    const offLate = meter.subscribe(() => late++);
    expect(audioContextUsers(), 'a disposed meter does not start again').to.equal(users);
    await new Promise((r) => setTimeout(r, 300));
    expect(late, 'a disposed meter delivers nothing').to.equal(0);
    offLate();
  });

  it('delivers levels to a subscriber until it unsubscribes, and keeps serving the others', async () => {
    const stream = await media.capture({ audio: true, video: false });
    const meter = new LevelMeter(stream, { rate: 20 });
    const first: number[] = [];
    const second: number[] = [];
    const offFirst = meter.subscribe((level) => first.push(level));
    const offSecond = meter.subscribe((level) => second.push(level));
    await until(() => first.some((level) => level > 0) && second.length >= 3, 5000, 'levels delivered');
    offFirst();
    const delivered = first.length;
    const before = second.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(first.length, 'nothing after unsubscribing').to.equal(delivered);
    expect(second.length, 'the other subscriber still gets levels').to.be.greaterThan(before);
    offSecond();
    const last = second.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(second.length).to.equal(last);
    expect(meter.level, 'no subscriber: no measuring').to.equal(0);
    meter.dispose();
  });
});
