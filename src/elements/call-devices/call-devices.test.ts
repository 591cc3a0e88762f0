// <call-devices> without a SIP server: pickers, permission, preview, level, speaker test,
// for= and context, hiding and removal (controllers never started).
// Switching devices in a call on the dev SIP server: test/e2e/devices-element.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { CallController } from '../../core/call-controller.js';
import { audioContextUsers, sharedAudioContext } from '../../media/audio-context.js';
import { Tones } from '../../media/tones.js';
import { nextEvent, sleep, until } from '../../../test/e2e/helpers.js';
import { alert, labels, level, part, pick, playing, select, video } from '../../../test/harness/devices-view.js';
import '../call-phone/define.js';
import './define.js';
import type { CallDevices } from './call-devices.js';
import { freshProfile, listenerCount } from '../../../test/fakes/media-devices.js';

/** Controllers made here (never started). */
const local: CallController[] = [];
function controller(): CallController {
  const made = new CallController();
  local.push(made);
  return made;
}

describe('<call-devices>', function () {
  this.timeout(60_000);
  beforeEach(() => localStorage.removeItem('call-elements:devices'));
  afterEach(async () => {
    await Promise.all(local.splice(0).map((c) => c.dispose()));
    localStorage.removeItem('call-elements:devices');
  });

  it('with no controller warns once and says it is not connected, without throwing', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    try {
      const el = await fixture<CallDevices>(html`<call-devices></call-devices>`);
      el.requestUpdate();
      await el.updateComplete;
      await fixture<CallDevices>(html`<call-devices for="nobody"></call-devices>`);
      expect(el.shadowRoot!.textContent).to.contain('Not connected to a phone.');
      expect(await el.requestPermission()).to.equal(false);
      expect(warnings.filter((w) => w.includes('[call-elements] <call-devices>: found no controller'))).to.have.length(1);
      await expect(el).to.be.accessible();
    } finally {
      console.warn = warn;
    }
  });

  it('asks no permission on connect; the allow button asks exactly once, then names the devices (axe-clean before and after)', async () => {
    // Simulates a profile that was never granted access: getUserMedia is wrapped to count its
    // calls, and until it succeeds enumerateDevices hides names and ids, as Chrome does.
    const profile = freshProfile();
    try {
      const phone = controller();
      const requests: unknown[] = [];
      const request = phone.devices.requestPermission.bind(phone.devices);
      phone.devices.requestPermission = (kinds) => (requests.push(kinds), request(kinds));
      const el = await fixture<CallDevices>(html`<call-devices .controller=${phone}></call-devices>`);
      await until(() => labels(el, 'audioinput').length > 0, 5000, 'pickers');
      await sleep(500);
      expect(profile.calls, 'getUserMedia calls after connect').to.have.length(0);
      expect(labels(el, 'audioinput')).to.deep.equal(['Microphone 1']);
      expect(labels(el, 'videoinput')).to.deep.equal(['Camera 1']);
      expect(labels(el, 'audiooutput')).to.deep.equal(['Speaker 1']);
      expect(el.getAttribute('permission')).to.equal('prompt');
      expect(video(el).hidden, 'no camera picture yet').to.equal(true);
      const allow = part(el, 'allow-button') as HTMLButtonElement;
      expect(allow.textContent!.trim()).to.equal('Allow microphone and camera');
      await expect(el).to.be.accessible();

      allow.click();
      await until(() => labels(el, 'audioinput').includes('Fake Audio Input 1'), 5000, 'device names');
      expect(requests).to.deep.equal([{ audio: true, video: true }]);
      expect(profile.calls[0]).to.deep.equal({ audio: true, video: true });
      expect(labels(el, 'videoinput')).to.include.members(['fake_device_0', 'fake_device_1']);
      expect(labels(el, 'audiooutput')).to.include('Fake Audio Output 1');
      expect(el.getAttribute('permission')).to.equal('granted');
      expect(part(el, 'allow-button')).to.equal(null);
      await playing(el, 'after the grant');
      await expect(el).to.be.accessible();
    } finally {
      profile.restore();
    }
  });

  it('before a call: a chosen microphone is remembered, previewed (old capture released) and its level shows', async () => {
    const phone = controller();
    const el = await fixture<CallDevices>(html`<call-devices .controller=${phone}></call-devices>`);
    await until(() => labels(el, 'audioinput').includes('Fake Audio Input 1'), 5000, 'device names');
    await until(() => phone.media.liveTrackCount === 2, 5000, 'microphone and camera preview');
    const id = pick(el, 'audioinput', 'Fake Audio Input 1');
    await until(() => phone.devices.selected('audioinput') === id, 5000, 'the choice');
    await el.updateComplete;
    expect(select(el, 'audioinput').value).to.equal(id);
    const later = controller();
    await later.devices.refresh();
    expect(later.devices.selected('audioinput'), 'a new controller reads the remembered choice').to.equal(id);

    await until(() => level(el) > 0, 8000, 'a microphone level above 0 from the fake tone');
    expect(phone.media.liveTrackCount, 'the previous microphone was released').to.equal(2);
    await playing(el, 'before a call');
  });

  it('"Test speaker" plays a beep on the chosen speaker', async () => {
    const phone = controller();
    const el = await fixture<CallDevices>(html`<call-devices .controller=${phone} kinds="audiooutput"></call-devices>`);
    await until(() => labels(el, 'audiooutput').includes('Fake Audio Output 2'), 5000, 'speaker names');
    const id = pick(el, 'audiooutput', 'Fake Audio Output 2');
    await until(() => phone.devices.selected('audiooutput') === id, 5000, 'the choice');
    const users = audioContextUsers();
    const button = part(el, 'test-button') as HTMLButtonElement;
    expect(button.textContent!.trim()).to.equal('Test speaker');
    button.click();
    await until(() => audioContextUsers() === users + 1, 2000, 'the test tone to play');
    await until(() => Tones.currentSink(sharedAudioContext()!) === id, 2000, 'the tone on the chosen speaker');
    await until(() => audioContextUsers() === users, 3000, 'the test tone to end');
  });

  it('explains, and disables the speaker picker, where the browser cannot choose outputs', async () => {
    const phone = controller();
    Object.defineProperty(phone, 'capabilities', { value: { ...phone.capabilities, setSinkId: false } });
    const el = await fixture<CallDevices>(html`<call-devices .controller=${phone} kinds="audiooutput ringtone"></call-devices>`);
    for (const slot of ['audiooutput', 'ringtone']) {
      const menu = select(el, slot);
      expect(menu.disabled, slot).to.equal(true);
      const note = el.shadowRoot!.getElementById(menu.getAttribute('aria-describedby')!)!;
      expect(note.textContent).to.equal('This browser cannot choose a speaker: sound plays on the system default output.');
    }
    await expect(el).to.be.accessible();
  });

  it('shows a refused permission in plain words (role=alert) and reflects permission="denied"', async () => {
    // Simulated refusal: getUserMedia is wrapped to reject with NotAllowedError, as when the
    // user blocks the prompt. (The real CDP permission-denied case is tested in the core.)
    const profile = freshProfile({ reject: () => new DOMException('Permission denied', 'NotAllowedError') });
    try {
      const phone = controller();
      const errors: string[] = [];
      phone.addEventListener('call-error', (e) => errors.push(e.detail.error.code));
      const el = await fixture<CallDevices>(html`<call-devices .controller=${phone}></call-devices>`);
      await until(() => !!part(el, 'allow-button'), 5000, 'allow button');
      expect(alert(el)).to.equal(null);
      part(el, 'allow-button')!.click();
      await until(() => alert(el) !== null, 5000, 'an alert');
      expect(alert(el)!.textContent).to.match(/access was denied\. Allow it in the browser/);
      expect(el.getAttribute('permission')).to.equal('denied');
      expect(errors).to.deep.equal(['media/permission-denied']);
      expect(profile.calls).to.have.length(1);
      await expect(el).to.be.accessible();
    } finally {
      profile.restore();
    }
  });

  it('kinds chooses the pickers (ringtone too); a camera not shown is not captured', async () => {
    const phone = controller();
    const el = await fixture<CallDevices>(html`<call-devices .controller=${phone} kinds="audioinput ringtone"></call-devices>`);
    await until(() => labels(el, 'ringtone').includes('Fake Audio Output 2'), 5000, 'ringtone picker');
    expect(select(el, 'videoinput')).to.equal(null);
    expect(part(el, 'preview')).to.equal(null);
    await until(() => phone.media.liveTrackCount === 1, 5000, 'microphone preview');
    await sleep(300);
    expect(phone.media.liveTrackCount, 'no camera').to.equal(1);
    const id = pick(el, 'ringtone', 'Fake Audio Output 2');
    await until(() => phone.devices.selected('ringtone') === id, 5000, 'ringtone choice');
    expect(phone.devices.selected('audiooutput'), 'the speaker keeps its own choice').to.equal('');
  });

  it('follows the phone named by for=, says in words when a chosen device was unplugged, and speaks Chinese by lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="zh-Hans">
      <call-phone id="desk" headless></call-phone>
      <call-devices for="desk" kinds="audioinput"></call-devices>
    </div>`);
    const phone = wrapper.querySelector('call-phone')!;
    const el = wrapper.querySelector('call-devices')!;
    await el.updateComplete;
    expect(el.controller).to.equal(phone.controller);
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('麦克风');
    const seen = nextEvent(el, 'call-device-change');
    phone.controller!.emit('call-device-change', {
      slot: 'audioinput',
      deviceId: '',
      previous: 'x',
      reason: 'unplugged',
      lost: { deviceId: 'x', groupId: '', kind: 'audioinput', label: 'USB Headset' },
    });
    expect((await seen).reason).to.equal('unplugged');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('“USB Headset”已断开，现在使用系统默认设备。');
  });

  it('inside a <call-phone> uses its controller by context and does not repeat its events', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><call-phone><call-devices kinds="audiooutput"></call-devices></call-phone></div>`);
    const phone = wrapper.querySelector('call-phone')!;
    const el = wrapper.querySelector('call-devices')!;
    await el.updateComplete;
    expect(el.controller).to.equal(phone.controller);
    await until(() => labels(el, 'audiooutput').includes('Fake Audio Output 1'), 5000, 'speaker names');
    let seen = 0;
    wrapper.addEventListener('call-device-change', () => seen++);
    const id = pick(el, 'audiooutput', 'Fake Audio Output 1');
    await until(() => seen > 0, 5000, 'call-device-change');
    await sleep(200);
    expect(seen, 'one event per change').to.equal(1);
    expect(phone.controller!.devices.selected('audiooutput')).to.equal(id);
  });

  it('warns once about an unknown kind and shows the others', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
    try {
      const el = await fixture<CallDevices>(html`<call-devices .controller=${controller()} kinds="audioinput webcam"></call-devices>`);
      el.requestUpdate();
      await el.updateComplete;
      expect(warnings.filter((w) => w.includes('unknown kind "webcam"'))).to.have.length(1);
      expect([...el.shadowRoot!.querySelectorAll('select')].map((s) => s.id)).to.deep.equal(['select-audioinput']);
    } finally {
      console.warn = warn;
    }
  });

  it('captures nothing while hidden (e.g. in a closed dialog) and stops when hidden again', async () => {
    const phone = controller();
    const wrapper = await fixture<HTMLDivElement>(html`<div hidden><call-devices .controller=${phone}></call-devices></div>`);
    const el = wrapper.querySelector('call-devices')!;
    await until(() => labels(el, 'audioinput').includes('Fake Audio Input 1'), 5000, 'device names');
    await sleep(500);
    expect(phone.media.liveTrackCount, 'hidden').to.equal(0);
    wrapper.hidden = false;
    await until(() => phone.media.liveTrackCount === 2, 5000, 'preview once shown');
    await until(() => level(el) > 0, 8000, 'a level once shown');
    wrapper.hidden = true;
    await until(() => phone.media.liveTrackCount === 0, 5000, 'released when hidden');
  });

  it('removal releases preview tracks, level meter and listeners; 30 create/remove cycles leave nothing', async () => {
    const phone = controller();
    await phone.devices.refresh();
    const tracks = phone.media.liveTrackCount;
    const users = audioContextUsers();
    const listeners = listenerCount([phone, phone.devices, document]);
    for (let i = 0; i < 30; i++) {
      const el = document.createElement('call-devices');
      el.controller = phone;
      document.body.append(el);
      await until(() => phone.media.liveTrackCount === tracks + 2 && audioContextUsers() === users + 1, 5000, `preview ${i}`);
      el.remove();
      await until(() => phone.media.liveTrackCount === tracks, 5000, `release ${i}`);
    }
    expect(audioContextUsers(), 'level meters disposed').to.equal(users);
    expect(listeners.live(), 'listeners left on controller, devices and document').to.equal(0);
    listeners.restore();
  });
});
