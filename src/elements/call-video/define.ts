import { CallVideo } from './call-video.js';

if (!customElements.get('call-video')) customElements.define('call-video', CallVideo);

export { CallVideo };
/** The events' types (`addEventListener('call-incoming', …)` typed), with the element alone. */
export type { CallElementsEventMap } from '../events.js';

declare global {
  interface HTMLElementTagNameMap {
    'call-video': CallVideo;
  }
}
