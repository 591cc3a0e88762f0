import { Call } from './call.js';
import { connectTimeoutError, toProviderConfig } from './config.js';
import { CallError, toCallError } from './errors.js';
import type { CallEventDetailMap, CallEventName } from './events.js';
import { loadProvider } from './provider-registry.js';
import type { CallProvider, ProviderConfig, ProviderSession } from './provider.js';
import type { RegistrationState } from './types.js';
import { ControllerMedia } from './controller-media.js';
import { LOCAL_SETTINGS } from './controller-settings.js';
import type { ControllerSettings, DialOptions } from './controller-settings.js';

export type { ControllerSettings, DialOptions } from './controller-settings.js';
import type { AudioOutput } from '../media/audio-output.js';
import { detectCapabilities } from '../media/capabilities.js';
import type { Capabilities } from '../media/capabilities.js';
import { DeviceManager } from '../media/device-manager.js';
import type { DeviceSlot } from '../media/device-manager.js';
import { LocalMedia } from '../media/local-media.js';
import { SoundGate } from '../media/sound-gate.js';
import { silentTones } from '../media/tones.js';
import type { Tones } from '../media/tones.js';

const TARGET = /^[^\s<>"']+$/;

const reported = new WeakSet<object>();

/**
 * One identity (a SIP account or TRTC user): its provider, registration, calls and media.
 * Usable without any element. Dispatches the events of {@link CallEventDetailMap}.
 */
export class CallController extends EventTarget {
  /** Local capture; every track it starts it stops. */
  readonly media = new LocalMedia();
  /** Remote audio playback and speaker choice. */
  readonly audioOutput: AudioOutput;
  /** Ringtone, ringback, busy and DTMF feedback. */
  readonly tones: Tones;
  private readonly sound: SoundGate;
  /** Microphones, cameras and speakers, and the remembered choices. */
  readonly devices = new DeviceManager();
  private readonly choices: ControllerMedia;
  private settings: ControllerSettings;
  private provider?: CallProvider;
  private providerConfig?: ProviderConfig;
  private _state: RegistrationState = 'idle';
  private _lastError?: CallError;
  private readonly _calls: Call[] = [];
  private connectTimer?: ReturnType<typeof setTimeout>;
  private generation = 0;

  constructor(settings: ControllerSettings = {}) {
    super();
    this.settings = { ...settings };
    this.sound = new SoundGate((type, detail) => this.emit(type, detail));
    this.audioOutput = this.sound.audioOutput;
    this.tones = this.sound.tones;
    this.choices = new ControllerMedia({
      devices: this.devices,
      media: this.media,
      audioOutput: this.audioOutput,
      tones: this.tones,
      calls: () => this._calls,
      camera: () => this.settings.camera ?? {},
      releaseOnPageHide: () => this.settings.releaseOnPageHide !== false,
      emit: (type, detail) => this.emit(type, detail),
      fail: (error, call) => this.fail(error, call),
    });
    this.choices.applyOutputs();
  }

  /** What this browser can do (WebRTC, capture, screen share, speaker choice, H.264). */
  get capabilities(): Capabilities {
    // Read on every phone render (the call timer ticks each second): detect once.
    return (this._capabilities ??= detectCapabilities());
  }
  private _capabilities?: Capabilities;

  /** Whether the browser refused to play sound until the user interacts (see {@link resumeAudio}). */
  get soundBlocked(): boolean {
    return this.sound.blocked;
  }

  /** Plays sound the browser blocked (autoplay policy). Call it from a click or key press. */
  resumeAudio(): void {
    this.sound.resume();
  }

  /**
   * Chooses a microphone, camera, speaker or ringtone device ('' = system default). The choice
   * is remembered for this site; microphone and camera switch live in every call (no
   * renegotiation), the speaker applies to call audio and tones. Rejects (and fires
   * `call-error`) when the device cannot be opened; fires `call-device-change` on success.
   */
  async selectDevice(slot: DeviceSlot, deviceId: string): Promise<void> {
    try {
      await this.choices.select(slot, deviceId);
    } catch (error) {
      throw this.fail(toCallError(error, 'media/failed'));
    }
  }

  /**
   * Captures microphone and/or camera with the chosen devices, outside any call (device
   * setup, preview). Release it with `controller.media.release(stream)`.
   */
  async preview(request: { audio?: boolean; video?: boolean }): Promise<MediaStream> {
    try {
      return await this.choices.capture(request);
    } catch (error) {
      throw this.fail(toCallError(error, 'media/failed'));
    }
  }

  /** Plays a short test beep on the chosen speaker. */
  testSpeaker(): Promise<void> {
    return this.tones.test();
  }

  /** Registration / connection state. */
  get registrationState(): RegistrationState {
    return this._state;
  }
  /** Whether calls can be received. */
  get registered(): boolean {
    return this._state === 'registered';
  }
  /** The last connection or registration error, cleared on success. */
  get lastError(): CallError | undefined {
    return this._lastError;
  }
  /** Calls not yet ended, oldest first. */
  get calls(): readonly Call[] {
    return [...this._calls];
  }
  /** The call the user is most likely talking in: connected, else dialling, else held. */
  get activeCall(): Call | undefined {
    const calls = [...this._calls].reverse();
    return (
      calls.find((c) => c.state === 'connected') ??
      calls.find((c) => c.direction === 'outgoing' && !c.established) ??
      calls.find((c) => c.state === 'held') ??
      calls.find((c) => c.state === 'connecting')
    );
  }
  /** Incoming calls waiting for an answer. */
  get incomingCalls(): readonly Call[] {
    return this._calls.filter((c) => c.state === 'incoming');
  }
  /** The user name this controller registers as ('' when unset). Never includes secrets. */
  get user(): string {
    return this.settings.user ?? '';
  }

  /** Changes settings. A started controller restarts when signalling settings change. */
  async configure(settings: Partial<ControllerSettings>): Promise<void> {
    const changed = (Object.keys(settings) as (keyof ControllerSettings)[]).filter(
      (key) => !LOCAL_SETTINGS.has(key) && JSON.stringify(settings[key]) !== JSON.stringify(this.settings[key]),
    );
    this.settings = { ...this.settings, ...settings };
    if (changed.length && this._state !== 'idle') await this.start();
  }

  /**
   * Validates the settings, loads the provider and connects. Rejects (and fires
   * `call-error`) on bad settings; connection problems arrive later as events.
   */
  async start(): Promise<void> {
    const generation = ++this.generation;
    await this.stopProvider(this._state === 'idle' ? 'idle' : 'connecting');
    let config: ProviderConfig;
    try {
      config = toProviderConfig(this.settings);
    } catch (error) {
      throw this.startFailed(error as CallError);
    }
    this.setState('connecting');
    void this.devices.watch();
    let factory;
    try {
      factory = await loadProvider(this.settings.provider ?? 'sip');
    } catch (error) {
      if (generation === this.generation) throw this.startFailed(error as CallError);
      return;
    }
    if (generation !== this.generation) return;
    this.providerConfig = config;
    this.provider = factory(config, {
      registration: (state, error) => {
        if (generation === this.generation) this.onProviderState(state, error);
      },
      incoming: (session) => {
        if (generation === this.generation) this.onIncoming(session);
        else session.reject('busy');
      },
      error: (error) => {
        if (generation === this.generation) this.reportError(error);
      },
    });
    this.armConnectTimer(config);
    this.provider.start();
  }

  private startFailed(error: CallError): CallError {
    this._lastError = error;
    this.setState('failed', error);
    return this.fail(error);
  }

  /** Hangs up every call, unregisters and disconnects. */
  async stop(): Promise<void> {
    this.generation++;
    await this.stopProvider('idle');
  }

  /** Stops and releases everything: calls, tracks, audio players. */
  async dispose(): Promise<void> {
    await this.stop();
    this.media.stopAll();
    this.audioOutput.dispose();
    this.tones.stop();
    this.devices.unwatch();
    this.choices.dispose();
  }

  /**
   * Calls a user name, SIP URI or number. Resolves with the {@link Call} as soon as it starts;
   * follow it with events. Rejects with `call/invalid-target`, `call/invalid-state` or a
   * `media/*` error (all also fired as `call-error`).
   */
  async dial(target: string, options: DialOptions = {}): Promise<Call> {
    const text = typeof target === 'string' ? target.trim() : '';
    if (!text || !TARGET.test(text)) {
      throw this.fail(
        new CallError('call/invalid-target', `Cannot call "${String(target ?? '').slice(0, 40)}": enter a user name, number or SIP URI.`, {
          attribute: 'target',
        }),
      );
    }
    const provider = this.provider;
    const config = this.providerConfig;
    if (!provider || !config || this._state === 'idle') {
      throw this.fail(new CallError('call/invalid-state', 'Cannot call: the phone is not started. Set server and user first.'));
    }
    const video = options.video ?? this.settings.video ?? false;
    const call = this.createCall('outgoing', { uri: text, user: text.replace(/^sips?:/, '').split('@')[0], displayName: '' }, video);
    this.emit('call-outgoing', { call });
    await this.onActivating(call);
    let stream: MediaStream;
    try {
      stream = await this.choices.capture({ audio: true, video });
    } catch (error) {
      call.abort('media', 'local', (error as CallError).code);
      throw this.fail(error as CallError, call);
    }
    if (call.ended) {
      this.media.release(stream);
      return call;
    }
    call.setLocalStream(stream);
    let session: ProviderSession;
    try {
      session = provider.dial({ target: text, stream, video, extraHeaders: [...config.extraHeaders, ...(options.extraHeaders ?? [])] });
    } catch (error) {
      call.abort('failed', 'local', String((error as Error).message));
      throw this.fail(toCallError(error, 'sip/call-failed'), call);
    }
    call.attach(session, stream);
    return call;
  }

  /** Finds a call by id. */
  getCall(id: string): Call | undefined {
    return this._calls.find((c) => c.id === id);
  }

  /** Reports an error as a `call-error` event and a console warning; returns it. */
  fail(error: CallError, call?: Call): CallError {
    this.reportError(error, call);
    return error;
  }

  /** Whether an error was already reported as a `call-error` event. */
  wasReported(error: unknown): boolean {
    return typeof error === 'object' && error !== null && reported.has(error);
  }

  private reportError(error: CallError, call?: Call): void {
    if (reported.has(error)) return;
    reported.add(error);
    console.warn(`[call-elements] ${error.code}: ${error.message}`);
    this.emit('call-error', { error, call });
  }

  /** Dispatches a typed event. */
  emit<K extends CallEventName>(type: K, detail: CallEventDetailMap[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private createCall(direction: 'incoming' | 'outgoing', remote: Call['remote'], video: boolean): Call {
    const call = new Call(
      {
        emit: (type, detail) => this.emit(type, detail),
        media: this.media,
        audio: this.audioOutput,
        tones: this.settings.tones === false ? silentTones : this.tones,
        capture: (options) => this.choices.capture(options),
        onEnded: (ended) => this.forget(ended),
        onActivating: (activating) => this.onActivating(activating),
        quality: this.settings.quality ?? {},
      },
      direction,
      remote,
      video,
    );
    this._calls.push(call);
    this.emit('call-list-change', { calls: this.calls });
    return call;
  }

  private async onActivating(call: Call): Promise<void> {
    await Promise.all(this._calls.filter((c) => c !== call).map((c) => c.holdForSwitch()));
  }

  private forget(call: Call): void {
    const index = this._calls.indexOf(call);
    if (index >= 0) this._calls.splice(index, 1);
    if (!this._calls.some((c) => c.state === 'incoming') && this.tones.playing === 'ringtone') this.tones.stop();
    this.emit('call-list-change', { calls: this.calls });
  }

  private onIncoming(session: ProviderSession): void {
    const call = this.createCall('incoming', session.remote, session.remoteOffersVideo);
    call.attach(session);
    const busy = this._calls.some((c) => c !== call && c.established);
    if (!busy && this.settings.tones !== false) this.tones.start('ringtone');
    this.emit('call-incoming', { call });
    if (this.settings.autoAnswer && !busy) {
      call.answer().catch(() => undefined);
    }
  }

  private onProviderState(state: 'connecting' | 'registering' | 'registered' | 'connected' | 'failed', error?: CallError): void {
    if (state === 'registered' || state === 'connected') {
      this.clearConnectTimer();
      this._lastError = undefined;
    }
    if (state === 'failed') {
      this.clearConnectTimer();
      this._lastError = error;
      if (error) this.reportError(error);
    }
    const wasRegistered = this._state === 'registered';
    this.setState(state, error);
    if (state === 'registered' && !wasRegistered) this.emit('call-registered', { user: this.user });
    if (wasRegistered && state !== 'registered') this.emit('call-unregistered', { user: this.user });
  }

  private armConnectTimer(config: ProviderConfig): void {
    this.clearConnectTimer();
    if (!config.connectTimeout) return;
    this.connectTimer = setTimeout(() => {
      if (this._state !== 'connecting') return;
      this.onProviderState('failed', connectTimeoutError(config));
    }, config.connectTimeout);
  }

  private clearConnectTimer(): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /** Ends calls and the provider; the state becomes `next` before `call-unregistered` fires. */
  private async stopProvider(next: RegistrationState): Promise<void> {
    this.clearConnectTimer();
    for (const call of [...this._calls]) call.hangup();
    const provider = this.provider;
    this.provider = undefined;
    this.providerConfig = undefined;
    const wasRegistered = this._state === 'registered';
    await provider?.stop().catch(() => undefined);
    this.setState(next);
    if (wasRegistered) this.emit('call-unregistered', { user: this.user });
  }

  private setState(state: RegistrationState, error?: CallError): void {
    if (this._state === state && !error) return;
    this._state = state;
    this.emit('call-registration-change', { state, error });
  }
}

type CallListener<K extends CallEventName> = (event: CustomEvent<CallEventDetailMap[K]>) => void;

/** Typed `addEventListener` for the controller's events. */
export interface CallController {
  addEventListener<K extends CallEventName>(type: K, listener: CallListener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends CallEventName>(type: K, listener: CallListener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
