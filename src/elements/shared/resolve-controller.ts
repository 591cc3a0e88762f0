import type { CallController } from '../../core/call-controller.js';

/** An element that exposes a controller, such as `<call-phone>`. */
export interface ControllerHost extends Element {
  readonly controller?: CallController;
}

/**
 * Finds the controller an element should use by its `for` attribute: the element with that id
 * (searched in the element's own root, then the document) must expose `.controller`.
 */
export function controllerFor(element: Element, id: string | null | undefined): CallController | undefined {
  if (!id) return undefined;
  const root = element.getRootNode() as Document | ShadowRoot;
  const target = (root.getElementById?.(id) ?? document.getElementById(id)) as ControllerHost | null;
  return target?.controller;
}

/** Fired on the document when a `<call-phone>` connects or gets another controller, so `for=` users re-resolve. */
export const CONTROLLER_CHANGE_EVENT = 'call-controller-change';

/** Tells `for=` users that `host` now has (another) controller. */
export function announceController(host: Element): void {
  host.ownerDocument.dispatchEvent(new CustomEvent(CONTROLLER_CHANGE_EVENT, { detail: { host } }));
}
