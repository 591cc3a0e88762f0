import { CallQualityMeter } from './call-quality-meter.js';

if (!customElements.get('call-quality-meter')) customElements.define('call-quality-meter', CallQualityMeter);

export { CallQualityMeter };
/** The events' types (`addEventListener('call-incoming', …)` typed), with the element alone. */
export type { CallElementsEventMap } from '../events.js';

declare global {
  interface HTMLElementTagNameMap {
    'call-quality-meter': CallQualityMeter;
  }
}
