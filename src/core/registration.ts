/**
 * The provider connection of one controller: loading and building the provider, start and
 * stop, the connect timeout, the registration state and its events. A generation counter
 * makes a superseded start (or a stop) silence everything its provider still reports.
 * @module
 */
import { timerMs } from './backoff.js';
import { CallError, toCallError } from '../base/errors.js';
import type { EmitFn } from './events.js';
import { loadProvider } from './provider-registry.js';
import type { CallProvider, DialCheck, DialRequest, IncomingInvitation, ProviderConfig, ProviderHandlers, ProviderSession, ProviderState, SessionHandlers } from './provider.js';
import { SETTING_NAMES, SETTINGS, normalizeSettings } from './settings.js';
import { shownUrl } from './shown.js';
import type { ControllerSettings } from './settings.js';
import type { EndReason } from './end-reason.js';
import type { CallElsewhere, RegistrationState, RemoteParty } from './types.js';

/** What a {@link Registration} needs from its controller. */
export interface RegistrationHost {
  emit: EmitFn;
  /** Reports an error as `call-error` (once per error). */
  report(error: CallError): void;
  /** Loads what calls need besides the provider (lazily imported code), with the provider. */
  prepare(): Promise<void>;
  /** A call arrives through the current provider: take or refuse it before returning. */
  incoming(invitation: IncomingInvitation): void;
  /** Ends every call: the connection they depend on is going away. */
  endCalls(): void;
  /** The user named in `call-registered` / `call-unregistered`. */
  user(): string;
  /** Prints a line of the `debug` log (when enabled; secrets redacted). */
  debug(line: string): void;
}

/** The provider connection of one controller (see the module comment). */
export class Registration {
  readonly #host: RegistrationHost;
  #provider?: CallProvider;
  #config?: ProviderConfig;
  #state: RegistrationState = 'idle';
  #lastError?: CallError;
  #elsewhere: readonly CallElsewhere[] = [];
  #connectTimer?: ReturnType<typeof setTimeout>;
  #generation = 0;
  #stopRetryTriggers?: () => void;

  constructor(host: RegistrationHost) {
    this.#host = host;
  }

  /** Connection / registration state. */
  get state(): RegistrationState {
    return this.#state;
  }

  /** The last connection or registration error, cleared on success. */
  get lastError(): CallError | undefined {
    return this.#lastError;
  }

  /** The calls other tabs of this phone hold (one phone across tabs; see `call-elsewhere-change`). */
  get elsewhere(): readonly CallElsewhere[] {
    return this.#elsewhere;
  }

  /** The start under way, if any, settled either way (see {@link outcome}). */
  #starting: Promise<void> = Promise.resolve();
  /** Who waits for {@link outcome}. */
  readonly #waiting: (() => void)[] = [];

  /** Whether a provider is up to place calls through. */
  get ready(): boolean {
    return !!this.#provider && this.#state !== 'idle';
  }

  /**
   * Stops any previous connection (its calls end), normalises the settings, loads and builds
   * the provider and starts it. Rejects with the `CallError` of bad settings, an unknown or
   * unloadable provider, or a config the provider refuses; the state is then `failed` and the
   * error was reported. Connection problems arrive later, as states and reports.
   */
  start(settings: ControllerSettings): Promise<void> {
    const started = this.#start(settings);
    this.#starting = started.catch(() => undefined);
    return started;
  }

  /**
   * Resolves once a start under way has an outcome: the provider loaded and the connection past
   * `connecting` (registering, registered, connected, failed…); at once when none is.
   */
  async outcome(): Promise<void> {
    await this.#starting;
    if (this.#state !== 'connecting') return;
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  async #start(settings: ControllerSettings): Promise<void> {
    const generation = ++this.#generation;
    await this.#stopProvider(this.#state === 'idle' ? 'idle' : 'connecting', generation);
    // A later start (or a stop) came while the old provider was stopping: it decides.
    if (generation !== this.#generation) return;
    let config: ProviderConfig;
    try {
      config = normalizeSettings(settings);
    } catch (error) {
      // The table's normalisers throw CallErrors only.
      throw this.#startFailed(error as CallError);
    }
    this.#setState('connecting');
    let factory;
    let tabs;
    try {
      const loading = loadProvider(config.provider);
      // Only a provider that can carry a call's media in another tab is shared (and pays for the code).
      const sharing = loading.then((loaded) => (loaded.remoteMedia && sharesTabs(config) ? import('./tabs/shared-provider.js') : undefined));
      [factory, , tabs] = await Promise.all([loading, this.#host.prepare(), sharing]);
    } catch (error) {
      if (generation === this.#generation) throw this.#startFailed(toCallError(error, 'provider/load-failed'));
      return;
    }
    if (generation !== this.#generation) return;
    let provider: CallProvider;
    try {
      const handlers: ProviderHandlers = {
        registration: (state, error) => {
          if (generation === this.#generation) this.#onProviderState(state, error);
        },
        incoming: (invitation) => {
          if (generation === this.#generation) this.#host.incoming(invitation);
          else invitation.refuse('busy');
        },
        error: (error) => {
          if (generation === this.#generation) this.#host.report(error);
        },
        debug: (line) => {
          if (generation === this.#generation) this.#host.debug(line);
        },
        elsewhere: (calls, ended) => {
          if (generation === this.#generation) this.#setElsewhere(calls, ended);
        },
      };
      const build = factory;
      provider = tabs ? tabs.shareAcrossTabs(tabs.phoneKey(config), (h, context) => build(config, h, context), handlers, config) : factory(config, handlers);
    } catch (error) {
      throw this.#startFailed(toCallError(error, 'provider/load-failed'));
    }
    this.#provider = provider;
    this.#config = config;
    this.#armConnectTimer(config);
    this.#stopRetryTriggers = retryTriggers(() => {
      if (this.#state === 'reconnecting' || this.#state === 'failed') this.#provider?.retryNow();
    });
    provider.start();
  }

  /**
   * Hands settings that do not restart signalling to the running provider (see
   * `CallProvider.update`): every `restart` setting keeps the value the provider started with
   * (a change of one waits for the next start). Throws (and reports) the `CallError` of an
   * unusable value; the previous values then stay in effect.
   */
  update(settings: ControllerSettings): void {
    const started = this.#config;
    if (!this.#provider || !started) return;
    let config: ProviderConfig;
    try {
      config = normalizeSettings(settings);
    } catch (error) {
      this.#host.report(error as CallError);
      throw error;
    }
    const frozen = config as Record<string, unknown>;
    for (const name of RESTART_SETTINGS) frozen[name] = started[name];
    this.#config = config;
    this.#provider.update(config);
  }

  /** Ends the calls and the provider; the state becomes `idle`. */
  async stop(): Promise<void> {
    const generation = ++this.#generation;
    await this.#stopProvider('idle', generation);
  }

  /**
   * Checks a call before anything is captured: the provider's remote party for each target (it
   * throws `call/invalid-target` for one it cannot call), then whether it can place the call
   * now (see `CallProvider.checkDial`). Returns the remote party of the first target.
   */
  checkDial(request: DialCheck): RemoteParty {
    const provider = this.#requireProvider();
    const [remote] = request.targets.map((target) => provider.checkTarget(target));
    provider.checkDial(request);
    return remote;
  }

  /** Starts an outgoing session through the provider, after the configured extra headers. */
  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    const provider = this.#requireProvider();
    const extraHeaders = [...(this.#config?.extraHeaders ?? []), ...request.extraHeaders];
    return provider.dial({ ...request, extraHeaders }, handlers);
  }

  #requireProvider(): CallProvider {
    if (!this.#provider) throw new CallError('call/invalid-state', 'Cannot call: the connection was stopped.');
    return this.#provider;
  }

  #startFailed(error: CallError): CallError {
    this.#lastError = error;
    this.#setState('failed', error);
    this.#host.report(error);
    return error;
  }

  #onProviderState(state: ProviderState, error?: CallError): void {
    if (state === 'registered' || state === 'connected') {
      this.#clearConnectTimer();
      this.#lastError = undefined;
    }
    if (state === 'failed' || state === 'reconnecting') {
      this.#clearConnectTimer();
      if (error) {
        this.#lastError = error;
        this.#host.report(error);
      }
    }
    const wasRegistered = this.#state === 'registered';
    this.#setState(state, error);
    if (state === 'registered' && !wasRegistered) this.#host.emit('call-registered', { user: this.#host.user() });
    if (wasRegistered && state !== 'registered') this.#host.emit('call-unregistered', { user: this.#host.user() });
  }

  #armConnectTimer(config: ProviderConfig): void {
    this.#clearConnectTimer();
    if (!config.connectTimeout) return;
    this.#connectTimer = setTimeout(() => {
      if (this.#state !== 'connecting') return;
      this.#onProviderState('failed', connectTimeoutError(config));
    }, timerMs(config.connectTimeout));
  }

  #clearConnectTimer(): void {
    clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }

  /** Ends calls and the provider; the state becomes `next` before `call-unregistered` fires. */
  async #stopProvider(next: RegistrationState, generation: number): Promise<void> {
    this.#clearConnectTimer();
    this.#stopRetryTriggers?.();
    this.#stopRetryTriggers = undefined;
    this.#host.endCalls();
    const provider = this.#provider;
    this.#provider = undefined;
    this.#config = undefined;
    const wasRegistered = this.#state === 'registered';
    await provider?.stop().catch(() => undefined);
    if (generation !== this.#generation) return;
    if (this.#elsewhere.length > 0) this.#setElsewhere([]);
    this.#setState(next);
    if (wasRegistered) this.#host.emit('call-unregistered', { user: this.#host.user() });
  }

  #setElsewhere(calls: readonly CallElsewhere[], ended?: { call: CallElsewhere; reason: EndReason; duration: number }): void {
    this.#elsewhere = Object.freeze([...calls]);
    this.#host.emit('call-elsewhere-change', { calls: this.#elsewhere, ...(ended ? { ended } : {}) });
  }

  #setState(state: RegistrationState, error?: CallError): void {
    if (this.#state === state && !error) return;
    this.#state = state;
    if (state !== 'connecting') for (const resolve of this.#waiting.splice(0)) resolve();
    this.#host.debug(`registration ${state}${error ? ` (${error.code})` : ''}`);
    this.#host.emit('call-registration-change', { state, error });
  }
}

/**
 * Whether a phone with `config` is shared across tabs (see `tabs/shared-provider.ts`): asked
 * for, registering, and the browser has Web Locks and BroadcastChannel.
 */
function sharesTabs(config: ProviderConfig): boolean {
  return config.shareTabs && config.register && typeof BroadcastChannel !== 'undefined' && typeof navigator !== 'undefined' && !!navigator.locks;
}

/** Settings a running provider keeps at their started values (their change restarts it). */
const RESTART_SETTINGS = SETTING_NAMES.filter((name) => SETTINGS[name].effect === 'restart');

/**
 * Calls `retry` when a retry is worth trying at once: the browser is back online, or the page
 * became visible (timers of hidden pages are throttled). Returns the function that stops it.
 */
function retryTriggers(retry: () => void): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => undefined;
  const onVisible = () => {
    if (document.visibilityState === 'visible') retry();
  };
  window.addEventListener('online', retry);
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    window.removeEventListener('online', retry);
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** The error reported when the connection is not up within `connectTimeout`. */
function connectTimeoutError(config: ProviderConfig): CallError {
  return new CallError(
    'network/connect-timeout',
    `No connection to ${config.server ? shownUrl(config.server) : 'the server'} within ${config.connectTimeout / 1000} s. Check the server URL, that the server runs and that the network allows WebSockets. Retrying in the background.`,
  );
}
