/**
 * call-elements: Web Components for audio/video calling. Importing this module defines
 * every element and registers the default providers; import `call-elements/core` for the
 * headless controller alone.
 * @module
 */
import './providers/defaults.js';
import './elements/events.js';
export * from './core/index.js';
export { CallPhone } from './elements/call-phone/define.js';
export { CallQualityMeter } from './elements/call-quality-meter/define.js';
export { CallVideo } from './elements/call-video/define.js';
export { CallDevices } from './elements/call-devices/define.js';
export { callControllerContext } from './elements/shared/controller-context.js';
export { controllerFor } from './elements/shared/resolve-controller.js';
export type { CallElementsEventMap } from './elements/events.js';
// Types only: React 19 JSX IntrinsicElements and Vue GlobalComponents for the tags (inert without React or Vue).
export type {} from './react/jsx.js';
export type {} from './vue/global-components.js';
