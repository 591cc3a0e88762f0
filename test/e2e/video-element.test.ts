// <call-video> showing calls on the dev SIP server: an audio-only caller's name and initials
// (hostile ones too), the far end and our camera in a video call, staying alive through
// framework re-renders, retrying a refused play(), and no listener left behind. Media changes
// mid-call: video-element-media.test.ts. Without a server: src/elements/call-video/call-video.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';
import { MIRRORED, label, part, playing, transform } from '../harness/video-view.js';
import '../../src/elements/call-video/define.js';
import type { CallVideo } from '../../src/elements/call-video/call-video.js';

/** Mean and standard deviation of the luminance of the video's current frame, and the pixels. */
function frame(video: HTMLVideoElement): { mean: number; sd: number; pixels: Uint8ClampedArray } {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 48;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const lum: number[] = [];
  for (let i = 0; i < pixels.length; i += 4) lum.push(0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2]);
  const mean = lum.reduce((a, b) => a + b, 0) / lum.length;
  const sd = Math.sqrt(lum.reduce((a, b) => a + (b - mean) ** 2, 0) / lum.length);
  return { mean, sd, pixels };
}

/** Sum of absolute pixel differences between two frames. */
const difference = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0);

describe('<call-video> on a SIP server', function () {
  this.timeout(60_000);
  afterEach(disposeControllers);

  it('an audio-only call shows the caller initials and name as text, also a hostile one', async () => {
    const hostile = '<img src=x onerror=window.__pwned=1>';
    const [alice, bob] = await Promise.all([
      registeredController(uniqueUser('alice')),
      registeredController(uniqueUser('bob'), { displayName: hostile }),
    ]);
    const el = await fixture<CallVideo>(html`<call-video .controller=${alice}></call-video>`);
    await connectedPair(bob, alice);
    await until(() => el.call?.state === 'connected', 5000, 'the call shown');
    await el.updateComplete;
    await sleep(500);
    expect(el.hasVideo).to.equal(false);
    expect(el.stream, 'no video track: nothing attached').to.equal(null);
    expect(part(el, 'name')!.textContent).to.equal(hostile);
    expect(part(el, 'avatar')!.textContent!.trim()).to.equal('IO');
    expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(0);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(label(el)).to.equal(`${hostile}: no video`);
    await expect(el).to.be.accessible();
  });

  describe('in a real video call', () => {
    let alice: CallController;
    let out: Call;
    beforeEach(async () => {
      const [a, b] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
      alice = a;
      [out] = await connectedPair(a, b, true);
    });

    it('plays the far end unmirrored and our camera mirrored, live and not black; poster on video mute and after hangup', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width:320px">
        <call-video .controller=${alice}></call-video>
        <call-video .controller=${alice} source="local"></call-video>
      </div>`);
      const [remote, local] = [...wrapper.querySelectorAll('call-video')];
      await playing(remote, 'remote');
      await playing(local, 'local');
      expect(remote.stream).to.equal(out.remoteStream);
      expect(local.stream).to.equal(out.localStream);
      expect(remote.videoElement.muted && local.videoElement.muted, 'always muted').to.equal(true);
      expect(remote.videoElement.playsInline).to.equal(true);
      expect(remote.getAttribute('has-video')).to.equal('');
      expect(part(remote, 'poster')).to.equal(null);
      expect(transform(remote)).to.equal('none');
      expect(transform(local)).to.equal(MIRRORED);
      expect(label(remote)).to.equal(`Video of ${out.remote.user}`);

      const first = frame(remote.videoElement);
      expect(first.mean, 'not black').to.be.above(15);
      expect(first.sd, 'a picture, not a flat colour').to.be.above(5);
      await sleep(500);
      expect(difference(first.pixels, frame(remote.videoElement).pixels), 'frames change').to.be.above(0);
      await expect(remote).to.be.accessible();
      await expect(local).to.be.accessible();

      out.mute('video');
      await local.updateComplete;
      expect(local.hasVideo, 'camera muted: poster').to.equal(false);
      expect(part(local, 'name')!.textContent).to.equal('You');
      out.unmute('video');
      await local.updateComplete;
      expect(local.hasVideo).to.equal(true);

      const ended = nextEvent(alice, 'call-ended');
      out.hangup();
      await ended;
      await remote.updateComplete;
      expect(remote.hasVideo).to.equal(false);
      expect(remote.stream).to.equal(null);
      expect(local.stream).to.equal(null);
      expect(part(remote, 'poster')).to.not.equal(null);
      expect(label(remote)).to.equal('No video');
    });

    it('keeps the same <video> playing when a framework re-render reorders, re-parents or briefly removes it', async () => {
      const host = await fixture<HTMLDivElement>(html`<div><section id="a"></section><section id="b"></section></div>`);
      const [a, b] = [...host.querySelectorAll('section')];
      // A tiny "framework": a keyed list re-rendered with lit's repeat(), which moves nodes on reorder.
      const view = (keys: string[], target: HTMLElement) =>
        render(html`${repeat(keys, (k) => k, (k) => html`<call-video id=${k} .controller=${alice} fit=${k === 'tile' ? 'cover' : 'contain'}></call-video>`)}`, target);
      view(['tile', 'other'], a);
      const el = a.querySelector<CallVideo>('#tile')!;
      await playing(el, 'first render');
      const video = el.videoElement;
      const stillPlaying = async (what: string) => {
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('video'), `${what}: same node`).to.equal(video);
        expect(el.videoElement).to.equal(video);
        expect(video.paused, `${what}: not paused`).to.equal(false);
        const t = video.currentTime;
        await until(() => video.currentTime > t + 0.2, 5000, `${what}: currentTime advancing`);
      };

      view(['other', 'tile'], a);
      expect(a.lastElementChild).to.equal(el);
      await stillPlaying('reordered');

      // Re-parented in the same task (disconnect + connect).
      b.append(el);
      await stillPlaying('re-parented');

      // Removed, then put back a few frames later (the browser pauses a removed video).
      el.remove();
      await sleep(200);
      expect(video.paused, 'paused while out of the document').to.equal(true);
      a.append(el);
      await stillPlaying('re-inserted later');
    });

    it('retries a refused play() on the next user gesture and on call-sound-unblocked', async () => {
      const el = document.createElement('call-video');
      const video = el.videoElement;
      const realPlay = video.play.bind(video);
      let refuse = true;
      let attempts = 0;
      video.play = () => {
        attempts++;
        return refuse ? Promise.reject(new DOMException('autoplay refused', 'NotAllowedError')) : realPlay();
      };
      video.autoplay = false; // stand in for a browser that refuses autoplay
      el.controller = alice;
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.append(el);
      await until(() => el.playBlocked, 5000, 'play refused');
      expect(el.hasAttribute('play-blocked')).to.equal(true);
      expect(video.paused).to.equal(true);
      refuse = false;
      const before = attempts;
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      await until(() => !video.paused && !el.playBlocked, 5000, 'playing after a gesture');
      expect(attempts).to.equal(before + 1);
      expect(el.hasAttribute('play-blocked')).to.equal(false);

      video.pause();
      refuse = true;
      el.remove();
      wrapper.append(el); // connect re-calls play(): refused again
      await until(() => el.playBlocked, 5000, 'refused again');
      refuse = false;
      alice.dispatchEvent(new CustomEvent('call-sound-unblocked', { detail: {} }));
      await until(() => !video.paused && !el.playBlocked, 5000, 'playing after call-sound-unblocked');
      const t = video.currentTime;
      await until(() => video.currentTime > t + 0.2, 5000, 'currentTime advancing');
    });

    it('leaves no listener behind: 50 create/remove cycles on the controller, the document and the video track', async () => {
      // Counts live listeners by wrapping addEventListener/removeEventListener of the controller,
      // the document and the remote video track (same type + listener + capture = one listener).
      const track = out.remoteStream.getVideoTracks()[0];
      const counters = [alice, document, track].map((target) => {
        const live = new Set<string>();
        const ids = new WeakMap<object, number>();
        let next = 0;
        const key = (type: string, fn: unknown, options?: boolean | EventListenerOptions) => {
          const capture = typeof options === 'boolean' ? options : !!options?.capture;
          if (!ids.has(fn as object)) ids.set(fn as object, next++);
          return `${type}|${ids.get(fn as object)}|${capture}`;
        };
        const add = target.addEventListener.bind(target);
        const remove = target.removeEventListener.bind(target);
        target.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
          if (fn) live.add(key(type, fn, options));
          add(type, fn as EventListenerOrEventListenerObject, options);
        };
        target.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) => {
          if (fn) live.delete(key(type, fn, options));
          remove(type, fn as EventListenerOrEventListenerObject, options);
        };
        return live;
      });
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const baseline = counters.map((c) => c.size);
      let whileShown: number[] = [];
      for (let i = 0; i < 50; i++) {
        const el = document.createElement('call-video');
        el.controller = alice;
        wrapper.append(el);
        await el.updateComplete;
        if (i === 0) {
          await until(() => el.hasVideo, 10_000, 'showing the remote video');
          whileShown = counters.map((c) => c.size);
        }
        el.remove();
      }
      expect(whileShown[0], 'it did listen to the controller').to.be.above(baseline[0]);
      expect(whileShown[2], 'it did listen to the track').to.be.above(baseline[2]);
      expect(counters.map((c) => c.size)).to.deep.equal(baseline);
    });
  });
});
