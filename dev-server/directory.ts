import { header, headers } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, parseUri, parseVia } from './sip-uri.js';
import { DEFAULT_LIMITS, MAX_NAME_LENGTH } from './limits.js';
import type { DevSipLimits } from './limits.js';
import type { SipConnection } from './types.js';

/** Adds a value to a set-valued map entry. */
function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Removes a value from a set-valued map entry, and the entry once empty. */
function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set?.delete(value) && !set.size) map.delete(key);
}

/** The one open socket in a set, or undefined when there are none or several. */
function single(set: Set<SipConnection> | undefined): SipConnection | undefined {
  if (!set) return undefined;
  const open = [...set].filter((c) => c.open);
  return open.length === 1 ? open[0] : undefined;
}

/**
 * Which socket owns which SIP URI. JsSIP names itself with a random `*.invalid` host that
 * cannot be resolved, and every UA loaded from the same JsSIP module shares that host (only
 * the Contact user differs), so targets are found by what each socket announced:
 * 1. the Contact `user@host` that exactly one socket sent;
 * 2. the other side of the dialog (by Call-ID) the request belongs to;
 * 3. a `*.invalid` Contact or Via host that exactly one socket sent (a real domain such as
 *    `127.0.0.1` is shared by every user, so it never names a socket).
 *
 * Bounded per socket: it learns at most `learnedPerSocket` names from one socket (later ones
 * are ignored) and remembers at most `dialogsPerSocket` dialogs per caller (oldest dropped);
 * names and Call-IDs longer than `MAX_NAME_LENGTH` are not remembered.
 */
export class ConnectionDirectory {
  private readonly contacts = new Map<string, Set<SipConnection>>();
  private readonly hosts = new Map<string, Set<SipConnection>>();
  private readonly dialogs = new Map<string, [SipConnection, SipConnection]>();
  /** Per socket: the keys it put in `contacts` (`c:user@host`) and `hosts` (`h:host`). */
  private readonly learned = new Map<SipConnection, Set<string>>();
  private readonly callerOf = new Map<SipConnection, Set<string>>();
  private readonly calleeOf = new Map<SipConnection, Set<string>>();

  constructor(
    private readonly ownHost: string,
    private readonly limits: Pick<DevSipLimits, 'learnedPerSocket' | 'dialogsPerSocket'> = DEFAULT_LIMITS,
  ) {}

  /** Learns the Contact URIs and the top Via host of a message a socket sent. */
  learn(conn: SipConnection, message: SipMessage): void {
    for (const value of headers(message, 'Contact')) {
      const uri = parseUri(addrUri(value));
      if (!uri || uri.host === this.ownHost) continue;
      if (uri.user) this.note(conn, this.contacts, 'c:', `${uri.user}@${uri.host}`);
      this.note(conn, this.hosts, 'h:', uri.host);
    }
    if (message.method) {
      const via = parseVia(header(message, 'Via'));
      if (via && via.host !== this.ownHost) this.note(conn, this.hosts, 'h:', via.host);
    }
  }

  /** Remembers that a dialog-creating request with this Call-ID went from `caller` to `callee`. */
  addDialog(callId: string, caller: SipConnection, callee: SipConnection): void {
    if (callId.length > MAX_NAME_LENGTH) return;
    this.dropDialog(callId);
    this.dialogs.set(callId, [caller, callee]);
    addTo(this.callerOf, caller, callId);
    addTo(this.calleeOf, callee, callId);
    const own = this.callerOf.get(caller)!;
    for (const oldest of own) {
      if (own.size <= this.limits.dialogsPerSocket) break;
      this.dropDialog(oldest);
    }
  }

  /** The socket a request with this Request-URI (from `source`, in dialog `callId`) should go to. */
  resolve(requestUri: string, source: SipConnection, callId: string): SipConnection | undefined {
    const uri = parseUri(requestUri);
    if (uri?.user) {
      const owner = single(this.contacts.get(`${uri.user}@${uri.host}`));
      if (owner) return owner;
    }
    const dialog = this.dialogs.get(callId);
    if (dialog && (dialog[0] === source || dialog[1] === source)) {
      const peer = dialog[0] === source ? dialog[1] : dialog[0];
      if (peer.open) return peer;
    }
    return uri?.host.endsWith('.invalid') ? single(this.hosts.get(uri.host)) : undefined;
  }

  /** The one open socket that announced this exact Contact `user@host`, if any. */
  owner(requestUri: string): SipConnection | undefined {
    const uri = parseUri(requestUri);
    return uri?.user ? single(this.contacts.get(`${uri.user}@${uri.host}`)) : undefined;
  }

  /** Whether a socket is one side of the dialog with this Call-ID. */
  inDialog(callId: string, conn: SipConnection): boolean {
    return this.dialogs.get(callId)?.includes(conn) ?? false;
  }

  /** Forgets a closed socket. */
  forget(conn: SipConnection): void {
    for (const key of this.learned.get(conn) ?? []) {
      removeFrom(key.startsWith('c:') ? this.contacts : this.hosts, key.slice(2), conn);
    }
    this.learned.delete(conn);
    for (const callId of [...(this.callerOf.get(conn) ?? []), ...(this.calleeOf.get(conn) ?? [])]) this.dropDialog(callId);
  }

  /** How many names and dialogs are held (for tests of the bounds). */
  sizes(): { contacts: number; hosts: number; dialogs: number } {
    return { contacts: this.contacts.size, hosts: this.hosts.size, dialogs: this.dialogs.size };
  }

  /** Records that `conn` sent `name`, unless it has already sent its share of names. */
  private note(conn: SipConnection, map: Map<string, Set<SipConnection>>, prefix: string, name: string): void {
    if (name.length > MAX_NAME_LENGTH) return;
    const key = prefix + name;
    let mine = this.learned.get(conn);
    if (mine?.has(key)) return;
    if ((mine?.size ?? 0) >= this.limits.learnedPerSocket) return;
    if (!mine) this.learned.set(conn, (mine = new Set()));
    mine.add(key);
    addTo(map, name, conn);
  }

  private dropDialog(callId: string): void {
    const pair = this.dialogs.get(callId);
    if (!pair) return;
    this.dialogs.delete(callId);
    removeFrom(this.callerOf, pair[0], callId);
    removeFrom(this.calleeOf, pair[1], callId);
  }
}
