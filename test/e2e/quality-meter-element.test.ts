// <call-quality-meter> on a call on the dev SIP server: levels from real samples and from each
// quality level, details, a participant's own link, for= and hangup. With no call (no server):
// src/elements/call-quality-meter/call-quality-meter.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import type { QualitySample } from '../../src/quality/sample.js';
import { connectedPair, disposeControllers, registeredController, uniqueUser, until } from './helpers.js';
import '../../src/elements/call-phone/define.js';
import '../../src/elements/call-quality-meter/define.js';
import type { CallQualityMeter } from '../../src/elements/call-quality-meter/call-quality-meter.js';
import { countRenders } from '../harness/render-count.js';

const shadow = (el: Element) => el.shadowRoot!;
const litBars = (el: Element) => shadow(el).querySelectorAll('.bar[data-on]').length;

function sample(quality: number, extra: Partial<QualitySample> = {}): QualitySample {
  return {
    timestamp: Date.now(),
    rttMs: 42,
    jitterDownMs: 3,
    lossDown: 0.004,
    lossUp: 0.02,
    bitrateSend: 41_000,
    bitrateRecv: 39_000,
    bytesSent: 5000,
    bytesReceived: 5000,
    mosDown: 4.3,
    mosUp: 4.1,
    codec: 'opus',
    candidatePair: { relay: true, localType: 'relay', remoteType: 'host' },
    qualityDown: quality as QualitySample['qualityDown'],
    qualityUp: quality as QualitySample['qualityUp'],
    connected: quality !== 6,
    ...extra,
  };
}

describe('<call-quality-meter> on a real call', function () {
  this.timeout(30_000);
  let alice: CallController;
  let call: Call;
  afterEach(disposeControllers);
  beforeEach(async () => {
    const pair = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
    alice = pair[0];
    [call] = await connectedPair(pair[0], pair[1]);
  });

  it('renders once per sample, shows an excellent or good level, and details on click', async () => {
    const meter = await fixture<CallQualityMeter>(html`<call-quality-meter .controller=${alice} history="mos"></call-quality-meter>`);
    let samples = 0;
    alice.addEventListener('call-quality', () => samples++);
    const renders = countRenders(meter);
    await until(() => samples >= 4 && meter.level > 0, 15_000, 'samples');
    await meter.updateComplete;
    expect(renders.count, 'at most one render per sample').to.be.at.most(samples + 1);
    expect(meter.level).to.be.within(1, 2);
    expect(meter.getAttribute('level')).to.equal(String(meter.level));
    expect(shadow(meter).querySelector('[part=details]')).to.equal(null);
    shadow(meter).querySelector('button')!.click();
    await meter.updateComplete;
    const details = shadow(meter).querySelector('[part=details]')!;
    expect(details.querySelector('.codec')!.textContent).to.equal('opus');
    expect(details.querySelector('.path')!.textContent).to.equal('direct');
    expect(details.querySelector('.rtt')!.textContent).to.match(/^\d+ ms$/);
    expect(shadow(meter).querySelector('[part=sparkline] polyline')!.getAttribute('points')!.split(' ').length).to.be.at.least(2);
    await expect(meter).to.be.accessible();
  });

  it('maps each level 1–6 to bars and a label, and colour is not the only cue', async () => {
    const meter = await fixture<CallQualityMeter>(html`<call-quality-meter .controller=${alice} details></call-quality-meter>`);
    const expected = [
      [1, 5, 'excellent'],
      [2, 4, 'good'],
      [3, 3, 'fair'],
      [4, 2, 'poor'],
      [5, 1, 'very poor'],
      [6, 0, 'disconnected'],
    ] as const;
    for (const [level, bars, name] of expected) {
      alice.dispatchEvent(new CustomEvent('call-quality', { detail: { call, sample: sample(level) } }));
      await meter.updateComplete;
      expect(meter.level).to.equal(level);
      expect(litBars(meter), `bars at level ${level}`).to.equal(bars);
      expect(shadow(meter).querySelector('button')!.getAttribute('aria-label')).to.equal(`Network quality: ${name}`);
      expect(shadow(meter).querySelector('.text')!.textContent).to.equal(name);
    }
    const details = shadow(meter).querySelector('[part=details]')!;
    expect(details.querySelector('.loss-up')!.textContent).to.equal('2.0 %');
    expect(details.querySelector('.mos')!.textContent).to.equal('4.10');
    expect(details.querySelector('.path')!.textContent).to.equal('relayed (TURN)');
    expect(details.querySelector('.bitrate')!.textContent).to.equal('39 / 41 kbit/s');
  });

  it("with participant=, shows that participant's own link where the sample has one, else the call's", async () => {
    const id = call.remote.user;
    const meter = await fixture<CallQualityMeter>(html`<call-quality-meter .controller=${alice} participant=${id} details></call-quality-meter>`);
    alice.dispatchEvent(new CustomEvent('call-quality', { detail: { call, sample: sample(1, { participants: { [id]: { rttMs: 480, lossDown: 0.08, qualityDown: 4 } } }) } }));
    await meter.updateComplete;
    expect([meter.levelDown, meter.levelUp, meter.level]).to.deep.equal([4, 1, 4]);
    const details = shadow(meter).querySelector('[part=details]')!;
    expect(details.querySelector('.rtt')!.textContent).to.equal('480 ms');
    alice.dispatchEvent(new CustomEvent('call-quality', { detail: { call, sample: sample(2) } }));
    await meter.updateComplete;
    expect(meter.levelDown, 'no link of its own: the call').to.equal(2);
  });

  it('follows the controller of the phone named by for=, also when it changes, and shows no call after hangup', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-phone id="desk" headless></call-phone>
      <call-quality-meter for="desk"></call-quality-meter>
    </div>`);
    const phone = wrapper.querySelector('call-phone')!;
    phone.controller = alice;
    const meter = wrapper.querySelector('call-quality-meter')!;
    await meter.updateComplete;
    expect(meter.controller).to.equal(alice);
    await until(() => meter.level > 0, 10_000, 'a level');
    call.hangup();
    await until(() => meter.level === 0, 5000, 'back to no call');
    expect(shadow(meter).querySelector('button')!.getAttribute('aria-label')).to.equal('Network quality: No call');
  });
});
