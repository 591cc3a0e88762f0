/**
 * An in-memory provider for unit tests of the core (browser tests; no network, no server). It
 * implements `CallProvider` / `ProviderSession` as `src/core/provider.ts` has them, registered
 * under a name (`memory` unless told) with `registerProvider`, and is scripted by the test:
 *
 * - it records what the core asked: dial requests, answers, rejects (with their kind), hangups,
 *   hold / unhold, DTMF, INFO, transfers, invitations, track changes, `update()` configs;
 * - the test drives every `SessionHandlers` event of a session (`session.handlers.*`, or the
 *   helpers `ring`, `connect`, `end`, `refer`…), and delivers incoming invitations (with
 *   `replaces`) through {@link MemoryNetwork.incoming};
 * - per test it can lack optional features (no hold, no transfer…), throw from `dial`,
 *   `checkTarget` or `checkDial`, and report any registration state.
 *
 * Media is the browser's (fake devices): the provider keeps the streams it is given and records
 * `replaceTrack` / `setVideo`, nothing more.
 * @module
 */
import { CallError } from '../../src/base/errors.js';
import { registerProvider } from '../../src/core/provider-registry.js';
import type {
  CallProvider,
  DialCheck,
  DialRequest,
  IncomingInvitation,
  ProviderConfig,
  ProviderHandlers,
  ProviderSession,
  ProviderState,
  ReferRequest,
  SessionEnd,
  SessionHandlers,
} from '../../src/core/provider.js';
import type { RemoteParty } from '../../src/core/types.js';

/** The optional session features a memory session has (see `CallFeatures`). */
export interface MemoryFeatures {
  hold: boolean;
  dtmf: boolean;
  info: boolean;
  transfer: boolean;
  invite: boolean;
}

/** A failure to throw: an error, or a function making one (called with the argument). */
export type Failure<A = unknown> = unknown | ((arg: A) => unknown);

/** How a memory provider behaves; every field can be changed on {@link MemoryNetwork.options} during a test. */
export interface MemoryOptions {
  /** Features of new sessions (default: hold, DTMF, INFO and transfer; no invite). */
  features: MemoryFeatures;
  /** The state reported when started (default `registered`); `null`: none (the test reports it). */
  startState: ProviderState | null;
  /** Throw this from `dial` (a `CallError`, or anything else: the core wraps it). */
  dialThrows?: Failure<DialRequest>;
  /** Throw this from `checkTarget`. */
  checkTargetThrows?: Failure<string>;
  /** Throw this from `checkDial`; by default it refuses several callees or a group id with `call/unsupported`. */
  checkDialThrows?: Failure<DialCheck>;
  /** Whether `checkDial` lets group calls through (default false: refused with `call/unsupported`). */
  groupCalls: boolean;
  /** Throw this from the factory (a config the provider refuses). */
  factoryThrows?: Failure<ProviderConfig>;
  /** An answer connects by itself right after it resolves (default true), as a SIP 200/ACK would. */
  answerConnects: boolean;
  /** A hold / unhold reports `hold('local', …)` before it resolves (default true), as a SIP re-INVITE would. */
  holdReports: boolean;
  /**
   * Hangup and reject report the provider's own local `ended` synchronously (default true), as
   * SIP stacks do; the core ended the call first, so it must not win.
   */
  echoLocalEnd: boolean;
  /**
   * Runs inside `dial`, `take` and `accept`, before the session is returned: a provider may
   * report events at once (its session is bound to the handlers from the first event on).
   */
  duringCreate?: (session: MemorySession) => void;
}

/** One request the core made of a session. */
export interface SessionRequest {
  name: string;
  args: unknown[];
}

/** The party a target names, as this provider writes it. */
export function memoryRemote(target: string, displayName = ''): RemoteParty {
  const user = target.replace(/^memory:/, '').split('@')[0];
  return { uri: target.startsWith('memory:') ? target : `memory:${target}`, user, displayName };
}

function raise<A>(failure: Failure<A> | undefined, arg: A): void {
  if (failure === undefined) return;
  throw typeof failure === 'function' ? (failure as (a: A) => unknown)(arg) : failure;
}

/** A provider session in memory, bound to the core's handlers; the test drives it. */
export class MemorySession implements ProviderSession {
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  headers: Record<string, string>;
  /** The handlers the core bound this session to: call them to report any event. */
  readonly handlers: SessionHandlers;
  /** How it came to be. */
  readonly origin: 'dial' | 'incoming' | 'refer';
  /** The dial request (dialled sessions) or the REFER's stream and video (followed transfers). */
  readonly request?: DialRequest;
  /** Every request the core made of it, in order. */
  readonly requests: SessionRequest[] = [];
  /** The stream it was dialled or answered with. */
  stream?: MediaStream;
  /** Whether it has ended (by `hangup`, `reject`, or an `end` the test reported). */
  closed = false;
  readonly #network: MemoryNetwork;

  declare hold?: () => Promise<void>;
  declare unhold?: () => Promise<void>;
  declare sendDtmf?: (tones: string) => void;
  declare sendInfo?: (contentType: string, body: string) => void;
  declare transfer?: (target: string | ProviderSession) => Promise<void>;
  declare invite?: (targets: string[]) => Promise<void>;

  constructor(
    network: MemoryNetwork,
    init: {
      origin: 'dial' | 'incoming' | 'refer';
      remote: RemoteParty;
      remoteOffersVideo: boolean;
      headers?: Record<string, string>;
      handlers: SessionHandlers;
      request?: DialRequest;
      stream?: MediaStream;
      features: MemoryFeatures;
    },
  ) {
    this.#network = network;
    this.origin = init.origin;
    this.remote = init.remote;
    this.remoteOffersVideo = init.remoteOffersVideo;
    this.headers = init.headers ?? {};
    this.handlers = init.handlers;
    this.request = init.request;
    this.stream = init.stream;
    // Optional methods exist exactly for the features this session has.
    const { features } = init;
    if (features.hold) {
      this.hold = async () => {
        this.#record('hold');
        if (this.#network.options.holdReports) this.handlers.hold('local', true);
      };
      this.unhold = async () => {
        this.#record('unhold');
        if (this.#network.options.holdReports) this.handlers.hold('local', false);
      };
    }
    if (features.dtmf) this.sendDtmf = (tones) => this.#record('sendDtmf', tones);
    if (features.info) this.sendInfo = (contentType, body) => this.#record('sendInfo', contentType, body);
    if (features.transfer) {
      this.transfer = async (target) => {
        this.#record('transfer', target);
      };
    }
    if (features.invite) {
      this.invite = async (targets) => {
        this.#record('invite', targets);
      };
    }
  }

  /** The requests named `name`, each as its arguments. */
  asked(name: string): unknown[][] {
    return this.requests.filter((r) => r.name === name).map((r) => r.args);
  }

  /** The names of the requests made, in order. */
  get log(): string[] {
    return this.requests.map((r) => r.name);
  }

  async answer(stream: MediaStream, video: boolean, extraHeaders?: string[]): Promise<void> {
    this.#record('answer', stream, video, extraHeaders);
    this.stream = stream;
    if (this.#network.options.answerConnects) queueMicrotask(() => !this.closed && this.handlers.connected());
  }

  reject(kind: 'busy' | 'decline' | 'timeout'): void {
    this.#record('reject', kind);
    this.closed = true;
    if (this.#network.options.echoLocalEnd) this.handlers.ended({ reason: 'rejected', endedBy: 'local', rawCause: 'echo' });
  }

  hangup(): void {
    this.#record('hangup');
    this.closed = true;
    if (this.#network.options.echoLocalEnd) this.handlers.ended({ reason: 'local-hangup', endedBy: 'local', rawCause: 'echo' });
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    this.#record('replaceTrack', kind, track);
  }

  async setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void> {
    this.#record('setVideo', track, stream);
  }

  peerConnections(): RTCPeerConnection[] {
    return [];
  }

  setMuted(kind: 'audio' | 'video', muted: boolean): void {
    this.#record('setMuted', kind, muted);
  }

  // ---- Driving it (the far end and the network, as the test scripts them)

  /** The far end rings (`earlyMedia`: it sends media before answering). */
  ring(earlyMedia = false): this {
    this.handlers.ringing(earlyMedia);
    return this;
  }

  /** The far end answered (and a remote audio track arrives, unless `track` is null). */
  connect(track: MediaStreamTrack | null = null): this {
    if (track) this.handlers.remoteTrack(track);
    this.handlers.connected();
    return this;
  }

  /** The session ends as the far end or the network says. */
  end(reason: SessionEnd['reason'], endedBy: SessionEnd['endedBy'] = 'remote', extra: Pick<SessionEnd, 'rawCause' | 'statusCode'> = {}): void {
    this.closed = true;
    this.handlers.ended({ reason, endedBy, ...extra });
  }

  /**
   * The far end asks us to call `target` in its place (a REFER): the request is reported
   * through `referred` and returned, recording whether it was accepted or rejected.
   */
  refer(target: string, options: { replaces?: boolean; remote?: RemoteParty } = {}): MemoryRefer {
    const refer = new MemoryRefer(this.#network, target, options.remote ?? memoryRemote(target), options.replaces ?? false);
    this.handlers.referred(refer);
    return refer;
  }

  #record(name: string, ...args: unknown[]): void {
    this.requests.push({ name, args });
    this.#network.record(this, name, args);
  }
}

/** A REFER the far end sent: what the core did with it. */
export class MemoryRefer implements ReferRequest {
  readonly target: string;
  readonly remote: RemoteParty;
  readonly replaces: boolean;
  /** `accepted` (a new session was placed), `rejected`, or undefined while undecided. */
  outcome?: 'accepted' | 'rejected';
  /** The session placed by accepting it. */
  session?: MemorySession;
  /** How often `reject` was called (a REFER is answered once). */
  rejects = 0;
  readonly #network: MemoryNetwork;

  constructor(network: MemoryNetwork, target: string, remote: RemoteParty, replaces: boolean) {
    this.#network = network;
    this.target = target;
    this.remote = remote;
    this.replaces = replaces;
  }

  accept(stream: MediaStream, video: boolean, handlers: SessionHandlers): ProviderSession {
    this.outcome = 'accepted';
    const session = new MemorySession(this.#network, {
      origin: 'refer',
      remote: this.remote,
      remoteOffersVideo: video,
      handlers,
      stream,
      features: { ...this.#network.options.features },
    });
    this.session = session;
    this.#network.sessions.push(session);
    this.#network.options.duringCreate?.(session);
    return session;
  }

  reject(): void {
    this.rejects++;
    this.outcome = 'rejected';
  }
}

/** An incoming call delivered by the test: what the core did with it. */
export class MemoryInvitation implements IncomingInvitation {
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  readonly headers: Record<string, string>;
  readonly autoAnswerAfter?: number;
  readonly replaces?: ProviderSession;
  readonly busy?: boolean;
  /** The session the core took it as. */
  session?: MemorySession;
  /** How the core refused it, if it did. */
  refused?: 'busy' | 'decline';
  readonly #network: MemoryNetwork;

  constructor(network: MemoryNetwork, init: Partial<Pick<IncomingInvitation, 'remote' | 'remoteOffersVideo' | 'headers' | 'autoAnswerAfter' | 'replaces' | 'busy'>>) {
    this.#network = network;
    this.remote = init.remote ?? memoryRemote('caller');
    this.remoteOffersVideo = init.remoteOffersVideo ?? false;
    this.headers = init.headers ?? {};
    if (init.autoAnswerAfter !== undefined) this.autoAnswerAfter = init.autoAnswerAfter;
    if (init.replaces) this.replaces = init.replaces;
    if (init.busy) this.busy = true;
  }

  take(handlers: SessionHandlers): ProviderSession {
    if (this.session || this.refused) throw new Error('memory provider: an invitation is taken or refused once');
    this.session = new MemorySession(this.#network, {
      origin: 'incoming',
      remote: this.remote,
      remoteOffersVideo: this.remoteOffersVideo,
      headers: this.headers,
      handlers,
      features: { ...this.#network.options.features },
    });
    this.#network.sessions.push(this.session);
    this.#network.options.duringCreate?.(this.session);
    return this.session;
  }

  refuse(kind: 'busy' | 'decline'): void {
    if (this.session || this.refused) throw new Error('memory provider: an invitation is taken or refused once');
    this.refused = kind;
  }
}

/** One provider instance the core built (one per start). */
export class MemoryProvider implements CallProvider {
  readonly name: string;
  /** The config the factory was given. */
  readonly config: ProviderConfig;
  /** The handlers the core gave the factory: report registration states, incoming calls, errors, debug lines. */
  readonly handlers: ProviderHandlers;
  /** Every config `update()` received, in order. */
  readonly updates: ProviderConfig[] = [];
  started = false;
  stopped = false;
  retries = 0;
  readonly #network: MemoryNetwork;

  constructor(network: MemoryNetwork, name: string, config: ProviderConfig, handlers: ProviderHandlers) {
    this.#network = network;
    this.name = name;
    this.config = config;
    this.handlers = handlers;
  }

  start(): void {
    this.started = true;
    const state = this.#network.options.startState;
    if (state) this.handlers.registration(state);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const session of this.#network.sessions) {
      if (!session.closed) session.end('network', 'system', { rawCause: 'provider stopped' });
    }
  }

  checkTarget(target: string): RemoteParty {
    raise(this.#network.options.checkTargetThrows, target);
    return memoryRemote(target);
  }

  checkDial(request: DialCheck): void {
    this.#network.checks.push(request);
    const { checkDialThrows, groupCalls } = this.#network.options;
    raise(checkDialThrows, request);
    if (!groupCalls && (request.targets.length > 1 || request.groupId)) {
      throw new CallError('call/unsupported', 'The memory provider has no group calls.');
    }
  }

  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    this.#network.dials.push(request);
    raise(this.#network.options.dialThrows, request);
    const session = new MemorySession(this.#network, {
      origin: 'dial',
      remote: this.checkTarget(request.target),
      remoteOffersVideo: request.video,
      handlers,
      request,
      stream: request.stream,
      features: { ...this.#network.options.features },
    });
    this.#network.sessions.push(session);
    this.#network.options.duringCreate?.(session);
    return session;
  }

  update(config: ProviderConfig): void {
    this.updates.push(config);
  }

  retryNow(): void {
    this.retries++;
  }

  /** Reports a registration state (with an error for `failed` / `reconnecting`). */
  report(state: ProviderState, error?: CallError): void {
    this.handlers.registration(state, error);
  }
}

/** Default behaviour of a memory provider. */
export function defaultMemoryOptions(): MemoryOptions {
  return {
    features: { hold: true, dtmf: true, info: true, transfer: true, invite: false },
    startState: 'registered',
    groupCalls: false,
    answerConnects: true,
    holdReports: true,
    echoLocalEnd: true,
  };
}

/**
 * The scripted world of one test: the providers built under its name, every session, and what
 * the core asked. Create one per test with {@link memoryProvider}.
 */
export class MemoryNetwork {
  readonly name: string;
  readonly options: MemoryOptions;
  /** Every provider built (one per controller start), oldest first. */
  readonly providers: MemoryProvider[] = [];
  /** Every session (dialled, taken, placed for a REFER), oldest first. */
  readonly sessions: MemorySession[] = [];
  /** Every dial request, including those `dial` threw on. */
  readonly dials: DialRequest[] = [];
  /** Every `checkDial` request. */
  readonly checks: DialCheck[] = [];
  /** Every session request in order, across sessions. */
  readonly requests: (SessionRequest & { session: MemorySession })[] = [];

  constructor(name: string, options: MemoryOptions) {
    this.name = name;
    this.options = options;
  }

  /** The provider built last (the running one). */
  get provider(): MemoryProvider {
    const provider = this.providers.at(-1);
    if (!provider) throw new Error(`memory provider "${this.name}": not started`);
    return provider;
  }

  /** The session created last. */
  get last(): MemorySession {
    const session = this.sessions.at(-1);
    if (!session) throw new Error(`memory provider "${this.name}": no session yet`);
    return session;
  }

  /** Delivers an incoming call to the running provider's core; returns what became of it. */
  incoming(init: ConstructorParameters<typeof MemoryInvitation>[1] & { from?: string } = {}): MemoryInvitation {
    const invitation = new MemoryInvitation(this, { remote: init.remote ?? memoryRemote(init.from ?? 'caller'), ...init });
    this.provider.handlers.incoming(invitation);
    return invitation;
  }

  /** @internal */
  record(session: MemorySession, name: string, args: unknown[]): void {
    this.requests.push({ session, name, args });
  }

  /** @internal */
  build(config: ProviderConfig, handlers: ProviderHandlers): MemoryProvider {
    raise(this.options.factoryThrows, config);
    const provider = new MemoryProvider(this, this.name, config, handlers);
    this.providers.push(provider);
    return provider;
  }
}

/**
 * Registers (or replaces) the memory provider under `name` and returns its network; controllers
 * use it with `{ provider: name }`.
 */
export function memoryProvider(options: Partial<Omit<MemoryOptions, 'features'>> & { features?: Partial<MemoryFeatures> } = {}, name = 'memory'): MemoryNetwork {
  const defaults = defaultMemoryOptions();
  const network = new MemoryNetwork(name, { ...defaults, ...options, features: { ...defaults.features, ...options.features } });
  registerProvider(name, async () => (config, handlers) => network.build(config, handlers));
  return network;
}
