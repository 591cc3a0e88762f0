/**
 * The leading tab's side of a shared phone: it holds the provider (the one registration), tells
 * the other tabs its state, rings every tab for an incoming call, and carries the signalling of
 * calls whose media is in another tab (their peer connections are {@link ProxyPeerConnection}s
 * driven by the provider, the real ones in the media tab).
 *
 * An incoming call while other tabs are open: the hub takes the provider's invitation itself,
 * so no event is lost, and offers it to this tab's controller and to every other tab. The first
 * tab to answer owns the call; the others end theirs `answered-elsewhere`. When every tab has
 * refused it (or closed), it is refused. A tab that owns a call and closes ends it at once (BYE):
 * its tab lock tells the hub.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { EndReason } from '../end-reason.js';
import type {
  CallProvider,
  DialRequest,
  IncomingInvitation,
  MediaTarget,
  PeerConnectionFactory,
  ProviderHandlers,
  ProviderSession,
  ProviderState,
  ReferRequest,
  SessionEnd,
  SessionHandlers,
  SessionSnapshot,
} from '../provider.js';
import { mostAttended } from './attention.js';
import type { Attention } from './attention.js';
import { ChannelProxy } from './media-channel.js';
import type { ChannelEvent } from './media-channel.js';
import { ProxyPeerConnection } from './peer-proxy.js';
import type { PeerEvent } from './peer-proxy.js';
import { CallMirror } from './call-mirror.js';
import { HERE, Relay, localView, requestsOf, viewOf } from './relay.js';
import type { TabBus, TabMessage } from './tab-bus.js';
import { toWire } from './tab-rpc.js';
import type { TabRpc } from './tab-rpc.js';

/** Session events the media tab takes from the signalling (remote tracks come from its own peer connection). */
const RELAYED: (keyof SessionHandlers)[] = [
  'ringing',
  'connected',
  'participant',
  'hold',
  'remoteVideo',
  'videoRemoved',
  'videoSwitched',
  'dtmf',
  'info',
  'transfer',
  'reconnecting',
  'reconnected',
  'ended',
];

/** The leading tab's hub (see the module comment). */
export class LeaderHub {
  readonly #bus: TabBus;
  readonly #rpc: TabRpc;
  readonly #provider: CallProvider;
  readonly #handlers: ProviderHandlers;
  readonly #followers = new Map<string, () => void>();
  /** Where the user looks, by tab (this tab's is asked when needed). */
  readonly #attention = new Map<string, Attention>();
  readonly #attentionHere: () => Attention;
  readonly #relays = new Map<string, Relay>();
  readonly #proxies = new Map<string, ProxyPeerConnection | ChannelProxy>();
  readonly #mirror: CallMirror;
  /** Transfer requests waiting for the decision of the tab that holds their call's media. */
  readonly #refers = new Map<string, { request: ReferRequest; tab: string }>();
  readonly #stopListening: () => void;
  #state: { state: ProviderState; error?: ReturnType<typeof toWire> } = { state: 'connecting' };
  #next = 1;

  constructor(bus: TabBus, rpc: TabRpc, provider: CallProvider, handlers: ProviderHandlers, attentionHere: () => Attention) {
    this.#bus = bus;
    this.#attentionHere = attentionHere;
    this.#rpc = rpc;
    this.#provider = provider;
    this.#handlers = handlers;
    this.#mirror = new CallMirror(bus, handlers);
    this.#stopListening = bus.listen((message) => this.#onMessage(message));
    rpc.serve('dial', (message) => this.#dialFor(message));
    rpc.serve('adopt', (message) => this.#adoptFor(message));
    rpc.serve('move', (message) => this.#moveFor(message));
    rpc.serve('refer', (message) => this.#referFor(message));
    rpc.serve('session', async (message) => {
      try {
        return await this.#request(message);
      } finally {
        this.#snapshotTo(this.#relays.get(message.call as string));
      }
    });
    bus.post({ t: 'leader' });
  }

  /** The provider's registration state: this tab's, and every other tab's copy. */
  registration(state: ProviderState, error?: CallError): void {
    this.#state = { state, ...(error ? { error: toWire(error) } : {}) };
    this.#bus.post({ t: 'state', ...this.#state });
    this.#handlers.registration(state, error);
  }

  /** A call arrives through the provider (see the module comment). */
  incoming(invitation: IncomingInvitation): void {
    if (invitation.busy || invitation.replaces) {
      // The call it replaces is one this tab's controller holds as a view of the provider's session.
      const replaces = invitation.replaces && (viewOf(invitation.replaces) ?? invitation.replaces);
      this.#handlers.incoming(replaces ? { ...invitation, replaces } : invitation);
      return;
    }
    const relay = this.#newRelay();
    relay.early = [];
    relay.session = invitation.take(this.#relayHandlers(relay));
    const early = relay.early;
    relay.early = undefined;
    const session = relay.session;
    for (const tab of this.#followers.keys()) relay.offered.add(tab);
    relay.offered.add(HERE);
    const audible = this.#audible();
    this.#bus.post({
      audible: audible === HERE ? this.#bus.id : audible,
      t: 'ring',
      call: relay.id,
      remote: session.remote,
      remoteOffersVideo: session.remoteOffersVideo,
      headers: session.headers,
      autoAnswerAfter: invitation.autoAnswerAfter,
      invitees: session.invitees,
      requests: requestsOf(session),
      early,
    });
    this.#handlers.incoming(this.#localInvitation(relay, invitation, audible !== HERE, early));
  }

  /** A call dialled in this tab: carried like any tab's, so the other tabs list it and can take it over. */
  dialHere(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    return this.#carryHere(request.video, handlers, (relayed) => this.#provider.dial(request, relayed));
  }

  /** A call this tab places (`open` makes its session), carried as {@link dialHere} says. */
  #carryHere(video: boolean, handlers: SessionHandlers, open: (relayed: SessionHandlers) => ProviderSession): ProviderSession {
    const relay = this.#newRelay();
    relay.owner = HERE;
    relay.local = { handlers };
    relay.video = video;
    try {
      relay.session = open(this.#relayHandlers(relay));
    } catch (error) {
      this.#relays.delete(relay.id);
      throw error;
    }
    return localView(relay.session, () => Promise.reject(new CallError('call/invalid-state', 'An outgoing call cannot be answered.')));
  }

  /**
   * Takes call `request.moveFrom`, held by another tab, into this one (`controller.moveHere`):
   * its media captured here (`request.stream`), in a peer connection of this tab.
   */
  moveHere(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    const relay = this.#movable(request.moveFrom ?? '', HERE);
    const stream = request.stream;
    const here = (configuration: RTCConfiguration) => {
      const pc = new RTCPeerConnection(configuration);
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      return pc;
    };
    this.#move(relay, HERE, relay.id, here, { stream }, request.video, handlers).then(
      () => handlers.connected(relay.connectedAt),
      (error: CallError) => handlers.ended({ reason: 'failed', endedBy: 'system', rawCause: error.message }),
    );
    return localView(relay.session, () => Promise.reject(new CallError('call/invalid-state', 'A moved call cannot be answered.')));
  }

  /** The tab that sounds the ringtone of a call rung in every tab. */
  #audible(): string {
    const tabs = new Map(this.#attention);
    tabs.set(HERE, this.#attentionHere());
    return mostAttended(tabs) ?? HERE;
  }

  /** Leaves: stops serving the other tabs (the provider is stopped by the caller). */
  close(): void {
    this.#stopListening();
    for (const stop of this.#followers.values()) stop();
    this.#followers.clear();
    for (const relay of this.#relays.values()) for (const stop of relay.stops) stop();
  }

  #newRelay(): Relay {
    const relay = new Relay(`${this.#bus.id}:${this.#next++}`);
    this.#relays.set(relay.id, relay);
    return relay;
  }

  #onMessage(message: TabMessage): void {
    if (message.t === 'hello') this.#welcome(message.from, message.attention as Attention | undefined);
    else if (message.t === 'attention') this.#attention.set(message.from, message.attention as Attention);
    else if (message.t === 'refuse') this.#refused(message.call as string, message.from, message.kind as 'busy' | 'decline');
    else if (message.t === 'peer-event') this.#proxies.get(message.peer as string)?.receive(message.event as PeerEvent & ChannelEvent);
  }

  #welcome(tab: string, attention?: Attention): void {
    this.#mirror.sendTo(tab);
    if (attention) this.#attention.set(tab, attention);
    if (!this.#followers.has(tab)) {
      this.#followers.set(
        tab,
        this.#bus.whenGone(tab, () => this.#gone(tab)),
      );
    }
    this.#bus.post({ t: 'state', to: tab, ...this.#state });
  }

  /** A tab closed: the calls it owns end now (BYE), and it no longer counts for ringing calls. */
  #gone(tab: string): void {
    this.#followers.delete(tab);
    this.#attention.delete(tab);
    for (const relay of [...this.#relays.values()]) {
      if (relay.owner === tab) {
        this.#handlers.debug(`the tab that held a call's media closed: hanging up`);
        relay.session.hangup();
      } else if (!relay.owner) this.#refused(relay.id, tab, 'decline');
    }
    // Transfers it was asked to decide on are refused.
    for (const [id, refer] of this.#refers) {
      if (refer.tab !== tab) continue;
      this.#refers.delete(id);
      refer.request.reject();
    }
  }

  /** A tab's controller turned a ringing call away; when none is left ringing, the call is refused. */
  #refused(call: string, tab: string, kind: 'busy' | 'decline'): void {
    const relay = this.#relays.get(call);
    if (!relay || relay.owner || !relay.offered.delete(tab)) return;
    if (relay.offered.size === 0) relay.session.reject(kind);
  }

  /** This tab's view of a call rung in every tab: the provider's session, claimed on answer. */
  #localInvitation(relay: Relay, invitation: IncomingInvitation, silent: boolean, early: Relay['early'] = []): IncomingInvitation {
    const session = relay.session;
    const local = localView(session, (stream, video, extraHeaders) => {
      this.#claim(relay, HERE);
      relay.video = video;
      return session.answer(stream, video, extraHeaders);
    });
    return {
      remote: invitation.remote,
      remoteOffersVideo: invitation.remoteOffersVideo,
      headers: invitation.headers,
      autoAnswerAfter: invitation.autoAnswerAfter,
      silent,
      take: (handlers) => {
        relay.local = { handlers };
        for (const [name, args] of early) (handlers[name as keyof SessionHandlers] as (...a: unknown[]) => void)(...args);
        return local;
      },
      refuse: (kind) => this.#refused(relay.id, HERE, kind),
    };
  }

  /** `tab` answers: it owns the call, every other tab's copy ends `answered-elsewhere`. */
  #claim(relay: Relay, tab: string): void {
    if (relay.owner) throw new CallError('call/invalid-state', 'This call was answered in another tab.');
    relay.owner = tab;
    const elsewhere: SessionEnd = { reason: 'answered-elsewhere', endedBy: 'system', rawCause: 'Answered in another tab' };
    for (const other of relay.offered) {
      if (other === tab) continue;
      if (other === HERE) relay.local?.handlers.ended(elsewhere);
      else this.#bus.post({ t: 'session-event', to: other, call: relay.id, name: 'ended', args: [elsewhere] });
    }
    relay.offered.clear();
    if (tab !== HERE) relay.local = undefined;
    else relay.offered.add(HERE);
    if (tab !== HERE) relay.stops.push(this.#bus.whenGone(tab, () => this.#gone(tab)));
  }

  /** Handlers of a relayed session: each event goes to the tabs the call concerns. */
  #relayHandlers(relay: Relay): SessionHandlers {
    const handlers = {} as Record<keyof SessionHandlers, (...args: unknown[]) => void>;
    for (const name of RELAYED) {
      handlers[name] = (...args: unknown[]) => {
        if (relay.early) {
          relay.early.push([name, args]);
          return;
        }
        if (name === 'ended') this.#ended(relay, (args[0] as SessionEnd).reason);
        if (name === 'connected') relay.connectedAt ??= Date.now();
        const sent = name === 'connected' ? [relay.session?.headers ?? {}] : args;
        const tabs = relay.owner ? [relay.owner] : [...relay.offered];
        for (const tab of tabs) {
          if (tab === HERE) (relay.local?.handlers[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
          else this.#bus.post({ t: 'session-event', to: tab, call: relay.id, name, args: sent });
        }
        if (name === 'connected' && relay.owner) this.#mirror.connected(relay.id, this.#ownerId(relay.owner), relay.session.remote, relay.video);
        if (name === 'hold') this.#mirror.held(relay.id, args[0] as string, args[1] as boolean);
        this.#snapshotTo(relay);
      };
    }
    handlers.remoteTrack = (...args: unknown[]) => {
      // During a move to this tab, the tracks are those of its new peer connection.
      const local = relay.movingHere ?? (relay.owner === HERE || !relay.owner ? relay.local?.handlers : undefined);
      (local?.remoteTrack as ((...a: unknown[]) => void) | undefined)?.(...args);
    };
    handlers.referred = (...args: unknown[]) => {
      const [request] = args as [ReferRequest];
      // Followed here, the new call is carried like a dialled one (listed in the other tabs, movable).
      const carried: ReferRequest = { target: request.target, remote: request.remote, replaces: request.replaces, reject: () => request.reject(),
        accept: (stream, video, handlers) => this.#carryHere(video, handlers, (relayed) => request.accept(stream, video, relayed)) };
      if (relay.owner === HERE && relay.local) relay.local.handlers.referred(carried);
      else if (relay.owner) this.#referTo(relay, request);
      else request.reject();
    };
    return handlers as unknown as SessionHandlers;
  }

  #ended(relay: Relay, reason: EndReason): void {
    this.#mirror.ended(relay.id, reason);
    relay.over = true;
    this.#relays.delete(relay.id);
    for (const stop of relay.stops.splice(0)) stop();
  }

  /**
   * The far end of a call whose media is in another tab asks for a transfer (REFER): that tab's
   * controller decides, and following it places the new call from there (see {@link #referFor}).
   */
  #referTo(relay: Relay, request: ReferRequest): void {
    const id = `${relay.id}:refer-${this.#next++}`;
    this.#refers.set(id, { request, tab: relay.owner! });
    const wire = { id, target: request.target, remote: request.remote, replaces: request.replaces };
    this.#bus.post({ t: 'session-event', to: relay.owner, call: relay.id, name: 'referred', args: [wire] });
  }

  /** The tab asked by {@link #referTo} follows the transfer (the new call's media there) or refuses it. */
  #referFor(message: TabMessage): string[] {
    const request = this.#refers.get(message.refer as string)?.request;
    if (!request) throw new CallError('call/invalid-state', 'Cannot follow the transfer: its request is gone.');
    this.#refers.delete(message.refer as string);
    if (message.decision !== 'accept') {
      request.reject();
      return [];
    }
    const video = !!message.video;
    return this.#carryFor(message, video, (handlers, peerConnection) => request.accept(new MediaStream(), video, handlers, peerConnection));
  }

  /** Another tab dials: its media there, the signalling here through a proxy peer connection. */
  #dialFor(message: TabMessage): string[] {
    const request = message.request as Omit<DialRequest, 'stream'>;
    const mediaChannel = this.#channel(message.from, message.peer as string);
    return this.#carryFor(message, request.video, (handlers, peerConnection) => this.#provider.dial({ ...request, stream: new MediaStream(), peerConnection, mediaChannel }, handlers));
  }

  /**
   * Another tab takes a call held elsewhere (`controller.moveHere` there): its media moves to
   * that tab, whose call counts its duration from when the call first connected.
   */
  async #moveFor(message: TabMessage): Promise<{ requests: string[]; connectedAt?: number }> {
    const relay = this.#movable(message.moved as string, message.from);
    const video = !!(message.request as { video?: boolean }).video;
    const [tab, peer] = [message.from, message.peer as string];
    await this.#move(relay, tab, message.call as string, this.#proxyFactory(tab, peer), { stream: new MediaStream(), channel: this.#channel(tab, peer) }, video);
    return { requests: requestsOf(relay.session), connectedAt: relay.connectedAt };
  }

  /** The call `id` if it can move to tab `tab` now; else throws the `CallError` that says why not. */
  #movable(id: string, tab: string): Relay {
    const relay = this.#relays.get(id);
    if (!relay || relay.over || !relay.owner || relay.offered.size > 1) throw new CallError('call/invalid-state', 'Cannot move that call: it has ended, or is not answered yet.');
    if (relay.owner === tab) throw new CallError('call/invalid-state', 'That call is in this tab already.');
    if (relay.moving) throw new CallError('call/invalid-state', 'That call is being moved already.');
    if (!relay.session.moveMedia) throw new CallError('call/unsupported', 'This provider cannot move a call between tabs.');
    return relay;
  }

  /**
   * Moves `relay`'s media to tab `tab` (its new peer connection from `peerConnection`, or `to`'s
   * media), under the id `id` there: once the far end accepted, the tab that had it ends its copy `moved`.
   */
  async #move(relay: Relay, tab: string, id: string, peerConnection: PeerConnectionFactory, to: MediaTarget, video: boolean, handlers?: SessionHandlers): Promise<void> {
    relay.moving = true;
    relay.movingHere = tab === HERE ? handlers : undefined;
    try {
      await relay.session.moveMedia!(peerConnection, to);
    } finally {
      relay.moving = false;
      relay.movingHere = undefined;
    }
    const from = relay.owner!;
    const moved: SessionEnd = { reason: 'moved', endedBy: 'local', rawCause: 'Moved to another tab' };
    if (from === HERE) relay.local?.handlers.ended(moved);
    else this.#bus.post({ t: 'session-event', to: from, call: relay.id, name: 'ended', args: [moved] });
    this.#mirror.moved(relay.id, id, this.#ownerId(tab), video);
    this.#relays.delete(relay.id);
    relay.id = id;
    this.#relays.set(id, relay);
    Object.assign(relay, { owner: tab, video, snapshot: undefined, local: handlers ? { handlers } : undefined });
    relay.offered.clear();
    if (tab === HERE) relay.offered.add(HERE);
    else relay.stops.push(this.#bus.whenGone(tab, () => this.#gone(tab)));
    this.#snapshotTo(relay);
  }

  /** A tab id for the call list (`here` is this tab). */
  #ownerId(owner: string): string {
    return owner === HERE ? this.#bus.id : owner;
  }

  /**
   * Another tab's call whose signalling was in a leading tab that closed: its media stays there,
   * its dialog is taken over here from the snapshot that tab kept (`CallProvider.adopt`).
   */
  #adoptFor(message: TabMessage): string[] {
    const adopt = this.#provider.adopt?.bind(this.#provider);
    if (!adopt) throw new CallError('call/unsupported', 'This provider cannot take over a call from another tab.');
    this.#handlers.debug('taking over the signalling of a call whose media is in another tab');
    const dialog = message.dialog as SessionSnapshot;
    const requests = this.#carryFor(message, !!message.video, (handlers, peerConnection) => adopt(dialog, handlers, peerConnection, this.#channel(message.from, message.peer as string)));
    const relay = this.#relays.get(message.call as string)!;
    this.#mirror.connected(relay.id, relay.owner!, relay.session.remote, relay.video);
    return requests;
  }

  /**
   * Carries the call `message.call` of the tab that sent `message`: `open` makes the provider's
   * session, its peer connection a proxy of the real one in that tab. The call ends with the tab.
   * Returns the session's optional requests.
   */
  #carryFor(message: TabMessage, video: boolean, open: (handlers: SessionHandlers, peerConnection: PeerConnectionFactory) => ProviderSession): string[] {
    const tab = message.from;
    const relay = new Relay(message.call as string);
    this.#relays.set(relay.id, relay);
    relay.owner = tab;
    relay.video = video;
    try {
      relay.session = open(this.#relayHandlers(relay), this.#proxyFactory(tab, message.peer as string));
    } catch (error) {
      this.#relays.delete(relay.id);
      throw error;
    }
    relay.stops.push(this.#bus.whenGone(tab, () => this.#gone(tab)));
    return requestsOf(relay.session);
  }

  /** Tells the tab that holds a call's media how to take its signalling over should this tab go. */
  #snapshotTo(relay?: Relay): void {
    if (!relay || relay.over || !relay.owner || relay.owner === HERE) return;
    const dialog = relay.session.snapshot?.();
    const text = dialog && JSON.stringify(dialog);
    if (!text || text === relay.snapshot) return;
    relay.snapshot = text;
    this.#bus.post({ t: 'dialog', to: relay.owner, call: relay.id, dialog });
  }

  #proxyFactory(tab: string, peer: string): (configuration: RTCConfiguration) => RTCPeerConnection {
    return (configuration) => {
      const proxy = new ProxyPeerConnection({ rpc: this.#rpc, tab, peer }, configuration);
      this.#proxies.set(peer, proxy);
      return proxy as unknown as RTCPeerConnection;
    };
  }

  /** The link to a call's media in tab `tab` when the provider's is not a peer connection (see `media-channel.ts`). */
  #channel(tab: string, peer: string): ChannelProxy | undefined {
    if (!this.#provider.tabMedia) return undefined;
    const channel = new ChannelProxy(this.#rpc, tab, peer);
    this.#proxies.set(peer, channel);
    return channel;
  }

  /** A request of the tab that owns (or rings with) a call. */
  async #request(message: TabMessage): Promise<unknown> {
    const relay = this.#relays.get(message.call as string);
    if (!relay || relay.over) throw new CallError('call/invalid-state', 'The call is not active.');
    const session = relay.session;
    const tab = message.from;
    const op = message.op as string;
    if (op !== 'reject' && op !== 'answer' && relay.owner !== tab) {
      throw new CallError('call/invalid-state', 'This call is held by another tab.');
    }
    switch (op) {
      case 'answer':
        this.#claim(relay, tab);
        relay.video = !!message.video;
        return session.answer(new MediaStream(), message.video as boolean, message.extraHeaders as string[], this.#proxyFactory(tab, message.peer as string), this.#channel(tab, message.peer as string));
      case 'reject':
        return session.reject(message.kind as 'busy' | 'decline' | 'timeout');
      case 'hangup':
        return session.hangup();
      case 'hold':
        return session.hold?.();
      case 'unhold':
        return session.unhold?.();
      case 'sendDtmf':
        return session.sendDtmf?.(message.tones as string);
      case 'sendInfo':
        return session.sendInfo?.(message.contentType as string, message.body as string);
      case 'invite':
        return session.invite?.(message.targets as string[]);
      case 'setMuted':
        return session.setMuted?.(message.kind as 'audio' | 'video', message.muted as boolean);
      case 'renegotiate':
        if (!session.renegotiate) throw new CallError('call/unsupported', 'Cannot change video in this tab: this provider renegotiates only where the call\'s media is. Use the tab that holds the phone\'s connection.');
        return session.renegotiate(message.video as boolean);
      case 'transfer': {
        const other = message.targetCall ? this.#relays.get(message.targetCall as string)?.session : undefined;
        if (message.targetCall && !other) throw new CallError('call/invalid-state', 'Cannot transfer to that call: it is not active.');
        return session.transfer?.(other ?? (message.target as string));
      }
      default:
        throw new CallError('call/unsupported', `A call has no request "${op}".`);
    }
  }
}
