import { LitElement } from 'lit';
import type { CSSResultGroup } from 'lit';
import type { CallEventDetailMap, CallEventName } from '../../core/events.js';
import { Localize } from '../../i18n/localize.js';
import { tokens } from './tokens.styles.js';

/**
 * The base of every call-elements element: the shared `--call-*` tokens, one localize
 * controller (`this.localize.t(key)`, following the nearest `lang`; an update waits for its
 * catalogue the first time that language is used), and a typed {@link emit}.
 * The shared `--call-*` tokens have one default each, light / dark (`prefers-color-scheme`), in
 * `tokens.styles.ts`; each element documents the ones its styles use (a test checks that each
 * documented one styles something), so they are not listed here.
 */
export class CallElement extends LitElement {
  static override styles: CSSResultGroup = tokens;

  /** Strings in the element's language. */
  protected readonly localize = new Localize(this);

  /** Each update waits for the catalogue of the element's language if it is still loading (no English flash, `updateComplete` after it). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.localize.loading();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /**
   * Dispatches a call-elements event from this element: bubbling, composed, `detail` typed by name.
   * @internal
   */
  emit<K extends CallEventName>(type: K, detail: CallEventDetailMap[K], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
