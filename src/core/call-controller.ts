import type { Call } from './call.js';
import { loadCallParts } from './call-parts-loader.js';
import type { CallParts } from './call-parts-loader.js';
import { CallSwitching } from './call-switching.js';
import { DeviceChoices } from './device-choices.js';
import type { Conference } from './conference.js';
import { DebugLog, describeEvent } from './debug-log.js';
import { CallError, toCallError } from '../base/errors.js';
import type { CallEventDetailMap, CallEventName } from './events.js';
import { whenPageLeft } from './page-release.js';
import type { ProviderSession, SessionHandlers } from './provider.js';
import { Registration } from './registration.js';
import { normalizeSetting, normalizeSettings, restartNeeded, secretValues } from './settings.js';
import { checkDialInput } from './target.js';
import type { IncomingHost } from './incoming-calls.js';
import type { OutgoingHost } from './outgoing-calls.js';
import type { ControllerSettings, NormalizedSettings, SettingName } from './settings.js';
import type { CallElsewhere, RegistrationState, RemoteParty } from './types.js';
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
  /**
   * Extra SIP headers for this INVITE, after the configured ones, e.g. `['X-Data: 42']`; checked
   * like the `extraHeaders` setting (a bad line rejects the dial with `call/invalid-header`).
   */
  extraHeaders?: string[];
  /** A group call's group id (TRTC: the IM group the invitations go to). */
  groupId?: string;
}

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
  /** `[object CallController]`; kept out of reactive proxies as {@link Call} is. */
  get [Symbol.toStringTag](): string {
    return 'CallController';
  }
  readonly #sound: SoundGate;
  readonly #choices: DeviceChoices;
  readonly #registration: Registration;
  readonly #stopWatchingPage: () => void;
  readonly #debug: DebugLog;
  #conference?: Conference;
  /** The two calls {@link merge} is resuming, before their conference is up. */
  #merging?: readonly [Call, Call];
  readonly #switching: CallSwitching<Call>;
  /** A `restart` setting changed while calls were up: reconnect once the last one ends. */
  #restartPending = false;
  #settings: ControllerSettings;
  readonly #calls: Call[] = [];
  #capabilities?: Capabilities;
  /** Set once the calls' code is loaded, before the provider starts (so before any call). */
  #parts?: CallParts;

  constructor(settings: ControllerSettings = {}) {
    super();
    this.#settings = { ...settings };
    this.addEventListener('call-mute', this.#shareConferenceMute as EventListener);
    this.#debug = new DebugLog(() => this.#setting('debug'), () => secretValues(this.#settings));
    const emit = this.emit.bind(this);
    this.#sound = new SoundGate((blocked) => (blocked ? emit('call-sound-blocked', blocked) : emit('call-sound-unblocked', {})));
    this.audioOutput = this.#sound.audioOutput;
    this.tones = this.#sound.tones;
    this.#choices = new DeviceChoices({
      devices: this.devices,
      media: this.media,
      audioOutput: this.audioOutput,
      tones: this.tones,
      calls: () => this.#calls,
      camera: () => this.#setting('camera'),
      canChooseOutput: () => this.capabilities.setSinkId,
      emit,
      fail: (error, call) => this.fail(error, call),
    });
    this.#switching = new CallSwitching<Call>({
      calls: () => this.#calls,
      mergedWith: (call) => [this.#conference?.calls, this.#merging].find((legs) => legs?.includes(call)) ?? [],
      fail: (error, call) => this.fail(error, call),
    });
    this.#registration = new Registration({
      emit,
      report: (error) => this.#report(error),
      prepare: async () => void (this.#parts ??= await loadCallParts()),
      incoming: (invitation) => this.#callParts().receiveIncoming(this.#incomingHost, invitation),
      endCalls: () => this.#hangUpAll(),
      user: () => this.user,
      debug: (line) => this.#debug.print(line),
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
    return normalizeSetting(this.#settings, 'user');
  }

  /**
   * Changes settings. The settings table says how each change takes effect: `live` and
   * `next-call` ones apply without touching calls in progress (ICE servers also reach their
   * next ICE restart); a `restart` one (server, user, password…) reconnects a started
   * controller — at once when no call is up, else after the last call ends (a console message
   * says so). Rejects (and fires `call-error`) when a value is unusable.
   */
  async configure(settings: ControllerSettings): Promise<void> {
    const next = { ...this.#settings, ...settings };
    // A running controller keeps its settings when a new value is refused: a later reconnect
    // must not fail on a value that was already turned down.
    if (this.#registration.ready) {
      try {
        normalizeSettings(next);
      } catch (error) {
        throw this.fail(toCallError(error, 'config/invalid-server'));
      }
    }
    const restart = restartNeeded(this.#settings, next);
    this.#settings = next;
    if (!this.#setting('tones')) this.tones.stop();
    if (this.#registration.state === 'idle') return;
    // Failed (refused, or a start refused for its settings): any change is a new attempt, unless
    // a call is still up (a restart would end it).
    if (this.#registration.state === 'failed' && (!this.#registration.ready || !this.#calls.length)) {
      await this.start();
      return;
    }
    if (!restart && !this.#restartPending) {
      this.#registration.update(next);
      return;
    }
    if (this.#calls.length) {
      if (!this.#restartPending) {
        console.info('[call-elements] A connection setting changed during a call: reconnecting after the last call ends.');
      }
      this.#restartPending = true;
      this.#registration.update(next);
      return;
    }
    await this.start();
  }

  /**
   * Validates the settings, loads the provider and connects. Rejects (and fires
   * `call-error`) on bad settings; connection problems arrive later as events.
   */
  async start(): Promise<void> {
    this.#restartPending = false;
    void this.devices.watch();
    await this.#registration.start(this.#settings);
  }

  /** Hangs up every call, unregisters and disconnects. */
  async stop(): Promise<void> {
    this.#restartPending = false;
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
   * Calls a user name, SIP URI or number — or several user ids at once, a group call (TRTC).
   * Resolves with the {@link Call} as soon as it starts; follow it with events. Rejects with
   * `call/invalid-target`, `call/invalid-state`, `call/unsupported` (a group call where the
   * provider has none) or a `media/*` error (all also fired as `call-error`).
   */
  async dial(target: string | string[], options: DialOptions = {}): Promise<Call> {
    let checked: ReturnType<typeof checkDialInput>;
    try {
      checked = checkDialInput(target, options);
    } catch (error) {
      throw this.fail(error as CallError);
    }
    const video = typeof options?.video === 'boolean' ? options.video : this.#setting('video');
    return this.#place(checked.targets, checked.extraHeaders, checked.groupId, video);
  }

  /** Calls this phone's other tabs hold (one phone across tabs), for {@link moveHere}. */
  get callsElsewhere(): readonly CallElsewhere[] {
    return this.#registration.elsewhere;
  }

  /**
   * Moves a call another tab of this phone holds (`callsElsewhere`) here, its media captured and
   * played in this tab: resolves with this tab's {@link Call} (outgoing, to the same party),
   * connected once the far end took the new media; the other tab's copy ends `moved`.
   */
  async moveHere(id: string, options: { video?: boolean } = {}): Promise<Call> {
    const call = this.callsElsewhere.find((c) => c.id === id);
    if (!call) throw this.fail(new CallError('call/invalid-state', 'Cannot move the call here: no other tab of this phone holds a call with that id (it may have ended).'));
    return this.#place([call.remote.uri], [], '', options.video ?? call.video, id);
  }

  /** Places a call (`moveFrom`: moves that call of another tab here, see {@link moveHere}). */
  async #place(targets: string[], extraHeaders: string[], groupId: string, video: boolean, moveFrom?: string): Promise<Call> {
    const text = targets[0];
    // A dial right after the page set server and user: the provider may still be loading, or
    // connecting; the dial goes out once the connection is up (or has failed).
    if (!this.#registration.ready || this.#registration.state === 'connecting') await this.#registration.outcome();
    if (!this.#registration.ready) {
      throw this.fail(
        new CallError('call/invalid-state', 'Cannot call: the phone is not started. Set server and user first (for TRTC: sdk-app-id, user and userSig).'),
      );
    }
    const maxCalls = this.#setting('maxCalls');
    if (this.#calls.length >= maxCalls) {
      throw this.fail(new CallError('call/invalid-state', `Cannot call: ${maxCalls} calls are up already (max-calls). Hang one up first.`));
    }
    let remote: RemoteParty;
    try {
      remote = this.#registration.checkDial({ targets, groupId });
    } catch (error) {
      throw this.fail(toCallError(error, 'provider/failed'));
    }
    const call = this.#createCall('outgoing', remote, video);
    const placed = await this.#callParts().placeOutgoing(this.#outgoingHost, call, video, (stream, handlers) =>
      this.#registration.dial({ target: text, targets, groupId, stream, video, extraHeaders, moveFrom }, handlers),
    );
    if (placed instanceof CallError) throw placed;
    return call;
  }

  /**
   * Starts a group call with several users (TRTC), optionally through an IM group: the same as
   * `dial(targets, options)`. Invite more people later with `call.invite(…)`.
   */
  groupCall(targets: string[], options: DialOptions = {}): Promise<Call> {
    return this.dial(Array.isArray(targets) ? targets : [targets], options);
  }

  /** The calls merged into a conference ({@link merge}), or none. */
  get conference(): readonly Call[] {
    return this.#conference ? [...this.#conference.calls] : [];
  }

  /**
   * Merges two connected calls into a 3-way conference mixed in this page: both are resumed,
   * and each far end hears us and the other (Web Audio). Hanging up one leg leaves the other
   * connected; {@link unmerge} splits them. Rejects (and fires `call-error`) with
   * `call/invalid-state` (a call not connected, the same call twice, a conference already up)
   * or `media/unsupported`.
   */
  async merge(a: Call, b: Call): Promise<void> {
    if (this.#conference) throw this.fail(new CallError('call/invalid-state', 'Cannot merge: a conference is up already. Unmerge it first.'));
    // Known before the legs resume, so that resuming one does not hold the other.
    this.#merging = [a, b];
    try {
      this.#conference = await this.#callParts().Conference.merge(a, b);
    } catch (error) {
      throw this.fail(toCallError(error, 'media/failed'));
    } finally {
      this.#merging = undefined;
    }
    this.emit('call-conference', { calls: [a, b], merged: true });
  }

  /**
   * Splits the conference: each call is sent our microphone alone again, and, as one call at a
   * time is live, the second of the merged calls goes on hold (the first stays live; a leg
   * that ended leaves the other live).
   */
  async unmerge(): Promise<void> {
    const conference = this.#conference;
    if (!conference) return;
    this.#conference = undefined;
    await conference.split();
    this.emit('call-conference', { calls: conference.calls, merged: false });
  }

  /** Our microphone's mute is one for a conference: muting or unmuting one leg does the other too. */
  readonly #shareConferenceMute = ({ detail }: CustomEvent<CallEventDetailMap['call-mute']>): void => {
    if (detail.kind === 'audio' && this.#conference?.has(detail.call)) this.#conference.shareMute(detail.call, detail.muted);
  };

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
    if (this.#debug?.enabled) this.#debug.print(describeEvent(type, detail));
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

  /** The calls' code; loaded by every start that got as far as the provider (see `prepare`). */
  #callParts(): CallParts {
    if (!this.#parts) throw new CallError('call/invalid-state', 'The phone is not started. Set server and user first (for TRTC: sdk-app-id, user and userSig).');
    return this.#parts;
  }

  #createCall(direction: 'incoming' | 'outgoing', remote: Call['remote'], video: boolean): Call {
    // Read at each use, so that turning tones off (a live setting) also quiets calls under way.
    const tones = () => (this.#setting('tones') ? this.tones : silentTones);
    const call = new (this.#callParts().Call)(
      {
        emit: this.emit.bind(this),
        media: this.media,
        audio: this.audioOutput,
        get tones() {
          return tones();
        },
        capture: (options) => this.#choices.capture(options),
        deviceLost: (lostBy, kind, deviceId) => void this.#choices.deviceLost(lostBy, kind, deviceId),
        checkDevice: (slot, deviceId) => this.#choices.check(slot, deviceId),
        onEnded: (ended) => this.#forget(ended),
        onActivating: (activating) => this.#switching.holdOthers(activating),
        referred: (referred, request) => this.#callParts().followRefer(this.#transferHost, referred, request),
        quality: this.#setting('quality'),
        report: (error, failed) => void this.fail(error, failed),
      },
      direction,
      remote,
      video,
    );
    this.#calls.push(call);
    this.emit('call-list-change', { calls: this.calls });
    return call;
  }

  /** How following a transfer the far end asks for reaches this controller (see `transfers.ts`). */
  readonly #transferHost = {
    allowed: () => this.#setting('allowTransfer'),
    announce: (call: Call, target: string) => {
      const detail = { call, target };
      this.#debug.print(describeEvent('call-refer', detail));
      return this.dispatchEvent(new CustomEvent('call-refer', { detail, cancelable: true }));
    },
    create: (remote: RemoteParty, video: boolean) => this.#createCall('outgoing', remote, video),
    place: (call: Call, video: boolean, open: (stream: MediaStream, handlers: SessionHandlers) => ProviderSession) =>
      this.#callParts().placeOutgoing(this.#outgoingHost, call, video, open),
    whenSettled: (call: Call, then: (connected: boolean) => void) => this.#callParts().whenSettled(this, call, then),
  };

  /** How an outgoing call is placed (see `outgoing-calls.ts`). */
  readonly #outgoingHost: OutgoingHost = {
    emit: <K extends CallEventName>(type: K, detail: CallEventDetailMap[K]) => this.emit(type, detail),
    holdOthers: (call: Call) => this.#switching.holdOthers(call),
    capture: (request: { audio: boolean; video: boolean }) => this.#choices.capture(request),
    release: (stream: MediaStream) => this.media.release(stream),
    fail: (error: CallError, call: Call) => this.fail(error, call),
  };

  /** How an arriving call reaches this controller (see `incoming-calls.ts`). */
  readonly #incomingHost: IncomingHost = {
    calls: () => this.#calls,
    setting: <K extends SettingName>(name: K) => this.#setting(name),
    create: (remote: RemoteParty, video: boolean) => this.#createCall('incoming', remote, video),
    takeOver: (call: Call, replaced: Call) => {
      // An attended transfer's target side: the new call takes over at once, without ringing
      // (the provider ends the replaced one when the new one connects: `transferred`).
      this.#switching.replacing(replaced);
      replaced.transferredAway();
      this.#callParts().whenSettled(this, call, (connected) => connected || replaced.transferredAway(false));
      this.emit('call-incoming', { call });
      // Unless a call-incoming listener answered it already (as for any incoming call).
      if (call.state === 'incoming') call.answer({ video: replaced.video }).catch((error) => this.fail(toCallError(error, 'media/failed'), call));
    },
    tones: () => this.tones,
    emit: <K extends CallEventName>(type: K, detail: CallEventDetailMap[K]) => this.emit(type, detail),
    debug: (line: string) => this.#debug.print(line),
  };

  #hangUpAll(): void {
    this.#switching.endingAll(() => [...this.#calls].forEach((call) => call.hangup()));
  }

  #forget(call: Call): void {
    const index = this.#calls.indexOf(call);
    if (index >= 0) this.#calls.splice(index, 1);
    this.#switching.ended(call);
    if (this.#conference?.has(call)) void this.unmerge();
    const tone = this.tones.playing;
    if (!this.#calls.some((c) => c.state === 'incoming') && (tone === 'ringtone' || tone === 'waiting')) this.tones.stop();
    this.emit('call-list-change', { calls: this.calls });
    if (this.#restartPending && !this.#calls.length) this.start().catch(() => undefined);
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
