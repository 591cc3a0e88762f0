import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { testEnv } from '../harness/env.js';
import { startKamailio } from '../harness/sip-commands.js';
import { baresipCommand, baresipEvents, baresipRecording, startBaresip, stopBaresip, type BaresipEvent } from '../harness/baresip-commands.js';
import { directions, disposeControllers, energyOver, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Waits for a baresip event of `type` after index `since`. */
async function baresipEvent(type: string, since: number, ms = 10_000): Promise<BaresipEvent> {
  let found: BaresipEvent | undefined;
  await until(async () => {
    found = (await baresipEvents(since)).events.find((e) => e.type === type);
    return !!found;
  }, ms, `baresip ${type}`);
  return found!;
}

const eventCount = async () => (await baresipEvents()).count;

/** What baresip heard during the next `ms` (RMS of its recording's new samples). */
async function baresipHeardOver(ms: number): Promise<{ rms: number; seconds: number }> {
  const before = await baresipRecording();
  await sleep(ms);
  let after = await baresipRecording(before.seconds);
  // A re-INVITE (hold, resume) restarts baresip's audio stream, and the dump starts a new file.
  if (after.file !== before.file) after = { ...(await baresipRecording(0)), seconds: after.seconds + before.seconds };
  return { rms: after.rms, seconds: after.seconds - before.seconds };
}

/** The negotiated audio codec of a call, from getStats (e.g. `audio/PCMU`). */
async function audioCodec(call: Call): Promise<string | undefined> {
  const report = await call.getStats();
  let codec: string | undefined;
  report?.forEach((stat) => {
    if (stat.type === 'codec' && String(stat.mimeType).startsWith('audio/') && !/telephone-event/i.test(stat.mimeType)) codec ??= stat.mimeType;
  });
  return codec;
}

/** Asserts that each side hears the other over the next 1.5 s; resolves with the browser's energy per second. */
async function audioBothWays(call: Call, when: string): Promise<number> {
  const energy = await energyOver(call, 1500);
  expect(energy, `the browser hears the desk phone ${when}`).to.be.greaterThan(0.01);
  const heard = await baresipHeardOver(1500);
  expect(heard.rms, `the desk phone hears the browser ${when} (${JSON.stringify(heard)})`).to.be.greaterThan(0.01);
  return energy / 1.5;
}

describe('a desk phone (baresip) through Kamailio + rtpengine (WITH_RTPENGINE)', function () {
  this.timeout(40_000);
  let desk: { user: string; uri: string };
  let browser: CallController;

  before(async function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the baresip suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    desk = await startBaresip(uniqueUser('desk'));
  });
  beforeEach(async () => {
    browser = await registeredController(uniqueUser('web'), { server: testEnv.kamailioUrl });
  });
  afterEach(async () => {
    await baresipCommand('hangup').catch(() => undefined);
    await disposeControllers();
  });
  after(async () => {
    if (!testEnv.kamailioUrl) return;
    await stopBaresip();
    await startKamailio(false); // back to the default configuration for the other suites
  });

  /** The browser calls the desk phone, which answers; resolves once both are connected. */
  async function browserCallsDesk(): Promise<Call> {
    const since = await eventCount();
    const call = await browser.dial(desk.user);
    await baresipEvent('CALL_INCOMING', since);
    const connected = nextEvent(browser, 'call-connected', (d) => d.call === call);
    expect((await baresipCommand('accept')).ok).to.equal(true);
    await connected;
    await baresipEvent('CALL_ESTABLISHED', since);
    return call;
  }

  it('browser → desk phone: connected through rtpengine, audio both ways, BYE ends both', async () => {
    const call = await browserCallsDesk();
    expect(await energyOver(call, 1500), 'the browser hears the desk phone’s sine').to.be.greaterThan(0.01);
    const heard = await baresipHeardOver(1500);
    expect(heard.seconds, 'the desk phone decodes the browser’s audio').to.be.greaterThan(1);
    expect(heard.rms, 'the desk phone hears the browser’s tone').to.be.greaterThan(0.01);
    expect(await audioCodec(call), 'G.711 end to end (rtpengine passes codecs through)').to.match(/^audio\/PCM[UA]$/i);
    const since = await eventCount();
    const ended = nextEvent(browser, 'call-ended', (d) => d.call === call);
    call.hangup();
    await ended;
    await baresipEvent('CALL_CLOSED', since);
  });

  it('desk phone → browser: the browser answers, audio both ways, the desk phone hangs up', async () => {
    const incoming = nextEvent(browser, 'call-incoming');
    const since = await eventCount();
    expect((await baresipCommand('dial', `sip:${browser.user}@127.0.0.1`)).ok).to.equal(true);
    const { call } = await incoming;
    const connected = nextEvent(browser, 'call-connected', (d) => d.call === call);
    await call.answer();
    await connected;
    await baresipEvent('CALL_ESTABLISHED', since);
    expect(await energyOver(call, 1500), 'the browser hears the desk phone').to.be.greaterThan(0.01);
    expect((await baresipHeardOver(1500)).rms, 'the desk phone hears the browser').to.be.greaterThan(0.01);
    const ended = nextEvent(browser, 'call-ended', (d) => d.call === call);
    await baresipCommand('hangup');
    const { summary } = await ended;
    expect(summary.reason).to.equal('remote-hangup');
  });

  it('hold and unhold from the browser: directions change, media stops both ways, the desk phone is heard again', async () => {
    const call = await browserCallsDesk();
    const talking = await audioBothWays(call, 'before the hold');
    await call.hold();
    await until(() => directions(call).audio === 'sendonly' || directions(call).audio === 'inactive', 5000, 'held direction');
    await sleep(500);
    expect(await energyOver(call, 1000), 'nothing from the desk phone while held (a trailing packet at most)').to.be.lessThan(talking / 20);
    const held = await baresipHeardOver(1000);
    expect(held.rms, 'nothing audible at the desk phone while held').to.be.lessThan(0.005);
    await call.unhold();
    await until(() => directions(call).audio === 'sendrecv', 5000, 'sendrecv again');
    await sleep(500);
    expect(await energyOver(call, 1500), 'the desk phone is heard again').to.be.greaterThan(0.01);
    // Not asserted: the desk phone hearing the browser again. rtpengine forwards the browser's
    // RTP to baresip after the resume (seen in its debug log), but baresip 1.0 stops decoding
    // after any re-INVITE (its sndfile dump stops growing); see examples/kamailio/README.md.
  });

  it('hold and resume from the desk phone: the browser sees the remote hold, media stops and the desk phone is heard again', async () => {
    const call = await browserCallsDesk();
    const talking = await audioBothWays(call, 'before the hold');
    const holdSeen = nextEvent(browser, 'call-hold', (d) => d.call === call && d.remote);
    expect((await baresipCommand('hold')).ok).to.equal(true);
    await holdSeen;
    await until(() => directions(call).audio === 'recvonly' || directions(call).audio === 'inactive', 5000, 'remote-held direction');
    await sleep(500);
    expect(await energyOver(call, 1000), 'nothing from the desk phone while it holds (a trailing packet at most)').to.be.lessThan(talking / 20);
    const resumed = nextEvent(browser, 'call-hold', (d) => d.call === call && !d.remote);
    expect((await baresipCommand('resume')).ok).to.equal(true);
    await resumed;
    await until(() => directions(call).audio === 'sendrecv', 5000, 'sendrecv again');
    await sleep(500);
    expect(await energyOver(call, 1500), 'the desk phone is heard again').to.be.greaterThan(0.01);
    // Not asserted: the desk phone hearing the browser again. rtpengine forwards the browser's
    // RTP to baresip after the resume (seen in its debug log), but baresip 1.0 stops decoding
    // after any re-INVITE (its sndfile dump stops growing); see examples/kamailio/README.md.
  });

  it('RFC 4733 DTMF from the browser is received and logged by the desk phone, in order', async () => {
    const call = await browserCallsDesk();
    // As a user does, once the desk phone is heard: RFC 4733 tones need the media path up (on a
    // busy machine DTLS may finish a moment after call-connected; before it the sender cannot insert DTMF).
    await until(async () => (await energyOver(call, 300)) > 0.01, 8000, 'the desk phone heard');
    const before = await baresipEvents();
    call.sendDtmf('159#*0');
    await until(async () => (await baresipEvents(before.count)).events.filter((e) => e.type === 'CALL_DTMF_END').length >= 6, 10_000, 'six digits at baresip');
    const { events } = await baresipEvents(before.count);
    expect(events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param).join('')).to.equal('159#*0');
    expect(events.filter((e) => e.type === 'CALL_DTMF_END').length, 'each digit ended').to.equal(6);
  });

  it('blind transfer: the browser transfers the desk phone to another browser; they talk, the transferor\'s leg ends as transferred', async () => {
    const carol = await registeredController(uniqueUser('carol'), { server: testEnv.kamailioUrl });
    const call = await browserCallsDesk();
    const carolRings = nextEvent(carol, 'call-incoming', () => true, 15_000);
    const ended = nextEvent(browser, 'call-ended', (d) => d.call === call, 20_000);
    const progress: string[] = [];
    browser.addEventListener('call-transfer', (e) => progress.push(e.detail.state));
    await call.transfer(carol.user);
    const { call: fromDesk } = await carolRings;
    const connected = nextEvent(carol, 'call-connected', (d) => d.call === fromDesk);
    await fromDesk.answer();
    await connected;
    expect((await ended).summary.reason, "the transferor's leg").to.equal('transferred');
    expect(progress, 'NOTIFY progress from the desk phone').to.include('accepted');
    expect(await energyOver(fromDesk, 1500), 'carol hears the desk phone').to.be.greaterThan(0.01);
    const ended2 = nextEvent(carol, 'call-ended', (d) => d.call === fromDesk);
    fromDesk.hangup();
    await ended2;
  });

  it('with Opus at the desk phone: the call uses Opus end to end, audio both ways', async () => {
    desk = await startBaresip(uniqueUser('desk'), { opus: true });
    const call = await browserCallsDesk();
    expect(await audioCodec(call)).to.equal('audio/opus');
    expect(await energyOver(call, 1500), 'the browser hears the desk phone').to.be.greaterThan(0.01);
    expect((await baresipHeardOver(1500)).rms, 'the desk phone hears the browser').to.be.greaterThan(0.01);
  });
});
