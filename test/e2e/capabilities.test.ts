import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import '../../src/elements/call-devices/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { CallError } from '../../src/base/errors.js';
import { detectCapabilities } from '../../src/media/capabilities.js';
import { testEnv } from '../harness/env.js';
import { connectedPair, disposeControllers, registeredController, uniqueUser, until } from './helpers.js';

/** Removes a property from an object for the test; returns its undo. */
function remove(target: object, name: string): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor) throw new Error(`${name} is not an own property here`);
  delete (target as Record<string, unknown>)[name];
  return () => Object.defineProperty(target, name, descriptor);
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return (error as CallError).code;
  }
  return 'resolved';
}

describe('capabilities that can be wrong', function () {
  this.timeout(60_000);
  afterEach(() => disposeControllers());

  it('with screen capture, speaker choice and codec listing removed from the page: no Share button, the speaker picker disabled with a note, media/unsupported when called anyway', async () => {
    const undo = [
      remove(MediaDevices.prototype, 'getDisplayMedia'),
      remove(HTMLMediaElement.prototype, 'setSinkId'),
      remove(RTCRtpSender, 'getCapabilities'),
    ];
    try {
      expect(detectCapabilities()).to.include({ getDisplayMedia: false, setSinkId: false, h264: false, webrtc: true, getUserMedia: true });
      const phone = await fixture<CallPhone>(html`<call-phone id="p" server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones>
        <call-devices for="p"></call-devices>
      </call-phone>`);
      await until(() => phone.registered, 10_000, 'registered');
      expect(phone.controller.capabilities).to.include({ getDisplayMedia: false, setSinkId: false });
      const bob = await registeredController(uniqueUser('bob'));
      const [call] = await connectedPair(phone.controller, bob);
      await phone.updateComplete;
      const root = phone.shadowRoot!;
      expect(root.querySelector('.hangup'), 'in-call controls shown').to.not.equal(null);
      expect(root.querySelector('.share'), 'no Share button').to.equal(null);
      const devices = phone.querySelector('call-devices')!;
      await until(() => !!devices.shadowRoot?.querySelector('#select-audiooutput'), 5000, 'speaker picker');
      const picker = devices.shadowRoot!.querySelector<HTMLSelectElement>('#select-audiooutput')!;
      expect(picker.disabled, 'speaker picker disabled').to.equal(true);
      expect(devices.shadowRoot!.querySelector('#select-audiooutput-note')!.textContent).to.match(/cannot choose a speaker/);
      expect(await code(call.shareScreen())).to.equal('media/unsupported');
      expect(await code(phone.controller.selectDevice('audiooutput', 'any'))).to.equal('media/unsupported');
      expect(await code(phone.controller.selectDevice('ringtone', 'any'))).to.equal('media/unsupported');
      expect(call.state).to.equal('connected');
    } finally {
      for (const fn of undo) fn();
    }
    expect(detectCapabilities()).to.include({ getDisplayMedia: true, setSinkId: true });
  });
});
