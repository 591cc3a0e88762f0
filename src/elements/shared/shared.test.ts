import { expect, fixture, html } from '@open-wc/testing';
import { property } from 'lit/decorators.js';
import { CallController } from '../../core/call-controller.js';
import { CallError } from '../../base/errors.js';
import type { CallEventDetailMap } from '../../core/events.js';
import '../call-phone/define.js';
import type { CallPhone } from '../call-phone/call-phone.js';
import { CallElement } from './call-element.js';
import { ControllerConsumer } from './controller-consumer.js';
import { controllerFor } from './resolve-controller.js';

/** A minimal element using the consumer the way the real elements do. */
class ConsumerProbe extends CallElement {
  @property({ attribute: 'for' }) htmlFor = '';
  readonly errors: string[] = [];
  readonly changes: [CallController | undefined, CallController | undefined][] = [];
  forwarding = true;
  readonly consumer = new ControllerConsumer(this, { onChange: (previous, next) => this.changes.push([previous, next]) })
    .on('call-error', (detail: CallEventDetailMap['call-error']) => this.errors.push(detail.error.code))
    .forward(['call-device-list-change'], () => this.forwarding);
}
customElements.define('consumer-probe', ConsumerProbe);

const controllers: CallController[] = [];
function controller(): CallController {
  const made = new CallController();
  controllers.push(made);
  return made;
}

/** Fires a `call-error` on a controller without a console warning. */
function fireError(target: CallController, code: 'call/not-found' | 'call/invalid-state' = 'call/not-found'): void {
  target.dispatchEvent(new CustomEvent('call-error', { detail: { error: new CallError(code, 'test') } }));
}

async function captureWarnings(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('ControllerConsumer (how every element finds its controller)', () => {
  afterEach(async () => {
    await Promise.all(controllers.splice(0).map((c) => c.dispose()));
  });

  it('gives descendants the phone controller by context, also when they upgrade late', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone><consumer-probe></consumer-probe></call-phone>`);
    const probe = phone.querySelector('consumer-probe') as ConsumerProbe;
    await probe.updateComplete;
    expect(probe.consumer.value).to.equal(phone.controller);
    expect(probe.consumer.fromContext).to.equal(true);

    const late = document.createElement('consumer-probe') as ConsumerProbe;
    phone.append(late);
    await late.updateComplete;
    expect(late.consumer.value).to.equal(phone.controller);
  });

  it('follows a shared controller set on the phone, and moves its typed handlers with it', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone><consumer-probe></consumer-probe></call-phone>`);
    const probe = phone.querySelector('consumer-probe') as ConsumerProbe;
    const first = phone.controller;
    const shared = controller();
    phone.controller = shared;
    await phone.updateComplete;
    expect(probe.consumer.value).to.equal(shared);
    expect(probe.changes.at(-1)).to.deep.equal([first, shared]);
    fireError(first, 'call/invalid-state');
    fireError(shared, 'call/not-found');
    expect(probe.errors).to.deep.equal(['call/not-found']);
  });

  it('prefers an explicit controller over for= and context, and goes back to looking when it is cleared', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-phone id="named"></call-phone>
      <call-phone><consumer-probe for="named"></consumer-probe></call-phone>
    </div>`);
    const [named, enclosing] = [...wrapper.querySelectorAll('call-phone')] as CallPhone[];
    const probe = wrapper.querySelector('consumer-probe') as ConsumerProbe;
    await probe.updateComplete;
    expect(probe.consumer.value, 'for= wins over context').to.equal(named.controller);
    expect(probe.consumer.fromContext).to.equal(false);
    const explicit = controller();
    probe.consumer.explicit = explicit;
    expect(probe.consumer.value).to.equal(explicit);
    probe.consumer.explicit = undefined;
    expect(probe.consumer.value).to.equal(named.controller);
    probe.htmlFor = '';
    await probe.updateComplete;
    expect(probe.consumer.value, 'context once for= is gone').to.equal(enclosing.controller);
  });

  it('resolves for= in its own shadow root, re-resolves when for changes and when the named phone connects later', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const probe = document.createElement('consumer-probe') as ConsumerProbe;
    probe.htmlFor = 'later';
    root.append(probe);
    await probe.updateComplete;
    expect(probe.consumer.value).to.equal(undefined);

    const phone = document.createElement('call-phone') as CallPhone;
    phone.id = 'later';
    root.append(phone);
    await phone.updateComplete;
    expect(probe.consumer.value, 'the phone announced itself').to.equal(phone.controller);

    const other = document.createElement('call-phone') as CallPhone;
    other.id = 'other';
    root.append(other);
    probe.htmlFor = 'other';
    await probe.updateComplete;
    expect(probe.consumer.value).to.equal(other.controller);
  });

  it('follows a phone that gets the id after both connected (as @lit/react sets ids), and lets go when the id changes', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><call-phone></call-phone><consumer-probe for="desk"></consumer-probe></div>`);
    const phone = host.querySelector('call-phone') as CallPhone;
    const probe = host.querySelector('consumer-probe') as ConsumerProbe;
    await probe.updateComplete;
    expect(probe.consumer.value).to.equal(undefined);
    phone.id = 'desk';
    // Compared by identity: a failure message does not print a whole controller.
    expect(probe.consumer.value === phone.controller, 'found at once').to.equal(true);
    phone.setAttribute('id', 'other');
    expect(probe.consumer.value === undefined, 'no phone has that id any more').to.equal(true);
  });

  it('unsubscribes on disconnect and subscribes again on reconnect: a removed element hears nothing', async () => {
    const shared = controller();
    const probe = await fixture<ConsumerProbe>(html`<consumer-probe></consumer-probe>`);
    probe.consumer.explicit = shared;
    fireError(shared);
    probe.remove();
    expect(probe.consumer.value).to.equal(undefined);
    fireError(shared);
    expect(probe.errors).to.have.length(1);
    document.body.append(probe);
    fireError(shared);
    expect(probe.errors).to.have.length(2);
    probe.remove();
  });

  it('re-dispatches forwarded events from the element, bubbling and composed, only when asked to', async () => {
    const shared = controller();
    const probe = await fixture<ConsumerProbe>(html`<consumer-probe></consumer-probe>`);
    probe.consumer.explicit = shared;
    const seen: Event[] = [];
    document.addEventListener('call-device-list-change', (event) => seen.push(event), { once: true });
    shared.dispatchEvent(new CustomEvent('call-device-list-change', { detail: { devices: [] } }));
    expect(seen).to.have.length(1);
    expect(seen[0].target).to.equal(probe);
    expect(seen[0].composed).to.equal(true);
    probe.forwarding = false;
    let again = 0;
    probe.addEventListener('call-device-list-change', () => again++);
    shared.dispatchEvent(new CustomEvent('call-device-list-change', { detail: { devices: [] } }));
    expect(again).to.equal(0);
  });

  it('warns once per element, in one format, when it finds no controller, and not when it finds one', async () => {
    const logged = await captureWarnings(async () => {
      const lone = await fixture<ConsumerProbe>(html`<consumer-probe></consumer-probe>`);
      lone.requestUpdate();
      await lone.updateComplete;
      await fixture<ConsumerProbe>(html`<consumer-probe for="nobody"></consumer-probe>`);
      await fixture<CallPhone>(html`<call-phone><consumer-probe></consumer-probe></call-phone>`);
    });
    const ours = logged.filter((line) => line.startsWith('[call-elements] <consumer-probe>: '));
    expect(ours, logged.join('\n')).to.have.length(2);
    expect(ours[0]).to.contain('found no controller');
    expect(ours[1]).to.contain('"nobody"');
  });

  it('controllerFor resolves for="id" to the named phone, and undefined for a missing id or a non-phone', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><call-phone id="desk"></call-phone><span id="elsewhere"></span></div>`);
    const phone = wrapper.querySelector('call-phone')!;
    const span = wrapper.querySelector('span')!;
    expect(controllerFor(span, 'desk')).to.equal(phone.controller);
    expect(controllerFor(span, 'nope')).to.equal(undefined);
    expect(controllerFor(span, 'elsewhere')).to.equal(undefined);
  });
});
