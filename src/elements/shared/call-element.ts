import { LitElement } from 'lit';
import type { CSSResultGroup } from 'lit';
import type { CallEventDetailMap, CallEventName } from '../../core/events.js';
import { Localize } from '../../i18n/localize.js';
import { tokens } from './tokens.styles.js';

/**
 * The base of every call-elements element: the shared `--call-*` tokens, one localize
 * controller (`this.localize.t(key)`, following the nearest `lang`), and a typed {@link emit}.
 * The tokens below have one default each, light / dark (`prefers-color-scheme`).
 *
 * @cssprop [--call-accent=#1a7f37] - Accent colour: call buttons, focus ring, meters (dark: #3fb950).
 * @cssprop [--call-on-accent=#ffffff] - Text on accent and danger buttons (dark: #0d1117).
 * @cssprop [--call-danger=#c62828] - Hang up, decline and error text (dark: #ff7b72).
 * @cssprop [--call-bg=#ffffff] - Background (dark: #161b22).
 * @cssprop [--call-subtle-bg=#f6f8fa] - Background of secondary surfaces (dark: #0d1117).
 * @cssprop [--call-fg=#1f2328] - Text colour (dark: #e6edf3).
 * @cssprop [--call-muted-fg=#57606a] - Secondary text colour (dark: #9da7b3).
 * @cssprop [--call-border=#8c959f] - Border colour (dark: #6e7681).
 * @cssprop [--call-radius=12px] - Corner radius; controls use half of it.
 * @cssprop [--call-font=system-ui] - Font family (a system-ui stack).
 */
export class CallElement extends LitElement {
  static override styles: CSSResultGroup = tokens;

  /** Strings in the element's language. */
  protected readonly localize = new Localize(this);

  /**
   * Dispatches a call-elements event from this element: bubbling, composed, `detail` typed by name.
   * @internal
   */
  emit<K extends CallEventName>(type: K, detail: CallEventDetailMap[K], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
