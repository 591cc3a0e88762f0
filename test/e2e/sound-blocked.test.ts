import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { sharedAudioContext } from '../../src/media/audio-context.js';
import { nextEvent } from './helpers.js';

// Headless Chromium does not enforce the autoplay policy (--autoplay-policy is ignored there;
// checked on Chromium 156, also under Xvfb). So this test puts the real shared AudioContext in
// the state the policy leaves it in: suspended, with resume() pending until the user has
// interacted (navigator.userActivation). The click that unblocks it is a trusted click through
// the browser's input pipeline (CDP), not a synthetic event.
describe('sound blocked by the autoplay policy', function () {
  this.timeout(20_000);
  let restore = () => {};

  beforeEach(async () => {
    const ctx = sharedAudioContext()!;
    await ctx.suspend();
    const realResume = ctx.resume.bind(ctx);
    ctx.resume = () => (navigator.userActivation.isActive ? realResume() : new Promise<void>(() => undefined));
    restore = () => {
      ctx.resume = realResume;
    };
  });
  afterEach(() => restore());

  it('shows "Enable sound" and fires call-sound-blocked; a real click unblocks it', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone></call-phone>`);
    const blocked = nextEvent(phone.controller, 'call-sound-blocked');
    phone.controller.tones.start('ringtone');
    expect((await blocked).what).to.equal('tones');
    await phone.updateComplete;
    expect(phone.hasAttribute('sound-blocked')).to.equal(true);
    const button = phone.shadowRoot!.querySelector<HTMLButtonElement>('.enable-sound')!;
    expect(button.textContent!.trim()).to.equal('Enable sound');
    expect(sharedAudioContext()!.state).to.equal('suspended');
    await expect(phone).to.be.accessible();
    const unblocked = nextEvent(phone.controller, 'call-sound-unblocked');
    const box = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await unblocked;
    expect(sharedAudioContext()!.state).to.equal('running');
    await phone.updateComplete;
    expect(phone.hasAttribute('sound-blocked')).to.equal(false);
    expect(phone.shadowRoot!.querySelector('.enable-sound')).to.equal(null);
    phone.controller.tones.stop();
  });
});
