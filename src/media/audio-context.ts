let shared: AudioContext | undefined;

/**
 * The page's one AudioContext (Chrome caps how many a page may open), created on first use.
 * Returns undefined where Web Audio is missing.
 */
export function sharedAudioContext(): AudioContext | undefined {
  if (shared && shared.state !== 'closed') return shared;
  const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return undefined;
  shared = new Ctor();
  return shared;
}

/** Whether the shared context exists (for tests and leak checks). */
export function hasSharedAudioContext(): boolean {
  return shared !== undefined && shared.state !== 'closed';
}
