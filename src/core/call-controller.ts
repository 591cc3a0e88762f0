import { Call } from './call.js';
import { DeviceChoices } from './device-choices.js';
import { timerMs } from './backoff.js';
import { Conference } from './conference.js';
import { DebugLog } from './debug-log.js';
import { CallError, toCallError } from './errors.js';
import { checkExtraHeaders } from './headers.js';
import type { CallEventDetailMap, CallEventName } from './events.js';
import { whenPageLeft } from './page-release.js';
import type { ProviderSession, ReferRequest } from './provider.js';
import { Registration } from './registration.js';
import { normalizeSetting, normalizeSettings, restartNeeded } from './settings.js';
import { checkTarget } from './target.js';
import type { ControllerSettings, NormalizedSettings, SettingName } from './settings.js';
import type { RegistrationState, RemoteParty } from './types.js';
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
  readonly #sound: SoundGate;
  readonly #choices: DeviceChoices;
  readonly #registration: Registration;
  readonly #stopWatchingPage: () => void;
  readonly #debug: DebugLog;
  #conference?: Conference;
  /** Calls an attended transfer's new call is taking over: never put on hold meanwhile. */
  readonly #replacing = new WeakSet<Call>();
  /** A `restart` setting changed while calls were up: reconnect once the last one ends. */
  #restartPending = false;
  #settings: ControllerSettings;
  readonly #calls: Call[] = [];
  #capabilities?: Capabilities;
  /** Connected calls put on hold to make room for a call being dialled or answered: resumed if that call never connects. */
  readonly #heldFor = new WeakMap<Call, Call[]>();
  /** Every call is being hung up (stop, page hide): no held call is resumed. */
  #endingAll = false;

  constructor(settings: ControllerSettings = {}) {
    super();
    this.#settings = { ...settings };
    this.addEventListener('call-mute', this.#shareConferenceMute as EventListener);
    this.#debug = new DebugLog(() => this.#setting('debug'), () => this.#secretValues());
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
      canChooseOutput: () => this.capabilities.setSinkId,
      emit,
      fail: (error, call) => this.fail(error, call),
    });
    this.#registration = new Registration({
      emit,
      report: (error) => this.#report(error),
      incoming: (session, replaces) => this.#onIncoming(session, replaces),
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
    let targets: string[];
    let extraHeaders: string[];
    let groupId: string;
    try {
      targets = (Array.isArray(target) ? target : [target]).map((t) => checkTarget(t));
      if (!targets.length) checkTarget('');
      targets = [...new Set(targets)];
      extraHeaders = checkExtraHeaders(options?.extraHeaders, { code: 'call/invalid-header', attribute: 'extraHeaders' });
      groupId = options?.groupId === undefined ? '' : checkTarget(options.groupId);
    } catch (error) {
      throw this.fail(error as CallError);
    }
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
    let remote: RemoteParty | void;
    try {
      [remote] = targets.map((each) => this.#registration.checkTarget(each));
      if (targets.length > 1 || groupId) this.#registration.checkGroupCall();
      this.#registration.checkDial();
    } catch (error) {
      throw this.fail(toCallError(error, 'call/invalid-target'));
    }
    const video = typeof options?.video === 'boolean' ? options.video : this.#setting('video');
    const call = this.#createCall('outgoing', remote || { uri: text, user: text.replace(/^sips?:/, '').split('@')[0], displayName: '' }, video);
    const placed = await this.#placeOutgoing(call, video, (stream) => this.#registration.dial({ target: text, targets, groupId, stream, video, extraHeaders }));
    if (placed instanceof CallError) throw placed;
    return call;
  }

  /**
   * The steps every outgoing call takes (a dial, or following a transfer): `call-outgoing`, the
   * other calls held, media captured, then `open` hands it to the provider. Returns `placed`,
   * `gone` (the call ended meanwhile: nothing captured is kept) or the error, already reported,
   * that ended it (`media/…` from capture, else the provider's).
   */
  async #placeOutgoing(call: Call, video: boolean, open: (stream: MediaStream) => ProviderSession): Promise<'placed' | 'gone' | CallError> {
    this.emit('call-outgoing', { call });
    await this.#holdOthers(call);
    if (call.ended) return 'gone';
    let stream: MediaStream;
    try {
      stream = await this.#choices.capture({ audio: true, video });
    } catch (error) {
      const callError = toCallError(error, 'media/failed');
      call.abort('media', 'local', callError.code);
      return this.fail(callError, call);
    }
    if (call.ended) {
      this.media.release(stream);
      return 'gone';
    }
    call.setLocalStream(stream);
    let session: ProviderSession;
    try {
      session = open(stream);
    } catch (error) {
      call.abort('failed', 'local', String((error as Error)?.message ?? error));
      return this.fail(toCallError(error, 'sip/call-failed'), call);
    }
    call.attach(session, stream);
    return 'placed';
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
    try {
      if (this.#conference) throw new CallError('call/invalid-state', 'Cannot merge: a conference is up already. Unmerge it first.');
      if (!a || !b || a === b || !a.established || !b.established) {
        throw new CallError('call/invalid-state', 'Cannot merge: pick two different connected calls.');
      }
      const conference = new Conference(a, b);
      this.#conference = conference;
      // Resumed legs must not put each other on hold (see #holdOthers).
      await Promise.all([a, b].map((c) => (c.held.local ? c.unhold() : undefined)));
      await conference.start();
      // One mute for both legs: if either was muted, both are.
      if (a.muted.audio !== b.muted.audio) (a.muted.audio ? b : a).mute('audio');
    } catch (error) {
      const failed = this.#conference;
      this.#conference = undefined;
      await failed?.stop();
      throw this.fail(toCallError(error, 'media/failed'));
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
    await conference.stop();
    const [first, second] = conference.calls;
    if (first.established && second.established && !second.held.local) await second.hold().catch(() => undefined);
    this.emit('call-conference', { calls: conference.calls, merged: false });
  }

  /** Our microphone's mute is one for a conference: muting or unmuting one leg does the other too. */
  readonly #shareConferenceMute = ({ detail }: CustomEvent<CallEventDetailMap['call-mute']>): void => {
    const conference = this.#conference;
    if (detail.kind !== 'audio' || !conference?.has(detail.call)) return;
    const other = conference.calls.find((c) => c !== detail.call)!;
    if (other.ended || other.muted.audio === detail.muted) return;
    if (detail.muted) other.mute('audio');
    else other.unmute('audio');
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

  /** Values the debug log must never print: the password and TURN credentials. */
  #secretValues(): string[] {
    const { password, userSig } = this.#settings;
    const secrets = [password, userSig].filter((value): value is string => typeof value === 'string' && value !== '');
    try {
      for (const server of normalizeSetting(this.#settings, 'iceServers')) {
        if (typeof server.credential === 'string') secrets.push(server.credential);
      }
    } catch {
      /* Unusable ice-servers were refused (and never logged): nothing of theirs is in use. */
    }
    return secrets;
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
    // Read at each use, so that turning tones off (a live setting) also quiets calls under way.
    const tones = () => (this.#setting('tones') ? this.tones : silentTones);
    const call = new Call(
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
        onActivating: (activating) => this.#holdOthers(activating),
        referred: (referred, request) => this.#onReferred(referred, request),
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

  /**
   * The far end of `call` transfers us to `request.target`: a cancelable `call-refer`, then
   * (unless refused, or `allowTransfer` is off) the new call, placed like a dial; the old call
   * ends as `transferred` when the far end hangs it up (or when the new one connects).
   */
  #onReferred(call: Call, request: ReferRequest): void {
    if (!this.#setting('allowTransfer')) {
      request.reject();
      return;
    }
    const detail = { call, target: request.target };
    this.#debug.print(describeEvent('call-refer', detail));
    const event = new CustomEvent('call-refer', { detail, cancelable: true });
    this.dispatchEvent(event);
    if (event.defaultPrevented) {
      request.reject();
      return;
    }
    void this.#followTransfer(call, request);
  }

  async #followTransfer(old: Call, request: ReferRequest): Promise<void> {
    const video = old.video;
    const user = request.target.replace(/^sips?:/, '').split('@')[0];
    const call = this.#createCall('outgoing', { uri: request.target, user, displayName: '' }, video);
    old.leaveForTransfer();
    let accepted = false;
    const placed = await this.#placeOutgoing(call, video, (stream) => {
      accepted = true;
      return request.accept(stream, video);
    });
    if (placed !== 'placed') {
      // The transferor hears that we will not follow (unless the request itself failed).
      if (!accepted) request.reject();
      return;
    }
    const connected = (e: CustomEvent<CallEventDetailMap['call-connected']>) => {
      if (e.detail.call !== call) return;
      this.removeEventListener('call-connected', connected);
      // The transferor normally hangs up once told; if it has not within 2 s, we leave.
      setTimeout(() => old.replacedByTransfer(), 2000);
    };
    this.addEventListener('call-connected', connected);
  }

  /**
   * One call at a time is live: every other connected call goes on hold (a failed hold is
   * ignored). Those held for a call being dialled or answered are remembered, and resumed if
   * that call ends without connecting.
   */
  async #holdOthers(active: Call): Promise<void> {
    const partners: readonly Call[] = this.#conference?.has(active) ? this.#conference.calls : [];
    const others = this.#calls.filter(
      (c) => c !== active && !partners.includes(c) && !this.#replacing.has(c) && c.state === 'connected' && !c.held.local,
    );
    await Promise.all(others.map((c) => c.hold().catch(() => undefined)));
    if (active.established) return;
    const held = others.filter((c) => c.held.local);
    if (active.ended) this.#resumeHeld(held);
    else this.#heldFor.set(active, held);
  }

  /** Takes the last of `held` still on hold off hold, unless another call is live or being set up. */
  #resumeHeld(held: readonly Call[]): void {
    if (this.#endingAll || this.#calls.some((c) => c.state === 'connected' || (!c.established && c.state !== 'incoming'))) return;
    const call = [...held].reverse().find((c) => c.established && c.held.local);
    call?.unhold().catch((error) => this.fail(toCallError(error, 'sip/request-failed'), call));
  }

  #hangUpAll(): void {
    this.#endingAll = true;
    try {
      for (const call of [...this.#calls]) call.hangup();
    } finally {
      this.#endingAll = false;
    }
  }

  #forget(call: Call): void {
    const index = this.#calls.indexOf(call);
    if (index >= 0) this.#calls.splice(index, 1);
    const held = this.#heldFor.get(call);
    this.#heldFor.delete(call);
    if (held && call.connectedAt === undefined) this.#resumeHeld(held);
    if (this.#conference?.has(call)) void this.unmerge();
    const tone = this.tones.playing;
    if (!this.#calls.some((c) => c.state === 'incoming') && (tone === 'ringtone' || tone === 'waiting')) this.tones.stop();
    this.emit('call-list-change', { calls: this.calls });
    if (this.#restartPending && !this.#calls.length) this.start().catch(() => undefined);
  }

  #onIncoming(session: ProviderSession, replaces?: ProviderSession): void {
    const replaced = replaces && this.#calls.find((c) => c.hasSession(replaces));
    if (!replaced && this.#refuseIncoming(session)) return;
    const call = this.#createCall('incoming', session.remote, replaced ? replaced.video : session.remoteOffersVideo);
    call.attach(session);
    if (replaced) {
      // An attended transfer's target side: the new call takes over at once (the provider
      // ends the replaced one when it connects), without ringing.
      this.#replacing.add(replaced);
      this.emit('call-incoming', { call });
      // Unless a call-incoming listener answered it already (as for any incoming call).
      if (call.state === 'incoming') call.answer({ video: replaced.video }).catch((error) => this.fail(toCallError(error, 'media/failed'), call));
      return;
    }
    const busy = this.#calls.some((c) => c !== call && c.established);
    if (this.#setting('tones')) this.tones.start(busy ? 'waiting' : 'ringtone');
    this.emit('call-incoming', { call });
    const ringFor = this.#setting('ringTimeout');
    if (ringFor) setTimeout(() => call.expire(), timerMs(ringFor * 1000));
    const hinted = this.#setting('autoAnswerHints') ? session.autoAnswerAfter : undefined;
    if (busy || (!this.#setting('autoAnswer') && hinted === undefined)) return;
    const answer = () => {
      if (call.state === 'incoming') call.answer().catch(() => undefined);
    };
    if (this.#setting('autoAnswer') || !hinted) answer();
    else setTimeout(answer, timerMs(hinted * 1000));
  }

  /**
   * Whether a call arriving now is turned away before it shows: beyond `maxCalls` (busy), or
   * while another call is up when `callWaiting` is `busy` or `reject`.
   */
  #refuseIncoming(session: ProviderSession): boolean {
    const inCall = this.#calls.some((c) => c.established);
    const waiting = this.#setting('callWaiting');
    let kind: 'busy' | 'decline' | undefined;
    if (this.#calls.length >= this.#setting('maxCalls')) kind = 'busy';
    else if (inCall && waiting !== 'ring') kind = waiting === 'busy' ? 'busy' : 'decline';
    if (!kind) return false;
    this.#debug.print(`incoming call from ${session.remote.user || session.remote.uri} refused (${kind}): ${this.#calls.length} call(s) up`);
    session.reject(kind);
    return true;
  }
}

/** One debug line for an event: its name and the call id, state and error code it carries (never the whole detail). */
function describeEvent(type: string, detail: unknown): string {
  const d = (detail ?? {}) as { call?: Call; state?: string; error?: CallError; summary?: { reason?: string } };
  const parts = [type];
  if (d.call) parts.push(`call=${d.call.id}`);
  if (typeof d.state === 'string') parts.push(`state=${d.state}`);
  if (d.summary?.reason) parts.push(`reason=${d.summary.reason}`);
  if (d.error) parts.push(`error=${d.error.code}: ${d.error.message}`);
  return parts.join(' ');
}

type CallListener<K extends CallEventName> = (event: CustomEvent<CallEventDetailMap[K]>) => void;

/** Typed `addEventListener` for the controller's events. */
export interface CallController {
  addEventListener<K extends CallEventName>(type: K, listener: CallListener<K>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends CallEventName>(type: K, listener: CallListener<K>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
