// <call-quality-meter> without a SIP server: no call. Its levels, labels, details and for= on a
// call on the dev SIP server: test/e2e/quality-meter-element.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { CallController } from '../../core/call-controller.js';
import './define.js';
import type { CallQualityMeter } from './call-quality-meter.js';

const shadow = (el: Element) => el.shadowRoot!;
const litBars = (el: Element) => shadow(el).querySelectorAll('.bar[data-on]').length;

describe('<call-quality-meter>', function () {
  this.timeout(30_000);

  it('shows "no call" with no call, accessibly', async () => {
    const controller = new CallController();
    const meter = await fixture<CallQualityMeter>(html`<call-quality-meter .controller=${controller}></call-quality-meter>`);
    expect(meter.level).to.equal(0);
    expect(shadow(meter).querySelector('button')!.getAttribute('aria-label')).to.equal('Network quality: No call');
    expect(litBars(meter)).to.equal(0);
    await expect(meter).to.be.accessible();
  });
});
