import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import '../../src/elements/call-phone/define.js';
import { testEnv } from '../harness/env.js';
import { sippResult, startKamailio, startSipp } from '../harness/sip-commands.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

let port = 5070;
const shadow = (el: Element) => el.shadowRoot!;

async function registeredPhone(): Promise<CallPhone> {
  const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.kamailioUrl} user=${uniqueUser('web')} no-tones></call-phone>`);
  if (!phone.registered) await oneEvent(phone, 'call-registered');
  return phone;
}

describe('SIP peers scripted with sipp, through Kamailio', function () {
  this.timeout(60_000);

  before(async function () {
    if (!testEnv.kamailioUrl) {
      console.warn('Skipping the sipp suite: it needs root and a network namespace (run npm test as root).');
      this.skip();
    }
    await startKamailio(false);
  });
  afterEach(disposeControllers);

  const outcomes: [string, string, number, string][] = [
    ['uas-busy', 'busy', 486, 'Busy'],
    ['uas-decline', 'rejected', 603, 'Call declined'],
    // A reason phrase JsSIP's grammar refuses (<, >, ", {, a bare %): mended, not dropped.
    ['uas-busy-odd-phrase', 'busy', 486, 'Busy'],
  ];
  for (const [scenario, reason, status, text] of outcomes) {
    it(`a ${status} from the callee ends the call as "${reason}" and <call-phone> says "${text}"`, async () => {
      const service = uniqueUser('peer');
      const run = await startSipp(scenario, service, port++);
      const phone = await registeredPhone();
      const ringing = oneEvent(phone, 'call-ringing');
      const failed = oneEvent(phone, 'call-failed');
      await phone.dial(service);
      await ringing;
      const { summary } = (await failed).detail;
      expect(summary.reason).to.equal(reason);
      expect(summary.statusCode).to.equal(status);
      await phone.updateComplete;
      expect(shadow(phone).querySelector('.ended')?.textContent).to.equal(text);
      expect(phone.controller.media.liveTrackCount).to.equal(0);
      expect((await sippResult(run)).code, 'sipp saw the expected ACK').to.equal(0);
    });
  }

  it('an answer whose SDP cannot be applied ends the call as "media", with no track and no peer connection left open', async () => {
    const service = uniqueUser('badsdp');
    const run = await startSipp('uas-bad-sdp-answer', service, port++);
    const caller = await registeredController(uniqueUser('caller'), { server: testEnv.kamailioUrl });
    const ended = nextEvent(caller, 'call-ended');
    const call = await caller.dial(service);
    const { summary } = await ended;
    expect([summary.reason, summary.statusCode]).to.deep.equal(['media', 200]);
    expect(caller.media.liveTrackCount, 'live tracks').to.equal(0);
    expect(call.peerConnections().map((pc) => pc.signalingState), 'peer connections').to.deep.equal(['closed']);
    expect((await sippResult(run)).code, 'sipp got the ACK and the BYE').to.equal(0);
  });

  it('a callee that never answers ends as "no-answer" after the no-answer timeout, with a CANCEL', async () => {
    const service = uniqueUser('ringing');
    const run = await startSipp('uas-ringing', service, port++);
    const caller = await registeredController(uniqueUser('caller'), { server: testEnv.kamailioUrl, noAnswerTimeout: 2 });
    const ended = nextEvent(caller, 'call-ended');
    await caller.dial(service);
    const { summary } = await ended;
    expect(summary.reason).to.equal('no-answer');
    expect((await sippResult(run)).code, 'sipp got the CANCEL').to.equal(0);
  });

  it('the caller hanging up while it rings ends as "cancelled" and the callee gets a CANCEL', async () => {
    const service = uniqueUser('ringing');
    const run = await startSipp('uas-ringing', service, port++);
    const caller = await registeredController(uniqueUser('caller'), { server: testEnv.kamailioUrl });
    const call = await caller.dial(service);
    await until(() => call.state === 'ringing', 10_000, 'ringing');
    call.hangup();
    expect(call.summary?.reason).to.equal('cancelled');
    expect((await sippResult(run)).code).to.equal(0);
  });

  it('DTMF by SIP INFO reaches the peer intact', async () => {
    const service = uniqueUser('ivr');
    const run = await startSipp('uas-info-dtmf', service, port++);
    const caller = await registeredController(uniqueUser('caller'), { server: testEnv.kamailioUrl, dtmfTransport: 'info' });
    const connected = nextEvent(caller, 'call-connected');
    const call = await caller.dial(service);
    await connected;
    call.sendDtmf('5#9');
    const result = sippResult(run);
    await new Promise((r) => setTimeout(r, 1500));
    call.hangup();
    const { code, logs, errors } = await result;
    expect(logs.filter((l) => l.startsWith('DTMF')), errors).to.deep.equal(['DTMF 5', 'DTMF #', 'DTMF 9']);
    expect(code, errors).to.equal(0);
  });

  it('a hostile display name is rendered as text: no element created, no script run', async () => {
    const phone = await registeredPhone();
    const incoming = oneEvent(phone, 'call-incoming');
    const run = await startSipp('uac-hostile-name', phone.user, port++);
    const { call } = (await incoming).detail;
    await phone.updateComplete;
    const prompt = shadow(phone).querySelector('[part=incoming]')!;
    expect(call.remote.displayName).to.contain('<img src=x');
    expect(prompt.textContent).to.contain('<img src=x onerror=window.__pwned=1>');
    expect(shadow(phone).querySelector('img, script'), 'no element from peer data').to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    (prompt.querySelector('button.hangup') as HTMLButtonElement).click();
    expect((await sippResult(run)).code, 'sipp got the 603').to.equal(0);
  });

  it('oversized headers and display name are bounded and the phone stays usable', async () => {
    const phone = await registeredPhone();
    const incoming = oneEvent(phone, 'call-incoming');
    const run = await startSipp('uac-oversized', phone.user, port++);
    const { call } = (await incoming).detail;
    expect(call.remote.displayName.length).to.equal(256);
    expect(call.headers['X-Oversized'].length).to.equal(1024);
    await phone.updateComplete;
    const prompt = shadow(phone).querySelector('[part=incoming]') as HTMLElement;
    expect(prompt.getBoundingClientRect().width, 'the prompt stays inside the phone').to.be.at.most(phone.getBoundingClientRect().width);
    expect(phone.reject()).to.equal(true);
    expect((await sippResult(run)).code).to.equal(0);
    expect(phone.registered).to.equal(true);
  });
});
