import { expect, fixture, html } from '@open-wc/testing';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { CallController } from '../../core/call-controller.js';
import '../call-phone/define.js';
import type { CallPhone } from '../call-phone/call-phone.js';
import { callControllerContext } from './controller-context.js';
import { controllerFor } from './resolve-controller.js';

/** A minimal consumer standing in for the elements that will use a phone's controller. */
class ControllerProbe extends LitElement {
  readonly consumer = new ContextConsumer(this, { context: callControllerContext, subscribe: true });
}
customElements.define('controller-probe', ControllerProbe);

describe('finding a phone controller', () => {
  it('gives descendants the phone controller by context, also when they upgrade late', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone><controller-probe></controller-probe></call-phone>`);
    const probe = phone.querySelector('controller-probe') as ControllerProbe;
    await probe.updateComplete;
    expect(probe.consumer.value).to.equal(phone.controller);

    const late = document.createElement('controller-probe') as ControllerProbe;
    phone.append(late);
    await late.updateComplete;
    expect(late.consumer.value).to.equal(phone.controller);
  });

  it('follows a shared controller set from outside', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone><controller-probe></controller-probe></call-phone>`);
    const shared = new CallController();
    phone.controller = shared;
    await phone.updateComplete;
    expect((phone.querySelector('controller-probe') as ControllerProbe).consumer.value).to.equal(shared);
  });

  it('resolves for="id" to the named phone, and undefined for a missing id', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><call-phone id="desk"></call-phone><span id="elsewhere"></span></div>`);
    const phone = wrapper.querySelector('call-phone')!;
    const span = wrapper.querySelector('span')!;
    expect(controllerFor(span, 'desk')).to.equal(phone.controller);
    expect(controllerFor(span, 'nope')).to.equal(undefined);
    expect(controllerFor(span, 'elsewhere')).to.equal(undefined);
  });
});
