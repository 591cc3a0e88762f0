/**
 * One phone across the tabs of a user: the provider every tab's controller sees when the phone
 * is shared (`share-tabs`, on by default for providers that can carry a call's media in another
 * tab). Tabs of one origin with the same provider, servers and user form one phone:
 *
 * - **One registration.** The tab holding the phone's Web Lock leads: it starts the real
 *   provider (registers; a SIP phone with the profile's `+sip.instance`, so a new leader's
 *   REGISTER replaces the binding) and serves the others ({@link LeaderHub}). The others follow
 *   ({@link Follower}): they show its state as theirs and send it their requests.
 * - **Media stays where the user acted.** A call dialled or answered in a tab captures, sends
 *   and plays there: its real `RTCPeerConnection` is in that tab, driven from the leading tab's
 *   SIP stack through a proxy (`peer-proxy.ts`). Media never goes through a worker or another tab.
 * - **Every tab rings**; the first to answer owns the call; the others end `answered-elsewhere`.
 * - **Failover.** When the leading tab closes, the browser hands the lock to the next tab in line
 *   (at once), which registers. A hidden tab moves to the back of that line when it goes hidden
 *   or hears of a visible tab, so a visible tab takes over before a hidden one. An established
 *   call whose media is in a tab still open goes on: the new leader takes its dialog over from
 *   the snapshot the old one kept sending to that tab, and re-INVITEs with its own Contact
 *   (`Follower`, `CallProvider.adopt`). Calls still ringing or being set up through the closed
 *   tab end (`network`). A tab that owns a call and closes ends the call at once (the leading
 *   tab sends BYE on learning it from the closed tab's lock).
 *
 * Why Web Locks and BroadcastChannel rather than a SharedWorker: a lock is released by the
 * browser the moment its tab is gone (close, crash, navigation), so no heartbeat or timeout
 * decides failover, and a SharedWorker could not own the WebSocket's tab-bound media anyway.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { CallProvider, DialCheck, DialRequest, ProviderConfig, ProviderContext, ProviderHandlers, ProviderSession, SessionHandlers } from '../provider.js';
import type { RemoteParty } from '../types.js';
import { attentionHere, watchAttention } from './attention.js';
import type { Attention } from './attention.js';
import { Follower } from './follower.js';
import { LeaderHub } from './leader-hub.js';
import { TabBus } from './tab-bus.js';
import { TabRpc } from './tab-rpc.js';

/** Builds the real provider with the handlers it reports to. */
export type ProviderBuilder = (handlers: ProviderHandlers, context: ProviderContext) => CallProvider;

/**
 * The provider a controller uses, shared across tabs (see the module comment). Only for a
 * provider that can carry a call's media in another tab (`ProviderFactory.remoteMedia`).
 */
export function shareAcrossTabs(key: string, build: ProviderBuilder, handlers: ProviderHandlers, config: ProviderConfig): CallProvider {
  return new TabSharedProvider(key, build, handlers, config);
}

/**
 * The key of a phone: tabs with the same one share it (the SIP server or the TRTC application,
 * and the user). The SIP credentials count (a tab with a corrected password is not held back by
 * one whose registration is refused), as a short hash: lock and channel names are readable by
 * the origin's scripts.
 */
export function phoneKey(config: ProviderConfig): string {
  return JSON.stringify([config.provider, config.server, config.sdkAppId, config.user, fnv1a(`${config.authUser}\u0000${config.password}`)]);
}

/** 32-bit FNV-1a of `text`, in base 36. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** A phone shared across tabs (see the module comment). */
class TabSharedProvider implements CallProvider {
  readonly name: string;
  readonly remoteMedia = true;
  /** The real provider: started in the leading tab only; the others use it to check targets. */
  readonly inner: CallProvider;
  readonly #key: string;
  readonly #handlers: ProviderHandlers;
  #config: ProviderConfig;
  #bus?: TabBus;
  #rpc?: TabRpc;
  #hub?: LeaderHub;
  #follower?: Follower;
  /** The follower this tab was before it led, carrying its calls to their end (see `Follower.retire`). */
  #retired?: Follower;
  #stopped = false;
  #attention: Attention = attentionHere(0);
  #stopWatching?: () => void;

  constructor(key: string, build: ProviderBuilder, handlers: ProviderHandlers, config: ProviderConfig) {
    this.#key = key;
    this.#handlers = handlers;
    this.#config = config;
    this.inner = build(
      {
        registration: (state, error) => (this.#hub ? this.#hub.registration(state, error) : undefined),
        incoming: (invitation) => (this.#hub ? this.#hub.incoming(invitation) : invitation.refuse('busy')),
        error: (error) => handlers.error(error),
        debug: (line) => handlers.debug(line),
      },
      { sharedAcrossTabs: true },
    );
    this.name = this.inner.name;
  }

  start(): void {
    const bus = new TabBus(this.#key);
    const rpc = new TabRpc(bus);
    this.#bus = bus;
    this.#rpc = rpc;
    this.#stopWatching = watchAttention((attention) => {
      this.#attention = attention;
      // A hidden tab waits behind the visible ones: failover prefers a tab the user sees.
      if (!attention.visible && !this.#hub) bus.requeue();
      this.#follower?.attentionChanged();
    });
    void bus.ready.then(() => {
      if (this.#stopped) return;
      // In line for the lock before saying hello: a hidden tab that hears it gives way behind it.
      bus.campaign(() => this.#lead());
      if (!this.#hub) this.#follower = new Follower(bus, rpc, this.#handlers, () => this.#config, () => this.#attentionNow(), this.inner.tabMedia?.bind(this.inner));
    });
    bus.listen((message) => {
      const attention = message.attention as Attention | undefined;
      if ((message.t === 'hello' || message.t === 'attention') && attention?.visible && !this.#hub && !this.#attentionNow().visible) bus.requeue();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopWatching?.();
    this.#follower?.close();
    this.#follower = undefined;
    this.#retired?.close();
    if (this.#hub) await this.inner.stop();
    this.#hub?.close();
    this.#hub = undefined;
    this.#bus?.close();
  }

  checkTarget(target: string): RemoteParty {
    return this.inner.checkTarget(target);
  }

  checkDial(request: DialCheck): void {
    if (this.#hub) {
      this.inner.checkDial(request);
      return;
    }
    try {
      this.inner.checkDial(request);
    } catch (error) {
      // Not started here, the real provider says so: whether calls go out is the leading tab's state.
      if (!(error instanceof CallError) || (error.code !== 'call/invalid-state' && error.code !== 'call/signalling-down')) throw error;
    }
    if (!this.#follower?.up) {
      throw new CallError('call/signalling-down', 'Cannot call now: the phone is not connected (the tab that holds its connection is reconnecting). Try again in a moment.');
    }
  }

  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    if (this.#hub) return request.moveFrom ? this.#hub.moveHere(request, handlers) : this.#hub.dialHere(request, handlers);
    if (!this.#follower) return this.inner.dial(request, handlers);
    return this.#follower.dial(request, handlers, this.inner.checkTarget(request.target));
  }

  update(config: ProviderConfig): void {
    this.#config = config;
    this.inner.update(config);
  }

  retryNow(): void {
    if (this.#hub) this.inner.retryNow();
  }

  /** This tab's attention, fresh (focus now counts as now). */
  #attentionNow(): Attention {
    this.#attention = attentionHere(this.#attention.focusedAt);
    return this.#attention;
  }

  /** This tab holds the phone's lock now: it registers, and takes over the calls the old leader carried. */
  #lead(): void {
    if (this.#stopped || !this.#bus || !this.#rpc) return;
    this.#retired = this.#follower;
    this.#follower = undefined;
    this.#handlers.debug('this tab holds the shared phone now: registering');
    this.#hub = new LeaderHub(this.#bus, this.#rpc, this.inner, this.#handlers, () => this.#attentionNow());
    this.inner.start();
    this.#retired?.retire();
  }
}
