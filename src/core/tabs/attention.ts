/**
 * Where the user looks: whether this tab is visible and when it last had focus. The leading tab
 * collects it from every tab, so that an incoming call rung in every tab sounds in one only:
 * a visible tab before a hidden one, the last focused first.
 * @module
 */

/** One tab's attention, as it crosses tabs. */
export interface Attention {
  visible: boolean;
  /** `Date.now()` when the tab last gained focus (0: never). */
  focusedAt: number;
}

/** This tab's attention now. */
export function attentionHere(focusedAt: number): Attention {
  const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
  const focused = typeof document !== 'undefined' && document.hasFocus() ? Date.now() : focusedAt;
  return { visible, focusedAt: focused };
}

/** Calls `changed` with this tab's attention whenever it changes; returns the function that stops. */
export function watchAttention(changed: (attention: Attention) => void): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => undefined;
  let focusedAt = document.hasFocus() ? Date.now() : 0;
  const onFocus = () => {
    focusedAt = Date.now();
    changed(attentionHere(focusedAt));
  };
  const onVisibility = () => changed(attentionHere(focusedAt));
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** The tab (a key of `tabs`) whose attention comes first (see the module comment). */
export function mostAttended(tabs: ReadonlyMap<string, Attention>): string | undefined {
  let best: [string, Attention] | undefined;
  for (const entry of tabs) {
    const [, a] = entry;
    if (!best || (a.visible && !best[1].visible) || (a.visible === best[1].visible && a.focusedAt > best[1].focusedAt)) best = entry;
  }
  return best?.[0];
}
