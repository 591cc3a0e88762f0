import { CallQualityMeter } from './call-quality-meter.js';

if (!customElements.get('call-quality-meter')) customElements.define('call-quality-meter', CallQualityMeter);

export { CallQualityMeter };

declare global {
  interface HTMLElementTagNameMap {
    'call-quality-meter': CallQualityMeter;
  }
}
