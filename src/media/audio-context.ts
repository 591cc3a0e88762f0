let shared: AudioContext | undefined;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** How long the context stays running after its last user left. */
const IDLE_MS = 2000;

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

/**
 * Uses the shared context (resuming it) until the returned function is called. When nothing
 * uses it (no level meter shown, no tone playing) it is suspended, so it costs no CPU.
 */
export function retainAudioContext(): { context: AudioContext; release: () => void } | undefined {
  const context = sharedAudioContext();
  if (!context) return undefined;
  users++;
  clearTimeout(idleTimer);
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  let released = false;
  return {
    context,
    release: () => {
      if (released) return;
      released = true;
      users--;
      if (users > 0) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (users === 0 && context.state === 'running') void context.suspend().catch(() => undefined);
      }, IDLE_MS);
    },
  };
}

/** How many meters and tones use the shared context now (for tests and leak checks). */
export function audioContextUsers(): number {
  return users;
}
