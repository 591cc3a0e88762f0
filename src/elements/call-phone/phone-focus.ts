import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallController } from '../../core/call-controller.js';

/** What focus management needs from the phone. */
export interface FocusHost extends ReactiveControllerHost, HTMLElement {
  readonly controller: CallController;
}

/** The first control of the phone's main view: the incoming prompt, the dialer, else the call panel. */
const PRIMARY = ['.incoming .answer', '.dialer input', '.call-panel button'];

/**
 * Moves focus where the user needs it, without stealing it from the rest of the page: when a
 * call arrives, to the incoming prompt's Answer button; when the focused control disappears
 * (hang-up, decline, a dismissed error), to the phone's primary control — the dialer's input
 * once no call is left. Focus moves only while nothing else on the page has it (the page's
 * body) or it is inside the phone.
 */
export class PhoneFocus implements ReactiveController {
  readonly #host: FocusHost;
  #seen = new Set<string>();
  #hadFocus = false;

  constructor(host: FocusHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Remembers, before rendering, whether focus is inside the phone. */
  hostUpdate(): void {
    this.#hadFocus = this.#host.matches(':focus-within');
  }

  /** After rendering: focuses Answer for a new call, or the primary control if focus was lost. */
  hostUpdated(): void {
    const host = this.#host;
    const incoming = host.controller.incomingCalls;
    const arrived = incoming.some((call) => !this.#seen.has(call.id));
    this.#seen = new Set(incoming.map((call) => call.id));
    const inside = host.matches(':focus-within');
    const free = inside || !document.activeElement || document.activeElement === document.body;
    if (arrived && free) this.#focus('.incoming .answer');
    else if (this.#hadFocus && !inside && free) this.#focus(...PRIMARY);
  }

  #focus(...selectors: string[]): void {
    const root = this.#host.shadowRoot;
    for (const selector of selectors) {
      const target = root?.querySelector<HTMLElement>(selector);
      if (target) {
        target.focus();
        return;
      }
    }
  }
}
