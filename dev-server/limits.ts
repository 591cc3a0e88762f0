/** Client sockets open (or upgrading) at once. */
export const MAX_SOCKETS = 1000;
/** Client sockets open (or upgrading) at once from one remote address. */
export const MAX_SOCKETS_PER_ADDRESS = 200;
/** Contacts registered through one socket, over all its AORs. */
export const MAX_CONTACTS_PER_SOCKET = 10;
/** User names remembered as "registered before" (480 rather than 404); configured users are always known. */
export const MAX_KNOWN_USERS = 10_000;
/** Proxy transactions held at once (pending, or completed INVITEs kept for their ACK and CANCEL). */
export const MAX_TRANSACTIONS = 10_000;
/** Bytes of the request headers proxy transactions keep, over all of them (bodies are not kept). */
export const MAX_TRANSACTION_BYTES = 16 * 1024 * 1024;
/** Proxy transactions started by one socket. */
export const MAX_TRANSACTIONS_PER_SOCKET = 200;
/** Contact `user@host` and host names the directory learns from one socket. */
export const MAX_LEARNED_PER_SOCKET = 64;
/** Dialogs (by Call-ID) remembered per calling socket; the oldest is forgotten first. */
export const MAX_DIALOGS_PER_SOCKET = 100;
/** Distinct users in `stats().byUser`, and again in `responsesByUser`. */
export const MAX_TRACKED_USERS = 1000;
/** Distinct keys (methods or statuses) in one table of counters. */
export const MAX_TRACKED_KEYS = 64;
/** Closed sockets whose counters `stats().sockets` keeps; the oldest is dropped first. */
export const MAX_TRACKED_SOCKETS = 1000;
/** Longest user, host, method or Call-ID the server stores; a longer one is not remembered (or counted under `(other)`). */
export const MAX_NAME_LENGTH = 256;
/** Longest Contact URI the registrar stores; a REGISTER with a longer one gets 400. */
export const MAX_URI_LENGTH = 1024;
/** The key under which counters beyond a cap are counted. */
export const OVERFLOW_KEY = '(other)';

/** The bounds of the server's tables; see the constants above for what each one bounds. */
export interface DevSipLimits {
  sockets: number;
  socketsPerAddress: number;
  contactsPerSocket: number;
  knownUsers: number;
  transactions: number;
  transactionBytes: number;
  transactionsPerSocket: number;
  learnedPerSocket: number;
  dialogsPerSocket: number;
  trackedUsers: number;
  trackedKeys: number;
  trackedSockets: number;
}

/** The default bounds. */
export const DEFAULT_LIMITS: Readonly<DevSipLimits> = Object.freeze({
  sockets: MAX_SOCKETS,
  socketsPerAddress: MAX_SOCKETS_PER_ADDRESS,
  contactsPerSocket: MAX_CONTACTS_PER_SOCKET,
  knownUsers: MAX_KNOWN_USERS,
  transactions: MAX_TRANSACTIONS,
  transactionBytes: MAX_TRANSACTION_BYTES,
  transactionsPerSocket: MAX_TRANSACTIONS_PER_SOCKET,
  learnedPerSocket: MAX_LEARNED_PER_SOCKET,
  dialogsPerSocket: MAX_DIALOGS_PER_SOCKET,
  trackedUsers: MAX_TRACKED_USERS,
  trackedKeys: MAX_TRACKED_KEYS,
  trackedSockets: MAX_TRACKED_SOCKETS,
});

/** The defaults overridden by `overrides`; throws a TypeError for an unknown name or a value that is not a positive integer. */
export function resolveLimits(overrides: Partial<DevSipLimits> = {}): Readonly<DevSipLimits> {
  const limits: DevSipLimits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new TypeError(`unknown dev SIP server limit "${name}"`);
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`limits.${name} must be a positive integer, not ${String(value)}`);
    limits[name as keyof DevSipLimits] = value;
  }
  return Object.freeze(limits);
}
