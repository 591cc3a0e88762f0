import { Call } from './call.js';
import { DeviceChoices } from './device-choices.js';
import { CallError, toCallError } from './errors.js';
import type { CallEventDetailMap, CallEventName } from './events.js';
import { whenPageLeft } from './page-release.js';
import type { ProviderSession } from './provider.js';
import { Registration } from './registration.js';
import { normalizeSetting, restartNeeded } from './settings.js';
import type { ControllerSettings, NormalizedSettings, SettingName } from './settings.js';
import type { RegistrationState } from './types.js';
import type { AudioOutput } from '../media/audio-output.js';
import { detectCapabilities } from '../media/capabilities.js';
import type { Capabilities } from '../media/capabilities.js';
import { DeviceManager } from '../media/device-manager.js';
import type { DeviceSlot } from '../media/device-manager.js';
import { LocalMedia } from '../media/local-media.js';
import { SoundGate } from '../media/sound-gate.js';
import { silentTones } from '../media/tones.js';
import type { Tones } from '../media/tones.js';

export type { ControllerSettings } from './settings.js';

/** Options of one outgoing call. */
export interface DialOptions {
  /** Send video too (default: the controller's `video` setting). */
  video?: boolean;
  /** Extra SIP headers for this INVITE, after the configured ones, e.g. `['X-Data: 42']`. */
  extraHeaders?: string[];
}

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
  /** Microphones, cameras and speakers, and the remembered choices. */
  readonly devices = new DeviceManager();
  readonly #sound: SoundGate;
  readonly #choices: DeviceChoices;
  readonly #registration: Registration;
  readonly #stopWatchingPage: () => void;
  #settings: ControllerSettings;
  readonly #calls: Call[] = [];
  #capabilities?: Capabilities;

  constructor(settings: ControllerSettings = {}) {
    super();
    this.#settings = { ...settings };
    const emit = this.emit.bind(this);
    this.#sound = new SoundGate(emit);
    this.audioOutput = this.#sound.audioOutput;
    this.tones = this.#sound.tones;
    this.#choices = new DeviceChoices({
      devices: this.devices,
      media: this.media,
      audioOutput: this.audioOutput,
      tones: this.tones,
      calls: () => this.#calls,
      camera: () => this.#setting('camera'),
      emit,
      fail: (error, call) => this.fail(error, call),
    });
    this.#registration = new Registration({
      emit,
      report: (error) => this.#report(error),
      incoming: (session) => this.#onIncoming(session),
      endCalls: () => this.#hangUpAll(),
      user: () => this.user,
    });
    this.#stopWatchingPage = whenPageLeft(() => {
      if (!this.#setting('releaseOnPageHide')) return;
      this.#hangUpAll();
      this.media.stopAll();
    });
    this.#choices.applyOutputs();
  }

  /** What this browser can do (WebRTC, capture, screen share, speaker choice, H.264). */
  get capabilities(): Capabilities {
    // Read on every phone render (the call timer ticks each second): detect once.
    return (this.#capabilities ??= detectCapabilities());
  }

  /** Whether the browser refused to play sound until the user interacts (see {@link resumeAudio}). */
  get soundBlocked(): boolean {
    return this.#sound.blocked;
  }

  /** Plays sound the browser blocked (autoplay policy). Call it from a click or key press. */
  resumeAudio(): void {
    this.#sound.resume();
  }

  /**
   * Chooses a microphone, camera, speaker or ringtone device ('' = system default). The choice
   * is remembered for this site; microphone and camera switch live in every call (no
   * renegotiation), the speaker applies to call audio and tones. Rejects (and fires
   * `call-error`) when the device cannot be opened; fires `call-device-change` on success.
   */
  async selectDevice(slot: DeviceSlot, deviceId: string): Promise<void> {
    try {
      await this.#choices.select(slot, deviceId);
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
      return await this.#choices.capture(request);
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
    return this.#registration.state;
  }
  /** Whether calls can be received. */
  get registered(): boolean {
    return this.#registration.state === 'registered';
  }
  /** The last connection or registration error, cleared on success. */
  get lastError(): CallError | undefined {
    return this.#registration.lastError;
  }
  /** Calls not yet ended, oldest first. */
  get calls(): readonly Call[] {
    return [...this.#calls];
  }
  /** The call the user is most likely talking in: connected, else dialling, else held. */
  get activeCall(): Call | undefined {
    const calls = [...this.#calls].reverse();
    return (
      calls.find((c) => c.state === 'connected') ??
      calls.find((c) => c.direction === 'outgoing' && !c.established) ??
      calls.find((c) => c.state === 'held') ??
      calls.find((c) => c.state === 'connecting')
    );
  }
  /** Incoming calls waiting for an answer. */
  get incomingCalls(): readonly Call[] {
    return this.#calls.filter((c) => c.state === 'incoming');
  }
  /** The user name this controller registers as ('' when unset). Never includes secrets. */
  get user(): string {
    return this.#settings.user ?? '';
  }

  /**
   * Changes settings. A started controller restarts (its calls end) when a setting whose
   * effect is `restart` in the settings table changes; the others apply live or to the next call.
   */
  async configure(settings: ControllerSettings): Promise<void> {
    const next = { ...this.#settings, ...settings };
    const restart = restartNeeded(this.#settings, next);
    this.#settings = next;
    if (restart && this.#registration.state !== 'idle') await this.start();
  }

  /**
   * Validates the settings, loads the provider and connects. Rejects (and fires
   * `call-error`) on bad settings; connection problems arrive later as events.
   */
  async start(): Promise<void> {
    void this.devices.watch();
    await this.#registration.start(this.#settings);
  }

  /** Hangs up every call, unregisters and disconnects. */
  async stop(): Promise<void> {
    await this.#registration.stop();
  }

  /** Stops and releases everything: calls, tracks, audio players. */
  async dispose(): Promise<void> {
    await this.stop();
    this.media.stopAll();
    this.audioOutput.dispose();
    this.tones.stop();
    this.devices.unwatch();
    this.#choices.dispose();
    this.#stopWatchingPage();
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
    if (!this.#registration.ready) {
      throw this.fail(new CallError('call/invalid-state', 'Cannot call: the phone is not started. Set server and user first.'));
    }
    const video = options.video ?? this.#setting('video');
    const call = this.#createCall('outgoing', { uri: text, user: text.replace(/^sips?:/, '').split('@')[0], displayName: '' }, video);
    this.emit('call-outgoing', { call });
    await this.#holdOthers(call);
    let stream: MediaStream;
    try {
      stream = await this.#choices.capture({ audio: true, video });
    } catch (error) {
      const callError = toCallError(error, 'media/failed');
      call.abort('media', 'local', callError.code);
      throw this.fail(callError, call);
    }
    if (call.ended) {
      this.media.release(stream);
      return call;
    }
    call.setLocalStream(stream);
    let session: ProviderSession;
    try {
      session = this.#registration.dial({ target: text, stream, video, extraHeaders: options.extraHeaders ?? [] });
    } catch (error) {
      call.abort('failed', 'local', String((error as Error)?.message ?? error));
      throw this.fail(toCallError(error, 'sip/call-failed'), call);
    }
    call.attach(session, stream);
    return call;
  }

  /** Finds a call by id. */
  getCall(id: string): Call | undefined {
    return this.#calls.find((c) => c.id === id);
  }

  /** Reports an error as a `call-error` event and a console warning (once per error); returns it. */
  fail(error: CallError, call?: Call): CallError {
    this.#report(error, call);
    return error;
  }

  /** Dispatches a typed event. */
  emit<K extends CallEventName>(type: K, detail: CallEventDetailMap[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #report(error: CallError, call?: Call): void {
    if (reported.has(error)) return;
    reported.add(error);
    console.warn(`[call-elements] ${error.code}: ${error.message}`);
    this.emit('call-error', { error, call });
  }

  /** A setting's current value, its default from the settings table when unset. */
  #setting<K extends SettingName>(name: K): NormalizedSettings[K] {
    return normalizeSetting(this.#settings, name);
  }

  #createCall(direction: 'incoming' | 'outgoing', remote: Call['remote'], video: boolean): Call {
    const call = new Call(
      {
        emit: this.emit.bind(this),
        media: this.media,
        audio: this.audioOutput,
        tones: this.#setting('tones') ? this.tones : silentTones,
        capture: (options) => this.#choices.capture(options),
        onEnded: (ended) => this.#forget(ended),
        onActivating: (activating) => this.#holdOthers(activating),
        quality: this.#setting('quality'),
      },
      direction,
      remote,
      video,
    );
    this.#calls.push(call);
    this.emit('call-list-change', { calls: this.calls });
    return call;
  }

  /** One call at a time is live: every other connected call goes on hold (a failed hold is ignored). */
  async #holdOthers(active: Call): Promise<void> {
    const others = this.#calls.filter((c) => c !== active && c.state === 'connected' && !c.held.local);
    await Promise.all(others.map((c) => c.hold().catch(() => undefined)));
  }

  #hangUpAll(): void {
    for (const call of [...this.#calls]) call.hangup();
  }

  #forget(call: Call): void {
    const index = this.#calls.indexOf(call);
    if (index >= 0) this.#calls.splice(index, 1);
    if (!this.#calls.some((c) => c.state === 'incoming') && this.tones.playing === 'ringtone') this.tones.stop();
    this.emit('call-list-change', { calls: this.calls });
  }

  #onIncoming(session: ProviderSession): void {
    const call = this.#createCall('incoming', session.remote, session.remoteOffersVideo);
    call.attach(session);
    const busy = this.#calls.some((c) => c !== call && c.established);
    if (!busy && this.#setting('tones')) this.tones.start('ringtone');
    this.emit('call-incoming', { call });
    if (this.#setting('autoAnswer') && !busy) {
      call.answer().catch(() => undefined);
    }
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
