/**
 * A tab of a shared phone that does not hold its signalling: it shows the leading tab's
 * registration state as its own, rings for the calls the leading tab announces, and places and
 * answers calls whose media stays here ({@link RemoteSession}).
 *
 * When the leading tab goes, this tab's established calls go on: their media is here, and the
 * leading tab kept sending a snapshot of each one's signalling (`dialog` messages). The next
 * leader, another tab or this one, takes each over (`adopt`: SIP re-INVITEs with its Contact),
 * and requests made meanwhile fail with `call/signalling-down`, as while a connection is down.
 * Calls not yet established end (`network`): their transactions were in the closed tab. Once this
 * tab leads, it {@link retire}s: it only carries its calls to their end, through its own hub.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { DialRequest, ProviderConfig, ProviderHandlers, ProviderState, ReferRequest, SessionHandlers, SessionSnapshot } from '../provider.js';
import type { RemoteParty } from '../types.js';
import type { Attention } from './attention.js';
import { mirrorOf, reportElsewhere } from './call-mirror.js';
import type { TabMediaFactory } from './media-channel.js';
import { RemoteSession } from './remote-session.js';
import type { OptionalRequest } from './remote-session.js';
import type { TabBus, TabMessage } from './tab-bus.js';
import { fromWire } from './tab-rpc.js';
import type { TabRpc, WireError } from './tab-rpc.js';

/** A transfer request as the leading tab passes it on (see `LeaderHub`'s `#referTo`). */
interface WireRefer {
  id: string;
  target: string;
  remote: RemoteParty;
  replaces: boolean;
}

/** A tab that follows the leading one (see the module comment). */
export class Follower {
  readonly #bus: TabBus;
  readonly #rpc: TabRpc;
  readonly #handlers: ProviderHandlers;
  readonly #config: () => ProviderConfig;
  readonly #attention: () => Attention;
  readonly #tabMedia?: TabMediaFactory;
  readonly #sessions = new Map<string, RemoteSession>();
  /** The latest signalling snapshot of each established call here, by call id (see the module comment). */
  readonly #snapshots = new Map<string, SessionSnapshot>();
  readonly #stopListening: () => void;
  #leader?: string;
  #stopWatchingLeader?: () => void;
  #state?: ProviderState;
  #dials = 0;
  /** This tab leads now: only its calls are carried on (see {@link retire}). */
  #retired = false;

  /** `tabMedia`: the provider's own media host, when its media is not a peer connection (`CallProvider.tabMedia`). */
  constructor(bus: TabBus, rpc: TabRpc, handlers: ProviderHandlers, config: () => ProviderConfig, attention: () => Attention, tabMedia?: TabMediaFactory) {
    this.#bus = bus;
    this.#tabMedia = tabMedia;
    this.#attention = attention;
    this.#rpc = rpc;
    this.#handlers = handlers;
    this.#config = config;
    this.#stopListening = bus.listen((message) => this.#onMessage(message));
    rpc.serve('peer', (message) => this.#peer(message));
    bus.post({ t: 'hello', attention: attention() });
  }

  /** Tells the other tabs where the user looks now (see `attention.ts`). */
  attentionChanged(): void {
    // To every tab: the leader picks the tab that rings aloud, the hidden ones give way in the lock's line.
    this.#bus.post({ t: 'attention', attention: this.#attention() });
  }

  /** Whether calls can go out now (the leading tab is registered or connected). */
  get up(): boolean {
    return !!this.#leader && (this.#state === 'registered' || this.#state === 'connected');
  }

  /** Places a call through the leading tab, its media here. */
  dial(request: DialRequest, handlers: SessionHandlers, remote: RemoteParty): RemoteSession {
    const { stream, peerConnection: _pc, ...wire } = request;
    // A move (`controller.moveHere`) takes a call another tab holds; it is connected once moved.
    const moved = request.moveFrom;
    const invitees = request.targets.length > 1 ? request.targets : undefined;
    return this.#place(moved ? 'move' : 'dial', { request: wire, moved }, { stream, handlers, remote, video: request.video, invitees }, !!moved);
  }

  /**
   * A new call of this tab, its media here: `op` (with `fields`) asks the leading tab to carry
   * its signalling; `connectedOnReply`: the call is up once the leading tab answers (a move,
   * whose reply also says when the call first connected).
   */
  #place(
    op: string,
    fields: Record<string, unknown>,
    call: { stream: MediaStream; handlers: SessionHandlers; remote: RemoteParty; video: boolean; invitees?: readonly string[] },
    connectedOnReply = false,
  ): RemoteSession {
    const leader = this.#leader;
    if (!leader || !this.up) throw new CallError('call/signalling-down', 'Cannot call now: the tab that holds the phone\'s connection is not connected. Try again in a moment.');
    const id = `${this.#bus.id}:dial-${++this.#dials}`;
    const session = new RemoteSession(this.#sessionHost(), call.handlers, { id, remote: call.remote, remoteOffersVideo: call.video, headers: {}, invitees: call.invitees, requests: [] });
    const peer = session.media(call.stream);
    this.#sessions.set(id, session);
    this.#rpc.request(leader, op, { ...fields, call: id, peer: peer.id }).then(
      (reply) => {
        if (!connectedOnReply) {
          session.offer(reply as OptionalRequest[]);
          return;
        }
        const moved = reply as { requests: OptionalRequest[]; connectedAt?: number };
        session.offer(moved.requests);
        session.receive('connected', [{}, moved.connectedAt]);
      },
      (error: CallError) => session.receive('ended', [{ reason: 'failed', endedBy: 'system', rawCause: error.message }]),
    );
    return session;
  }

  /** A transfer the far end of a call here asks for: following it places the new call from this tab. */
  #referRequest(wire: WireRefer): ReferRequest {
    const { id: refer, target, remote, replaces } = wire;
    return {
      target,
      remote,
      replaces,
      accept: (stream, video, handlers) => this.#place('refer', { refer, decision: 'accept', video }, { stream, handlers, remote, video }),
      reject: () => {
        if (this.#leader) void this.#rpc.request(this.#leader, 'refer', { refer, decision: 'reject' }).catch(() => undefined);
      },
    };
  }

  /** The phone stops here: its calls end. */
  close(): void {
    this.#stopListening();
    this.#stopWatchingLeader?.();
    if (!this.#retired) this.#rpc.failAll(new CallError('call/invalid-state', 'The phone stopped.'));
    for (const session of [...this.#sessions.values()]) session.receive('ended', [{ reason: 'network', endedBy: 'system', rawCause: 'Phone stopped' }]);
    this.#sessions.clear();
  }

  /**
   * This tab leads now (its hub serves on the same bus): the calls whose media is here are taken
   * over by it like any tab's, and this follower only carries them to their end.
   */
  retire(): void {
    this.#retired = true;
    this.#leaderGone(this.#leader);
    this.#follow(this.#bus.id);
    if (this.#sessions.size === 0) this.close();
  }

  /** `leader` leads now: its state is this tab's, and it takes over the calls the last one left. */
  #follow(leader: string): void {
    if (leader === this.#leader) return;
    if (this.#leader) this.#leaderGone(this.#leader);
    this.#leader = leader;
    if (leader !== this.#bus.id) this.#stopWatchingLeader = this.#bus.whenGone(leader, () => this.#leaderGone(leader));
    for (const session of this.#sessions.values()) this.#adopt(session, leader);
  }

  /** The leading tab `leader` closed: calls not yet established end; the others wait for the next leader. */
  #leaderGone(leader: string | undefined): void {
    if (!leader || leader !== this.#leader) return;
    this.#leader = undefined;
    this.#stopWatchingLeader?.();
    this.#stopWatchingLeader = undefined;
    this.#rpc.failAll(new CallError('call/signalling-down', 'The tab that held the phone\'s connection closed; another takes over.'), leader);
    for (const session of [...this.#sessions.values()]) {
      if (this.#snapshots.has(session.id) && session.peer?.connection?.connectionState !== 'closed') continue;
      session.receive('ended', [{ reason: 'network', endedBy: 'system', rawCause: 'The tab that held the phone\'s connection closed' }]);
    }
  }

  /** Asks `leader` to take over `session`'s signalling; it ends (`network`) if it cannot. */
  #adopt(session: RemoteSession, leader: string): void {
    const dialog = this.#snapshots.get(session.id);
    if (!dialog || !session.peer) return;
    this.#rpc.request(leader, 'adopt', { call: session.id, dialog, peer: session.peer.id }).then(
      (requests) => session.offer(requests as OptionalRequest[]),
      (error: CallError) => session.receive('ended', [{ reason: 'network', endedBy: 'system', rawCause: `The call could not be taken over: ${error.message}` }]),
    );
  }

  #sessionHost() {
    return {
      bus: this.#bus,
      config: this.#config,
      tabMedia: this.#tabMedia,
      request: (call: string, op: string, fields: Record<string, unknown> = {}) => {
        if (!this.#leader) return Promise.reject(new CallError('call/signalling-down', 'The tab that holds the phone\'s connection is gone.'));
        return this.#rpc.request(this.#leader, 'session', { call, op, ...fields });
      },
      ended: (session: RemoteSession) => {
        this.#sessions.delete(session.id);
        this.#snapshots.delete(session.id);
        if (this.#retired && this.#sessions.size === 0) this.close();
      },
    };
  }

  #onMessage(message: TabMessage): void {
    if (this.#retired && message.t !== 'session-event' && message.t !== 'dialog') return;
    switch (message.t) {
      case 'leader':
        this.#follow(message.from);
        this.#bus.post({ t: 'hello', to: message.from, attention: this.#attention() });
        break;
      case 'dialog':
        if (this.#sessions.has(message.call as string)) this.#snapshots.set(message.call as string, message.dialog as SessionSnapshot);
        break;
      case 'state': {
        this.#follow(message.from);
        const state = message.state as ProviderState;
        this.#state = state;
        this.#handlers.registration(state, message.error ? fromWire(message.error as WireError) : undefined);
        break;
      }
      case 'ring':
        this.#ring(message);
        break;
      case 'calls':
        reportElsewhere(this.#handlers, this.#bus.id, ...mirrorOf(message));
        break;
      case 'session-event': {
        const session = this.#sessions.get(message.call as string);
        const args = message.args as unknown[];
        if (message.name === 'referred') session?.receive('referred', [this.#referRequest(args[0] as WireRefer)]);
        else session?.receive(message.name as keyof SessionHandlers, args);
        break;
      }
    }
  }

  /** An incoming call rung in every tab: this tab's controller takes it (rings) or refuses it. */
  #ring(message: TabMessage): void {
    const call = message.call as string;
    const init = {
      id: call,
      remote: message.remote as RemoteParty,
      remoteOffersVideo: message.remoteOffersVideo as boolean,
      headers: message.headers as Record<string, string>,
      invitees: message.invitees as string[] | undefined,
      requests: message.requests as OptionalRequest[],
    };
    this.#handlers.incoming({
      remote: init.remote,
      remoteOffersVideo: init.remoteOffersVideo,
      headers: init.headers,
      autoAnswerAfter: message.autoAnswerAfter as number | undefined,
      silent: message.audible !== this.#bus.id,
      take: (handlers) => {
        const session = new RemoteSession(this.#sessionHost(), handlers, init);
        this.#sessions.set(call, session);
        // What the session reported as the leading tab took it (a TRTC invitation's participants).
        for (const [name, args] of (message.early as [keyof SessionHandlers, unknown[]][] | undefined) ?? []) session.receive(name, args);
        return session;
      },
      refuse: (kind) => this.#bus.post({ t: 'refuse', to: message.from, call, kind }),
    });
  }

  #peer(message: TabMessage): Promise<unknown> {
    const peer = message.peer as string;
    for (const session of this.#sessions.values()) if (session.peer?.id === peer) return session.peer.handle(message);
    throw new CallError('call/invalid-state', 'No such media connection in this tab.');
  }
}
