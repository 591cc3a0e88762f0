/**
 * Leaving the page for good: when the page is closed or navigated away from (a `pagehide` that
 * does not enter the back-forward cache), whatever it still holds should be let go, so the
 * camera light goes off and the far end hears a hang-up rather than a timeout.
 * @module
 */

/** Runs `release` whenever the page is left for good; returns the function that stops watching. */
export function whenPageLeft(release: () => void): () => void {
  const onPageHide = (event: Event) => {
    if (!(event as PageTransitionEvent).persisted) release();
  };
  globalThis.addEventListener?.('pagehide', onPageHide);
  return () => globalThis.removeEventListener?.('pagehide', onPageHide);
}
