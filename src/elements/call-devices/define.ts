import { CallDevices } from './call-devices.js';

if (!customElements.get('call-devices')) customElements.define('call-devices', CallDevices);

export { CallDevices };
/** The events' types (`addEventListener('call-incoming', …)` typed), with the element alone. */
export type { CallElementsEventMap } from '../events.js';

declare global {
  interface HTMLElementTagNameMap {
    'call-devices': CallDevices;
  }
}
