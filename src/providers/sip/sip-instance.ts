/**
 * The RFC 5626 instance id (`+sip.instance`) a phone registers with: the same for a user across
 * reloads of a tab, so a registration from a reloaded page, or through another edge of a cluster,
 * replaces the phone's binding instead of adding one. A phone shared across tabs (the default,
 * see `core/tabs`) keeps it in `localStorage`: one per user and browser profile, so the tab that
 * takes over the registration replaces the binding of the tab that had it. A phone that is not
 * shared (`no-tab-sharing`) keeps it in `sessionStorage`: per tab, each tab its own binding.
 * Never held by two running phones of one user in the same page.
 * @module
 */

/** Instance ids held by running phones of this page, by user. */
const inUse = new Map<string, Set<string>>();
const KEY = 'call-elements.sip-instance.';

/** A random RFC 4122 version 4 UUID. */
function newUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The profile's or the tab's storage, or undefined where there is none (or it refuses: private modes, sandboxed frames). */
function storage(profile: boolean): Storage | undefined {
  try {
    if (profile) return typeof localStorage === 'undefined' ? undefined : localStorage;
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes the instance id of `user` (a SIP URI) for a phone that starts: the stored one when no
 * other running phone of this page holds it, else a new one (stored when none was); `profile`:
 * the one of the browser profile (a phone shared across tabs), else the tab's. Give it back
 * with {@link releaseSipInstance} when the phone stops.
 */
export function takeSipInstance(user: string, profile = false): string {
  const held = inUse.get(user) ?? new Set<string>();
  inUse.set(user, held);
  const store = storage(profile);
  let stored: string | null | undefined;
  try {
    stored = store?.getItem(KEY + user);
  } catch {
    stored = undefined;
  }
  const id = stored && UUID.test(stored) && !held.has(stored) ? stored : newUuid();
  if (!stored || !UUID.test(stored)) {
    try {
      store?.setItem(KEY + user, id);
    } catch {
      /* Full or refused: the id lasts as long as the page. */
    }
  }
  held.add(id);
  return id;
}

/** Gives back an instance id taken by {@link takeSipInstance}. */
export function releaseSipInstance(user: string, id: string): void {
  inUse.get(user)?.delete(id);
}
