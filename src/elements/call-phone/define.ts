// The phone creates controllers: the providers that ship with call-elements must be registered.
import '../../providers/defaults.js';
import { CallPhone } from './call-phone.js';

if (!customElements.get('call-phone')) customElements.define('call-phone', CallPhone);

export { CallPhone };
/** The events' types (`addEventListener('call-incoming', …)` typed), with the element alone. */
export type { CallElementsEventMap } from '../events.js';

declare global {
  interface HTMLElementTagNameMap {
    'call-phone': CallPhone;
  }
}
