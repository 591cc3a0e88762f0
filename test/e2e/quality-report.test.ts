import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { QualitySample } from '../../src/quality/sample.js';
import { connectedPair, disposeControllers, record, registeredController, uniqueUser, until } from './helpers.js';

const fraction = (v: number | undefined, what: string) => {
  expect(v, what).to.be.a('number');
  expect(v!, what).to.be.within(0, 1);
};

/** Every figure of a sample of a clean call on loopback, audio part. */
function expectCleanAudio(s: QualitySample): void {
  expect(s.connected).to.equal(true);
  expect(s.rttMs, 'rtt').to.be.a('number').and.within(0, 100);
  expect(s.jitterDownMs, 'jitter in').to.be.a('number').and.within(0, 30);
  expect(s.jitterUpMs, 'jitter out (the far end’s receiver report)').to.be.a('number').and.within(0, 30);
  fraction(s.lossDown, 'loss in');
  fraction(s.lossUp, 'loss out');
  expect(s.lossDown!, 'no loss in').to.be.at.most(0.01);
  expect(s.lossUp!, 'no loss out').to.be.at.most(0.01);
  fraction(s.audioLevelIn, 'level of what we hear');
  fraction(s.audioLevelOut, 'level of our microphone');
  expect(s.bytesSent).to.be.above(0);
  expect(s.bytesReceived).to.be.above(0);
  expect(s.codec).to.equal('opus');
  expect(s.candidatePair).to.deep.equal({ localType: 'host', remoteType: 'host', protocol: 'udp', relay: false, family: 'ipv4' });
  expect(s.mosDown!, 'MOS in').to.be.within(4, 4.5);
  expect(s.mosUp!, 'MOS out').to.be.within(4, 4.5);
  expect(s.qualityDown).to.be.within(1, 2);
  expect(s.qualityUp).to.be.within(1, 2);
}

describe('the periodic quality report, every field', function () {
  this.timeout(60_000);
  let alice: CallController;
  let bob: CallController;
  const quality = { intervalMs: 500, reportIntervalMs: 1000 };

  beforeEach(async () => {
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice'), { quality }), registeredController(uniqueUser('bob'), { quality })]);
  });
  afterEach(disposeControllers);

  it('an audio call: rtt, jitter and loss both ways, bitrates both ways, levels, codec, candidate pair; call-report carries them', async () => {
    const samples = record(alice, 'call-quality');
    const reports = record(alice, 'call-report');
    const [out] = await connectedPair(alice, bob);
    await until(() => samples.filter((s) => s.sample.jitterUpMs !== undefined && s.sample.lossUp !== undefined).length >= 3, 20_000, 'samples with receiver reports');
    await until(() => samples.some((s) => (s.sample.audioLevelOut ?? 0) > 0.01), 10_000, 'the fake microphone’s beep in our level');
    await until(() => reports.length >= 3 && reports.at(-1)!.report.sample.lossUp !== undefined, 10_000, 'reports');
    const last = samples.at(-1)!.sample;
    expectCleanAudio(last);
    // Opus at its default rate: tens of kbit/s each way, not bytes nor megabits.
    expect(last.bitrateSend, 'bitrate out').to.be.within(8_000, 200_000);
    expect(last.bitrateRecv, 'bitrate in').to.be.within(8_000, 200_000);
    expect(last.videoIn, 'no video figures in an audio call').to.equal(undefined);
    expect(last.videoOut).to.equal(undefined);
    expect(last.videoCodec).to.equal(undefined);

    const { call, report } = reports.at(-1)!;
    expect(call).to.equal(out);
    expect(samples.map((s) => s.sample), 'the report carries the latest sample').to.include(report.sample);
    expectCleanAudio(report.sample);
    expect(report.warnings).to.deep.equal([]);
    expect(report.averages.rttMs!).to.be.within(0, 100);
    expect(report.averages.jitterDownMs!).to.be.within(0, 30);
    expect(report.averages.lossDown!).to.be.within(0, 0.01);
    expect(report.averages.lossUp!).to.be.within(0, 0.01);
    expect(report.averages.mos!).to.be.within(4, 4.5);
    const connectedFor = (Date.now() - out.connectedAt!) / 1000;
    expect(report.duration, 'seconds connected').to.be.within(connectedFor - 2, connectedFor + 1);
    expect(reports.map((r) => r.report.duration), 'durations grow').to.deep.equal([...reports.map((r) => r.report.duration)].sort((a, b) => a - b));
  });

  it('a video call: frame width, height and rate both ways and the video codec, in samples and in call-report', async () => {
    const samples = record(alice, 'call-quality');
    const reports = record(alice, 'call-report');
    const [out] = await connectedPair(alice, bob, true);
    await until(() => samples.filter((s) => (s.sample.videoIn?.fps ?? 0) > 5 && (s.sample.videoOut?.fps ?? 0) > 5).length >= 2, 30_000, 'video samples');
    const last = samples.at(-1)!.sample;
    const sent = out.localStream!.getVideoTracks()[0].getSettings();
    for (const [side, figures] of [['in', last.videoIn], ['out', last.videoOut]] as const) {
      expect(figures!.width, `width ${side}`).to.be.within(160, sent.width!);
      expect(figures!.height, `height ${side}`).to.be.within(90, sent.height!);
      expect(figures!.width! / figures!.height!, `aspect ratio ${side}`).to.be.closeTo(sent.width! / sent.height!, 0.05);
      // Over one sampling interval a loaded machine's catch-up after a stall can run above the camera's rate.
      expect(figures!.fps, `frame rate ${side}`).to.be.within(5, (sent.frameRate ?? 30) * 1.5);
    }
    expect(last.videoCodec).to.match(/^(VP8|VP9|H264|AV1)$/);
    expect(last.codec).to.equal('opus');
    expect(last.bitrateRecv, 'video raises the bitrate in').to.be.above(100_000);
    expect(last.bitrateSend, 'video raises the bitrate out').to.be.above(100_000);
    // An early report can carry a sample from before our first frame was encoded while the far
    // end's video already arrived: take a report of a sample no older than `last`.
    const lastIndex = samples.findIndex((s) => s.sample === last);
    const current = (r: (typeof reports)[number]) => samples.findIndex((s) => s.sample === r.report.sample) >= lastIndex;
    await until(() => reports.some(current), 10_000, 'a report from after video flowed both ways');
    const { report } = reports.find(current)!;
    expect(report.sample.videoIn?.width, 'width in').to.be.above(0);
    expect(report.sample.videoOut?.width, 'width out').to.be.above(0);
    expect(report.sample.videoCodec).to.equal(last.videoCodec);
  });
});
