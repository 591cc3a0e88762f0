import { CallVideo } from './call-video.js';

if (!customElements.get('call-video')) customElements.define('call-video', CallVideo);

export { CallVideo };

declare global {
  interface HTMLElementTagNameMap {
    'call-video': CallVideo;
  }
}
