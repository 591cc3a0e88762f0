import { CallDevices } from './call-devices.js';

if (!customElements.get('call-devices')) customElements.define('call-devices', CallDevices);

export { CallDevices };

declare global {
  interface HTMLElementTagNameMap {
    'call-devices': CallDevices;
  }
}
