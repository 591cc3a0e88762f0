import type { CallEventDetailMap } from '../core/events.js';

/** call-elements events as they arrive on elements and their ancestors. */
export type CallElementsEventMap = { [K in keyof CallEventDetailMap]: CustomEvent<CallEventDetailMap[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CallElementsEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends CallElementsEventMap {}
}
