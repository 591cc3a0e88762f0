/**
 * A tab of a shared phone that does not hold its signalling: it shows the leading tab's
 * registration state as its own, rings for the calls the leading tab announces, and places and
 * answers calls whose media stays here ({@link RemoteSession}). When the leading tab goes, this
 * tab's calls lose their signalling: they end (`network`), their media released.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { DialRequest, ProviderConfig, ProviderHandlers, ProviderState, SessionHandlers } from '../provider.js';
import type { RemoteParty } from '../types.js';
import type { Attention } from './attention.js';
import { RemoteSession } from './remote-session.js';
import type { OptionalRequest } from './remote-session.js';
import type { TabBus, TabMessage } from './tab-bus.js';
import { fromWire } from './tab-rpc.js';
import type { TabRpc, WireError } from './tab-rpc.js';

/** A tab that follows the leading one (see the module comment). */
export class Follower {
  readonly #bus: TabBus;
  readonly #rpc: TabRpc;
  readonly #handlers: ProviderHandlers;
  readonly #config: () => ProviderConfig;
  readonly #attention: () => Attention;
  readonly #sessions = new Map<string, RemoteSession>();
  readonly #stopListening: () => void;
  #leader?: string;
  #state?: ProviderState;
  #dials = 0;

  constructor(bus: TabBus, rpc: TabRpc, handlers: ProviderHandlers, config: () => ProviderConfig, attention: () => Attention) {
    this.#bus = bus;
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
    const leader = this.#leader;
    if (!leader || !this.up) throw new CallError('call/signalling-down', 'Cannot call now: the tab that holds the phone\'s connection is not connected. Try again in a moment.');
    const call = `${this.#bus.id}:dial-${++this.#dials}`;
    const session = new RemoteSession(this.#sessionHost(), handlers, {
      id: call,
      remote,
      remoteOffersVideo: request.video,
      headers: {},
      invitees: request.targets.length > 1 ? request.targets : undefined,
      requests: [],
    });
    const peer = session.media(request.stream);
    const { stream: _stream, peerConnection: _pc, ...wire } = request;
    this.#sessions.set(call, session);
    this.#rpc.request(leader, 'dial', { call, request: wire, peer: peer.id }).then(
      (requests) => session.offer(requests as OptionalRequest[]),
      (error: CallError) => session.receive('ended', [{ reason: 'failed', endedBy: 'system', rawCause: error.message }]),
    );
    return session;
  }

  /** The leading tab is gone (this tab leads now, or the phone stops): its calls here end. */
  close(reason: 'leader-lost' | 'stop'): void {
    this.#stopListening();
    this.#rpc.failAll(new CallError('call/invalid-state', 'The tab that held the phone\'s connection closed.'));
    for (const session of [...this.#sessions.values()]) {
      session.receive('ended', [{ reason: 'network', endedBy: 'system', rawCause: reason === 'stop' ? 'Phone stopped' : 'The tab that held the phone\'s connection closed' }]);
    }
    this.#sessions.clear();
  }

  #sessionHost() {
    return {
      bus: this.#bus,
      config: this.#config,
      request: (call: string, op: string, fields: Record<string, unknown> = {}) => {
        if (!this.#leader) return Promise.reject(new CallError('call/signalling-down', 'The tab that holds the phone\'s connection is gone.'));
        return this.#rpc.request(this.#leader, 'session', { call, op, ...fields });
      },
      ended: (session: RemoteSession) => {
        this.#sessions.delete(session.id);
      },
    };
  }

  #onMessage(message: TabMessage): void {
    switch (message.t) {
      case 'leader':
        this.#leader = message.from;
        this.#bus.post({ t: 'hello', to: message.from, attention: this.#attention() });
        break;
      case 'state': {
        this.#leader = message.from;
        const state = message.state as ProviderState;
        this.#state = state;
        this.#handlers.registration(state, message.error ? fromWire(message.error as WireError) : undefined);
        break;
      }
      case 'ring':
        this.#ring(message);
        break;
      case 'session-event': {
        const session = this.#sessions.get(message.call as string);
        session?.receive(message.name as keyof SessionHandlers, message.args as unknown[]);
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
