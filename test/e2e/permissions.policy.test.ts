import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { setPermissions } from '../harness/sip-commands.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

// Runs in the "real-permissions" browser (web-test-runner.config.mjs): no fake-UI flag, so the
// permissions this file sets through CDP decide whether capture works.
const shadow = (el: Element) => el.shadowRoot!;

describe('media permissions', function () {
  this.timeout(60_000);
  beforeEach(() => setPermissions(['microphone', 'camera']));
  afterEach(async () => {
    await disposeControllers();
    await setPermissions(null);
  });

  it('a denied microphone (CDP permission override) gives media/permission-denied, the phone says so in words, nothing leaks', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
    await until(() => phone.registered, 10_000, 'registered');
    const bob = await registeredController(uniqueUser('bob'));
    await setPermissions(['camera']);
    const error = oneEvent(phone, 'call-error');
    const call = await phone.dial(bob.user);
    const { detail } = await error;
    expect(detail.error.code).to.equal('media/permission-denied');
    expect(call, 'dial resolves with nothing when it fails').to.equal(undefined);
    expect(detail.call, 'the error names the call it ended').to.exist;
    expect(detail.call!.state).to.equal('ended');
    expect(detail.call!.summary).to.include({ reason: 'media', endedBy: 'local', rawCause: 'media/permission-denied' });
    await phone.updateComplete;
    const alert = shadow(phone).querySelector('[role=alert]');
    expect(alert?.getAttribute('data-code')).to.equal('media/permission-denied');
    expect(alert?.textContent).to.match(/denied.*Allow it/s);
    expect(phone.controller.devices.permission.microphone).to.equal('denied');
    expect(phone.controller.media.liveTrackCount).to.equal(0);
    expect(bob.calls, 'no call reached bob').to.deep.equal([]);
    // Dismissed by the user; the next call works once permission is back.
    shadow(phone).querySelector<HTMLButtonElement>('.dismiss')!.click();
    await phone.updateComplete;
    expect(shadow(phone).querySelector('[role=alert]')).to.equal(null);
    await setPermissions(['microphone', 'camera']);
    const incoming = nextEvent(bob, 'call-incoming');
    await phone.dial(bob.user);
    (await incoming).call.hangup();
  });

});
