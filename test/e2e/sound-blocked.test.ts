import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { sharedAudioContext } from '../../src/media/audio-context.js';
import { nextEvent } from './helpers.js';

// WebKitGTK (MiniBrowser) enforces the autoplay policy as Safari does: a page's AudioContext
// starts `suspended` and its resume() stays pending until a user gesture (and an <audio>'s
// play() is NotAllowedError), whatever --media-playback-requires-user-gesture says. So in
// WebKit this test runs on the real policy, untouched. Headless Chromium does not enforce it
// (--autoplay-policy is ignored there; checked on Chromium 156, also under Xvfb), nor does
// Firefox with the suite's prefs, so there the test puts the real shared AudioContext in the
// state the policy leaves it in: suspended, with resume() pending until the user has
// interacted (navigator.userActivation). (Not in WebKit: there suspend() on a context the policy
// holds back never settles either.) In every engine the click that unblocks it is a trusted
// click through the browser's input pipeline (CDP, WebDriver BiDi, or W3C WebDriver Actions
// from test/harness/webkit-launcher.mjs), not a synthetic event.
const realPolicy = /AppleWebKit\//.test(navigator.userAgent) && !/Chrome\/|Chromium\//.test(navigator.userAgent);

describe('sound blocked by the autoplay policy', function () {
  this.timeout(20_000);
  let restore = () => {};

  beforeEach(async () => {
    if (realPolicy) return;
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
