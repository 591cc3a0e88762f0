// Calls across engines through Kamailio (examples/kamailio/kamailio.cfg): this page runs in
// Firefox (the Firefox pass of npm test), the far end in Chromium (test/e2e/peer-page.ts, opened
// by the peer-open command). Audio energy and video packets are measured at both ends.
import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import { testEnv } from '../harness/env.js';
import { openPeer, type PeerPage } from '../harness/peer-commands.js';
import { startKamailio } from '../harness/sip-commands.js';
import { directions, disposeControllers, energyOver, inboundAudio, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

async function videoIn(call: import('../../src/core/call.js').Call): Promise<{ packets: number; frames: number }> {
  const result = { packets: 0, frames: 0 };
  (await call.getStats())?.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') result.frames = s.framesDecoded ?? 0;
    if (s.type === 'inbound-rtp' && s.kind === 'video') result.packets = s.packetsReceived ?? 0;
  });
  return result;
}

describe('Firefox <-> Chromium through Kamailio', function () {
  this.timeout(60_000);
  let firefox: CallController;
  let chromium: PeerPage;
  const chromiumUser = uniqueUser('chromium');

  before(async function () {
    expect(navigator.userAgent, 'this file runs in Firefox').to.contain('Firefox/');
    if (!testEnv.kamailioUrl) {
      // As every Kamailio suite: real servers bind fixed loopback ports, so only in the namespace.
      console.warn('Skipping the calls across engines: Kamailio needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    await startKamailio(false);
    chromium = await openPeer('chromium', chromiumUser, testEnv.kamailioUrl);
    expect(await chromium.call<string>('engine')).to.contain('Chrome/');
  });
  beforeEach(async () => {
    firefox = await registeredController(uniqueUser('firefox'), { server: testEnv.kamailioUrl });
  });
  afterEach(async () => {
    if (!(await chromium.call<boolean>('ended'))) await chromium.call('hangup');
    await disposeControllers();
  });
  after(() => chromium?.close());

  it('Firefox calls Chromium with video: sound and pictures arrive at both ends', async () => {
    const answered = chromium.call<boolean>('answerNext', true);
    const out = await firefox.dial(chromiumUser, { video: true });
    expect(await answered, 'Chromium got a video offer').to.equal(true);
    await until(() => out.state === 'connected', 10_000, 'Firefox connected');
    await chromium.call('waitAudio');
    await until(async () => ((await inboundAudio(out))?.packets ?? 0) > 20, 10_000, 'audio packets at Firefox');
    expect(await energyOver(out, 1500), 'Firefox hears Chromium').to.be.greaterThan(0);
    expect(await chromium.call<number>('energy', 1500), 'Chromium hears Firefox').to.be.greaterThan(0);
    await until(async () => (await videoIn(out)).frames > 10, 10_000, 'video frames decoded in Firefox');
    await until(async () => (await chromium.call<{ frames: number }>('videoIn')).frames > 10, 10_000, 'video frames decoded in Chromium');
    const ended = nextEvent(firefox, 'call-ended');
    out.hangup();
    expect((await ended).summary.reason).to.equal('local-hangup');
    await until(() => chromium.call<boolean>('ended'), 5000, 'Chromium ended');
  });

  it('Chromium calls Firefox: audio both ways, hold and resume from Chromium, SIP INFO DTMF to Firefox', async () => {
    const incoming = nextEvent(firefox, 'call-incoming', () => true, 15_000);
    const dialled = chromium.call('dial', firefox.user, false);
    const { call: inc } = await incoming;
    await inc.answer();
    await dialled;
    await until(() => inc.state === 'connected', 10_000, 'Firefox connected');
    await chromium.call('waitAudio');
    expect(await chromium.call<number>('energy', 1500), 'Chromium hears Firefox').to.be.greaterThan(0);
    expect(await energyOver(inc, 1500), 'Firefox hears Chromium').to.be.greaterThan(0);

    const held = nextEvent(firefox, 'call-hold', (d) => d.remote);
    await chromium.call('hold');
    await held;
    await until(() => inc.state === 'held', 5000, 'Firefox held');
    expect(directions(inc).audio).to.equal('recvonly');
    const resumed = nextEvent(firefox, 'call-hold', (d) => !d.remote);
    await chromium.call('unhold');
    await resumed;
    await until(() => inc.state === 'connected', 5000, 'Firefox connected again');
    expect(directions(inc).audio).to.equal('sendrecv');
    await until(async () => (await energyOver(inc, 500)) > 0, 5000, 'audio after resume');

    const dtmf = nextEvent(firefox, 'call-dtmf', (d) => d.direction === 'in' && d.tones === '#');
    await chromium.call('sendDtmf', '5#');
    await dtmf;
  });
});


