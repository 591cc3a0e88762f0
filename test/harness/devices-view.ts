// Reading and driving a <call-devices> the way a user sees it: its pickers, level meter, camera
// preview. Shared by src/elements/call-devices/call-devices.test.ts (no server) and
// test/e2e/devices-element.test.ts (in a call on the dev SIP server).
import type { CallDevices } from '../../src/elements/call-devices/call-devices.js';
import { until } from '../e2e/helpers.js';

/** The element of `<call-devices>`'s shadow root with part `name`. */
export const part = (el: CallDevices, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** The picker of a slot (`audioinput`, `videoinput`, `audiooutput`, `ringtone`). */
export const select = (el: CallDevices, slot: string) => part(el, `${slot}-select`) as HTMLSelectElement;
/** The option labels of a slot's picker. */
export const labels = (el: CallDevices, slot: string) => [...(select(el, slot)?.options ?? [])].map((o) => o.textContent);
/** The level meter's value (aria-valuenow). */
export const level = (el: CallDevices) => Number(part(el, 'meter')!.getAttribute('aria-valuenow'));
/** The element's alert, or null. */
export const alert = (el: CallDevices) => el.shadowRoot!.querySelector('[role=alert]');
/** The camera preview. */
export const video = (el: CallDevices) => part(el, 'preview') as HTMLVideoElement;

/** Waits until the camera preview shows moving pictures (decoded frames, time advancing). */
export async function playing(el: CallDevices, what: string): Promise<void> {
  await until(() => !video(el).hidden && video(el).videoWidth > 0 && !video(el).paused, 8000, `${what}: preview`);
  const t = video(el).currentTime;
  await until(() => video(el).currentTime > t + 0.3, 5000, `${what}: preview time advancing`);
}

/** Picks the option labelled `label` the way a user does (select it, then `change`); returns its device id. */
export function pick(el: CallDevices, slot: string, label: string): string {
  const menu = select(el, slot);
  const option = [...menu.options].find((o) => o.textContent === label);
  if (!option) throw new Error(`no option "${label}" in ${slot}: ${labels(el, slot).join(', ')}`);
  menu.value = option.value;
  menu.dispatchEvent(new Event('change', { bubbles: true }));
  return option.value;
}
