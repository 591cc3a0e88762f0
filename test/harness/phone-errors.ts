import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CallErrorCode } from '../../src/base/errors.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

/** Captures console.warn while running `fn`; returns the lines. */
export async function warnings(fn: () => Promise<void>): Promise<string[]> {
  const original = console.warn;
  const seen: string[] = [];
  console.warn = (...args: unknown[]) => seen.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

/**
 * Renders `template` (one `<call-phone>`) and expects its first `call-error` to be `code`, named
 * in the console and in the phone's error part by `attribute`, the dialer still rendered.
 */
export async function expectConfigError(template: ReturnType<typeof html>, code: CallErrorCode, attribute: string): Promise<CallPhone> {
  let phone!: CallPhone;
  let detail!: { error: { code: string; message: string } };
  const logged = await warnings(async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const errorSeen = oneEvent(wrapper, 'call-error');
    const { render } = await import('lit');
    render(template, wrapper);
    phone = wrapper.querySelector('call-phone')!;
    detail = (await errorSeen).detail;
  });
  expect(detail.error.code).to.equal(code);
  expect(logged.some((line) => line.includes(code) && line.includes(attribute)), `console names ${attribute}`).to.equal(true);
  await phone.updateComplete;
  expect(phone.shadowRoot!.querySelector('[part=error]')?.textContent).to.contain(attribute);
  expect(phone.shadowRoot!.querySelector('input'), 'still renders the dialer').to.exist;
  return phone;
}
