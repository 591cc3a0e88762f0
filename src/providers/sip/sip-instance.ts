/**
 * The RFC 5626 instance id (`+sip.instance`) a phone registers with: the same for a user across
 * reloads of a tab, so a registration from a reloaded page, or through another edge of a cluster,
 * replaces the phone's binding instead of adding one. Kept in `sessionStorage` (per tab, not per
 * profile: two tabs of one user each keep their own binding, and both ring), and never shared by
 * two phones of one user in the same page.
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

/** The tab's storage, or undefined where there is none (or it refuses: private modes, sandboxed frames). */
function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes the instance id of `user` (a SIP URI) for a phone that starts: the stored one when no
 * other running phone of this page holds it, else a new one (stored when none was). Give it back
 * with {@link releaseSipInstance} when the phone stops.
 */
export function takeSipInstance(user: string): string {
  const held = inUse.get(user) ?? new Set<string>();
  inUse.set(user, held);
  const store = storage();
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
