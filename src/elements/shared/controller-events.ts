import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallController } from '../../core/call-controller.js';
import { CALL_EVENT_NAMES } from '../../core/events.js';
import type { CallEventName } from '../../core/events.js';

/** Events that carry figures the phone does not show: forwarded, but no re-render. */
const NO_RENDER = new Set<CallEventName>(['call-quality', 'call-report']);

/**
 * Subscribes a Lit element to a controller's events while connected: it re-renders on each,
 * and optionally re-dispatches them from the element (bubbling, composed). Unsubscribes on
 * disconnect, so a removed element leaves no listener behind.
 */
export class ControllerEvents implements ReactiveController {
  private current?: CallController;
  private connected = false;
  private readonly listener = (event: Event) => {
    if (this.forward) {
      const detail = (event as CustomEvent).detail;
      this.host.dispatchEvent(new CustomEvent(event.type, { detail, bubbles: true, composed: true }));
    }
    if (!NO_RENDER.has(event.type as CallEventName)) this.host.requestUpdate();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly forward: boolean,
  ) {
    host.addController(this);
  }

  /** Switches to another controller (or none). */
  set(controller: CallController | undefined): void {
    if (controller === this.current) return;
    this.unsubscribe();
    this.current = controller;
    if (this.connected) this.subscribe();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
  }

  private subscribe(): void {
    for (const name of CALL_EVENT_NAMES) this.current?.addEventListener(name, this.listener);
  }

  private unsubscribe(): void {
    for (const name of CALL_EVENT_NAMES) this.current?.removeEventListener(name, this.listener);
  }
}
