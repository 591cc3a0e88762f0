import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

const shadow = (el: Element) => el.shadowRoot!;

async function registeredPhone(): Promise<CallPhone> {
  const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
  await until(() => phone.registered, 10_000, 'registered');
  return phone;
}

describe('<call-phone> media controls', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await disposeControllers();
    localStorage.removeItem('call-elements:devices');
  });

  it('adds video, shares the screen and goes back to audio from its buttons', async () => {
    const phone = await registeredPhone();
    const bob = await registeredController(uniqueUser('bob'));
    const [call] = await connectedPair(phone.controller, bob);
    await phone.updateComplete;
    const click = async (selector: string) => {
      shadow(phone).querySelector<HTMLButtonElement>(selector)!.click();
      await phone.updateComplete;
    };
    const bobSees = nextEvent(bob, 'call-video-change', (d) => d.remoteVideo);
    await click('.video-toggle');
    await bobSees;
    await until(() => call.video, 5000, 'video');
    await phone.updateComplete;
    expect(shadow(phone).querySelector('.video-toggle')!.textContent!.trim()).to.equal('Audio only');
    const sharing = nextEvent(phone.controller, 'call-screen-share', (d) => d.sharing);
    await click('.share');
    await sharing;
    await phone.updateComplete;
    expect(phone.hasAttribute('screen-sharing')).to.equal(true);
    expect(shadow(phone).querySelector('.share')!.getAttribute('aria-pressed')).to.equal('true');
    const stopped = nextEvent(phone.controller, 'call-screen-share', (d) => !d.sharing);
    await click('.share');
    await stopped;
    const bobLoses = nextEvent(bob, 'call-video-change', (d) => !d.remoteVideo);
    await click('.video-toggle');
    await bobLoses;
    await until(() => !call.video, 5000, 'video removed');
    expect(phone.controller.media.liveTrackCount, 'only the microphone').to.equal(1);
    await expect(phone).to.be.accessible();
  });
});
