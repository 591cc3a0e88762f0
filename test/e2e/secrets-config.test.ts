// Secrets stay private without a call: a refused ice-servers value holding a TURN credential
// never shows it, in the error, the console, the DOM or the phone's error part. No WebRTC needed:
// every engine runs it (WebKit too). The secrets of calls: secrets.test.ts.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { TURN_CREDENTIAL, expectNoSecret, observe } from './secrets-helpers.js';

describe('secrets stay private', function () {
  this.timeout(40_000);

  it('a malformed ice-servers value with a credential: the error, its console line, the DOM and the error part never show it', async () => {
    const malformed = `[{"urls":"turn:t.example:3478","username":"u","credential":"${TURN_CREDENTIAL}"`;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const seen = await observe([wrapper], async () => {
      const error = oneEvent(wrapper, 'call-error');
      const phone = document.createElement('call-phone') as CallPhone;
      phone.setAttribute('server', testEnv.sipUrl);
      phone.setAttribute('user', 'alice');
      phone.setAttribute('ice-servers', malformed);
      wrapper.append(phone);
      const { detail } = await error;
      expect(detail.error.code).to.equal('config/invalid-ice-servers');
      await phone.updateComplete;
    });
    const phone = wrapper.querySelector('call-phone')!;
    expect(seen.console.some((line) => line.includes('config/invalid-ice-servers')), 'the error is logged').to.equal(true);
    for (const line of seen.console) expect(line).not.to.contain(TURN_CREDENTIAL);
    seen.details.forEach((detail, i) => expectNoSecret(detail, [TURN_CREDENTIAL], `event detail ${i}`));
    expect(wrapper.outerHTML).not.to.contain(TURN_CREDENTIAL);
    expect(phone.shadowRoot!.querySelector('[part=error]')?.textContent).to.contain('ice-servers').and.not.contain(TURN_CREDENTIAL);
    phone.remove();
  });
});
