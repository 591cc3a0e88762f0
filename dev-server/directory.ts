import { header, headers } from './sip-message.js';
import type { SipMessage } from './sip-message.js';
import { addrUri, parseUri, parseVia } from './sip-uri.js';
import type { SipConnection } from './types.js';

/** How many dialogs (by Call-ID) are remembered at most. */
const MAX_DIALOGS = 10_000;
/** How many contacts and hosts are remembered at most (a flood of made-up ones must not eat memory). */
const MAX_KEYS = 50_000;

/** Adds a value to a set-valued map entry. */
function addTo(map: Map<string, Set<SipConnection>>, key: string, conn: SipConnection): void {
  let set = map.get(key);
  if (!set) {
    if (map.size >= MAX_KEYS) return;
    map.set(key, (set = new Set()));
  }
  set.add(conn);
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
 */
export class ConnectionDirectory {
  private readonly contacts = new Map<string, Set<SipConnection>>();
  private readonly hosts = new Map<string, Set<SipConnection>>();
  private readonly dialogs = new Map<string, [SipConnection, SipConnection]>();

  constructor(private readonly ownHost: string) {}

  /** Learns the Contact URIs and the top Via host of a message a socket sent. */
  learn(conn: SipConnection, message: SipMessage): void {
    for (const value of headers(message, 'Contact')) {
      const uri = parseUri(addrUri(value));
      if (!uri || uri.host === this.ownHost) continue;
      if (uri.user) addTo(this.contacts, `${uri.user}@${uri.host}`, conn);
      addTo(this.hosts, uri.host, conn);
    }
    if (message.method) {
      const via = parseVia(header(message, 'Via'));
      if (via && via.host !== this.ownHost) addTo(this.hosts, via.host, conn);
    }
  }

  /** Remembers that a dialog-creating request with this Call-ID went from `caller` to `callee`. */
  addDialog(callId: string, caller: SipConnection, callee: SipConnection): void {
    this.dialogs.delete(callId);
    this.dialogs.set(callId, [caller, callee]);
    while (this.dialogs.size > MAX_DIALOGS) this.dialogs.delete(this.dialogs.keys().next().value!);
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

  /** Forgets a closed socket. */
  forget(conn: SipConnection): void {
    for (const map of [this.contacts, this.hosts]) {
      for (const [key, set] of map) {
        set.delete(conn);
        if (!set.size) map.delete(key);
      }
    }
    for (const [callId, pair] of this.dialogs) if (pair.includes(conn)) this.dialogs.delete(callId);
  }
}
