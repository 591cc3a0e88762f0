import { expect, fixture, html } from '@open-wc/testing';
import { emulateColorScheme } from '../../../test/harness/color-scheme.js';
import { look } from '../../../test/harness/computed-look.js';
import '../call-phone/define.js';
import '../call-video/define.js';
import '../call-quality-meter/define.js';
import '../call-devices/define.js';

// Every documented ::part and --call-* property across the phone's states (it registers and
// calls on the dev SIP server): test/e2e/theming.test.ts.
describe('theming: dark mode', function () {
  this.timeout(60_000);
  afterEach(() => emulateColorScheme(null));

  it('prefers-color-scheme: dark changes each element', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-phone></call-phone><call-video></call-video><call-quality-meter details></call-quality-meter><call-devices></call-devices>
    </div>`);
    const elements = [...wrapper.children] as HTMLElement[];
    const light = elements.map((el) => look(el).join('\n'));
    await emulateColorScheme('dark');
    elements.forEach((el, i) => expect(look(el).join('\n'), `${el.localName} in dark mode`).to.not.equal(light[i]));
    const phoneBox = getComputedStyle(elements[0].shadowRoot!.querySelector('.phone')!);
    expect(phoneBox.backgroundColor).to.equal('rgb(22, 27, 34)');
    expect(getComputedStyle(elements[1]).backgroundColor, '<call-video> dark background').to.equal('rgb(13, 17, 23)');
  });
});
