import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallController } from '../../core/call-controller.js';

/** Keys that send DTMF: the twelve keypad digits (A–D are not on the phone's keypad). */
const DIGITS = /^[0-9*#]$/;

/** What the keyboard handling needs from the phone. */
export interface KeyboardHooks {
  controller(): CallController;
  /** Whether the keypad is shown. */
  keypadOpen(): boolean;
  /** Closes the keypad. */
  closeKeypad(): void;
  /** Dismisses the shown error notice; false when there was none. */
  dismissNotice(): boolean;
  /** Sends one digit in the active call (through the phone's guarded action). */
  sendDigit(digit: string): void;
}

/** Whether a key press was typed into a text field (digits there are text, not DTMF). */
function typedIntoField(event: KeyboardEvent): boolean {
  const origin = event.composedPath()[0];
  if (!(origin instanceof HTMLElement)) return false;
  return origin.isContentEditable || origin instanceof HTMLInputElement || origin instanceof HTMLTextAreaElement || origin instanceof HTMLSelectElement;
}

/**
 * The phone's keyboard: while focus is anywhere in the phone during an established call, the
 * digit keys 0–9, `*` and `#` send DTMF (not when typed into a text field, nor with Ctrl, Alt
 * or Meta); Escape closes the keypad (focus returns to its toggle) or else dismisses the error
 * notice.
 */
export class PhoneKeyboard implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #hooks: KeyboardHooks;

  constructor(host: ReactiveControllerHost & HTMLElement, hooks: KeyboardHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  /** Listens for keys on the phone (events from its shadow root are retargeted to it). */
  hostConnected(): void {
    this.#host.addEventListener('keydown', this.#onKey);
  }

  /** Stops listening. */
  hostDisconnected(): void {
    this.#host.removeEventListener('keydown', this.#onKey);
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    const host = this.#host;
    const hooks = this.#hooks;
    if (event.key === 'Escape') {
      if (hooks.keypadOpen()) {
        hooks.closeKeypad();
        event.preventDefault();
        void host.updateComplete.then(() => host.shadowRoot?.querySelector<HTMLElement>('.keypad-toggle')?.focus());
      } else if (hooks.dismissNotice()) {
        event.preventDefault();
      }
      return;
    }
    if (!DIGITS.test(event.key) || typedIntoField(event)) return;
    if (!hooks.controller().activeCall?.established) return;
    event.preventDefault();
    hooks.sendDigit(event.key);
  };
}
