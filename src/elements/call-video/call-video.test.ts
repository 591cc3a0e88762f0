// <call-video> without a SIP server: the poster with no call, fit and mirror, finding the
// controller, initials. Showing calls on the dev SIP server: test/e2e/video-element.test.ts and
// test/e2e/video-element-media.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { CallController } from '../../core/call-controller.js';
import { until } from '../../../test/e2e/helpers.js';
import { MIRRORED, label, part, transform } from '../../../test/harness/video-view.js';
import '../call-phone/define.js';
import './define.js';
import { initialsOf } from './call-video.js';
import type { CallVideo } from './call-video.js';

describe('<call-video>', function () {
  this.timeout(60_000);

  it('with no controller warns once and shows the idle poster, without throwing', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    try {
      const el = await fixture<CallVideo>(html`<call-video></call-video>`);
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(warnings.filter((w) => w.includes('no controller'))).to.have.length(1);
      expect(el.hasVideo).to.equal(false);
      expect(el.hasAttribute('has-video')).to.equal(false);
      expect(part(el, 'poster')).to.not.equal(null);
      expect(label(el)).to.equal('No video');
    } finally {
      console.warn = warn;
    }
  });

  it('shows a poster with no call: an icon remotely, an icon and "You" locally, the poster image if given; accessible', async () => {
    const controller = new CallController();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-video .controller=${controller}></call-video>
      <call-video .controller=${controller} source="local"></call-video>
      <call-video .controller=${controller} poster="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></call-video>
    </div>`);
    const [remote, local, withPoster] = [...wrapper.querySelectorAll('call-video')];
    await Promise.all([remote.updateComplete, local.updateComplete, withPoster.updateComplete]);
    expect(remote.stream).to.equal(null);
    expect(part(remote, 'avatar')!.querySelector('svg')).to.not.equal(null);
    expect(part(remote, 'name')).to.equal(null);
    expect(part(local, 'name')!.textContent).to.equal('You');
    expect(label(local)).to.equal('No video');
    expect(part(withPoster, 'poster-image')!.getAttribute('src')).to.match(/^data:image\/gif/);
    expect(part(withPoster, 'avatar')).to.equal(null);
    // An image that fails to load falls back to the icon.
    withPoster.poster = 'data:image/gif;base64,AAAA';
    await until(() => part(withPoster, 'poster-image') === null && part(withPoster, 'avatar') !== null, 3000, 'fallback');
    // The poster shows; the video stays in the shadow root, hidden.
    expect(getComputedStyle(remote.videoElement).visibility).to.equal('hidden');
    for (const el of [remote, local, withPoster]) await expect(el).to.be.accessible();
    // 16:9 by default when only the width is given.
    remote.style.width = '320px';
    expect(Math.round(remote.getBoundingClientRect().height)).to.equal(180);
  });

  it('maps fit to object-fit (warning on an unknown value) and mirror to a transform', async () => {
    const controller = new CallController();
    const el = await fixture<CallVideo>(html`<call-video .controller=${controller}></call-video>`);
    expect(getComputedStyle(el.videoElement).objectFit).to.equal('contain');
    el.fit = 'cover';
    await el.updateComplete;
    expect(el.getAttribute('fit')).to.equal('cover');
    expect(getComputedStyle(el.videoElement).objectFit).to.equal('cover');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    el.setAttribute('fit', 'stretch');
    await el.updateComplete;
    console.warn = warn;
    expect(warnings.some((w) => w.includes('fit="stretch"'))).to.equal(true);
    expect(getComputedStyle(el.videoElement).objectFit).to.equal('contain');

    expect(transform(el), 'remote: not mirrored').to.equal('none');
    el.setAttribute('mirror', 'on');
    await el.updateComplete;
    expect(transform(el)).to.equal(MIRRORED);
    el.setAttribute('source', 'local');
    el.setAttribute('mirror', 'auto');
    await el.updateComplete;
    expect(transform(el), 'local camera: mirrored').to.equal(MIRRORED);
    expect(el.hasAttribute('mirrored')).to.equal(true);
    el.setAttribute('mirror', 'off');
    await el.updateComplete;
    expect(transform(el)).to.equal('none');
  });

  it('finds the phone controller by for= and by context', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-phone id="desk" headless><call-video></call-video></call-phone>
      <call-video for="desk"></call-video>
    </div>`);
    const phone = wrapper.querySelector('call-phone')!;
    const [inside, named] = [...wrapper.querySelectorAll('call-video')];
    expect(phone.controller).to.not.equal(undefined);
    expect(inside.controller).to.equal(phone.controller);
    expect(named.controller).to.equal(phone.controller);
  });

  it('initials: first and last word, letters and digits only, any script', () => {
    expect(initialsOf('Ada King Lovelace')).to.equal('AL');
    expect(initialsOf('bob')).to.equal('B');
    expect(initialsOf('张三')).to.equal('张');
    expect(initialsOf('  ')).to.equal('');
    expect(initialsOf('<>')).to.equal('');
  });
});
