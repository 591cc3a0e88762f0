// A one-to-one SIP call on the dev server shows no participant list and no Invite. The list
// itself (scripted group calls, TRTC on the fake cloud): src/elements/call-phone/call-phone.participants.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { testEnv } from '../harness/env.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

const root = (el: Element) => el.shadowRoot!;

describe('<call-phone> participants of a SIP call', function () {
  this.timeout(60_000);
  const phones: CallPhone[] = [];
  afterEach(async () => {
    for (const phone of phones.splice(0)) {
      for (const call of phone.calls) call.hangup();
      await phone.controller.dispose();
      phone.remove();
    }
    await disposeControllers();
  });

  it('keeps a one-to-one SIP call as it was (no list, no Invite); phone.invite shows call/unsupported', async () => {
    const bob = await registeredController(uniqueUser('bob'));
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
    phones.push(phone);
    await until(() => phone.registered, 10_000, 'registered');
    const incoming = nextEvent(bob, 'call-incoming');
    await phone.dial(bob.user);
    const { call } = await incoming;
    await call.answer();
    await until(() => phone.state === 'connected', 10_000, 'connected');
    await phone.updateComplete;
    expect(phone.activeCall!.participants).to.have.length(1);
    expect(root(phone).querySelector('[part~=participants]')).to.equal(null);
    expect(root(phone).querySelector('.invite')).to.equal(null);
    expect(await phone.invite('carol')).to.equal(false);
    await phone.updateComplete;
    expect(root(phone).querySelector('[part=error]')?.getAttribute('data-code')).to.equal('call/unsupported');
    expect(await phone.dial([uniqueUser('x'), uniqueUser('y')])).to.equal(undefined);
  });
});
