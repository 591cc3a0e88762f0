import { CallPhone } from './call-phone.js';

if (!customElements.get('call-phone')) customElements.define('call-phone', CallPhone);

export { CallPhone };

declare global {
  interface HTMLElementTagNameMap {
    'call-phone': CallPhone;
  }
}
