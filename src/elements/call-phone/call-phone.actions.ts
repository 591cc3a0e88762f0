import type { CallController, DialOptions } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import { CallError, toCallError } from '../../base/errors.js';
import type { MediaKind } from '../../core/types.js';
import type { DeviceSlot } from '../../media/device-manager.js';
import { CallElement } from '../shared/call-element.js';
import { guarded, guardedSync } from '../shared/guard.js';

/**
 * The phone's actions as methods, usable headless. They never throw: a failure becomes a
 * `call-error` event (and a console warning) and the result says whether it worked.
 */
export abstract class PhoneActions extends CallElement {
  /** The controller the actions drive. */
  abstract get controller(): CallController;

  /** Resolves once settings given so far have been handed to the controller (and it started). */
  protected settingsApplied(): Promise<void> {
    return Promise.resolve();
  }

  /** Hands the element's settings to the controller now, connected or not (before {@link register}). */
  protected handOverSettings(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Connects and registers with the current settings. Resolves true once registered (or
   * connected, with `register: false`), false when refused or the server cannot be reached
   * (after `call-error`). A phone that is up, or on its way up, is not restarted: its calls go on.
   */
  async register(): Promise<boolean> {
    const controller = this.controller;
    const up = (state: string) => state === 'registered' || state === 'connected';
    const settled = (state: string) => up(state) || state === 'failed' || state === 'idle';
    await this.handOverSettings();
    const before = controller.registrationState;
    if ((before === 'idle' || before === 'failed') && !(await this.guard(() => controller.start()))) return false;
    if (settled(controller.registrationState)) return up(controller.registrationState);
    return new Promise<boolean>((resolve) => {
      const seen = ({ detail }: CustomEvent<{ state: string }>) => {
        if (!settled(detail.state)) return;
        controller.removeEventListener('call-registration-change', seen as EventListener);
        resolve(up(detail.state));
      };
      controller.addEventListener('call-registration-change', seen as EventListener);
    });
  }

  /** Hangs up, unregisters and disconnects. */
  async unregister(): Promise<void> {
    await this.controller.stop();
  }

  /**
   * Calls a user, number or SIP URI — or several user ids at once, a group call (TRTC; a
   * provider without group calls refuses it with `call/unsupported`). Resolves with the call, or
   * undefined on failure.
   */
  async dial(target: string | string[], options: DialOptions = {}): Promise<Call | undefined> {
    try {
      // Settings given just before (attributes, properties) reach the controller first.
      await this.settingsApplied();
      return await this.controller.dial(target, options);
    } catch (error) {
      this.#reportDetached(toCallError(error, 'call/invalid-state'));
      return undefined;
    }
  }

  /** Answers the first ringing call (or the one with `callId`). */
  async answer(options: { video?: boolean; callId?: string } | null = {}): Promise<boolean> {
    const { callId, video } = options ?? {};
    const call = callId ? this.controller.getCall(callId) : this.controller.incomingCalls[0];
    return this.guard(() => this.requireCall(call, 'answer').answer({ video }));
  }

  /** Declines the first ringing call (or `callId`); `busy` answers 486. */
  reject(options: { busy?: boolean; callId?: string } | null = {}): boolean {
    const { callId, busy } = options ?? {};
    const call = callId ? this.controller.getCall(callId) : this.controller.incomingCalls[0];
    return this.guardSync(() => this.requireCall(call, 'reject').reject({ busy }));
  }

  /** Ends the active call (or `callId`); with no call up, declines the first ringing one. */
  hangup(callId?: string): boolean {
    const call = this.pick(callId) ?? (callId ? undefined : this.controller.incomingCalls[0]);
    return this.guardSync(() => this.requireCall(call, 'hang up').hangup());
  }

  /** Puts the active call (or `callId`) on hold. */
  async hold(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'hold').hold());
  }

  /** Resumes a held call (the active one, or `callId`); other calls go on hold. */
  async unhold(callId?: string): Promise<boolean> {
    const call = callId ? this.controller.getCall(callId) : this.controller.calls.find((c) => c.held.local);
    return this.guard(() => this.requireCall(call, 'resume').unhold());
  }

  /**
   * Transfers the active call (or `callId`): to a user, number or SIP URI (blind), or to the
   * far end of another call, given by its id (attended). Progress comes as `call-transfer`.
   */
  async transfer(target: string, callId?: string): Promise<boolean> {
    const other = this.controller.getCall(target);
    return this.guard(() => this.requireCall(this.pick(callId), 'transfer').transfer(other ?? target));
  }

  /**
   * Invites more users into the active call (or `callId`), making it a group call (TRTC). Each
   * shows in the participant list, ringing then joined. A provider without group calls (SIP)
   * fails with `call/unsupported`: merge two calls instead.
   */
  async invite(targets: string | string[], callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'invite').invite(targets));
  }

  /** Mutes the microphone (or camera with `'video'`). */
  mute(kind: MediaKind = 'audio', callId?: string): boolean {
    return this.guardSync(() => this.requireCall(this.pick(callId), 'mute').mute(kind));
  }

  /** Unmutes the microphone (or camera). */
  unmute(kind: MediaKind = 'audio', callId?: string): boolean {
    return this.guardSync(() => this.requireCall(this.pick(callId), 'unmute').unmute(kind));
  }

  /** Sends DTMF digits in the active call. */
  sendDtmf(tones: string, callId?: string): boolean {
    return this.guardSync(() => this.requireCall(this.pick(callId), 'send DTMF').sendDtmf(tones));
  }

  /** Sends a SIP INFO in the active call. */
  sendInfo(contentType: string, body: string, callId?: string): boolean {
    return this.guardSync(() => this.requireCall(this.pick(callId), 'send INFO').sendInfo(contentType, body));
  }

  /** Adds the camera to the active call (or `callId`): a re-INVITE for SIP. */
  async upgradeToVideo(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'add video').upgradeToVideo());
  }

  /** Removes video from the active call (or `callId`) and releases the camera. */
  async downgradeToAudio(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'remove video').downgradeToAudio());
  }

  /** Shares a screen, window or tab in the active call, in place of the camera. */
  async shareScreen(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'share the screen').shareScreen());
  }

  /** Stops sharing; the camera comes back. */
  async stopScreenShare(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'stop sharing').stopScreenShare());
  }

  /** Releases the camera of the active call (light off); {@link startCamera} brings it back. */
  async stopCamera(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'stop the camera').stopCamera());
  }

  /** Captures the camera again after {@link stopCamera}. */
  async startCamera(callId?: string): Promise<boolean> {
    return this.guard(() => this.requireCall(this.pick(callId), 'start the camera').startCamera());
  }

  /**
   * Merges two connected calls into a 3-way conference (default: the active call and the
   * other connected or held one).
   */
  async merge(callIdA?: string, callIdB?: string): Promise<boolean> {
    const calls = this.controller.calls.filter((c) => c.established);
    const a = callIdA ? this.controller.getCall(callIdA) : (this.controller.activeCall ?? calls[0]);
    const b = callIdB ? this.controller.getCall(callIdB) : calls.find((c) => c !== a);
    return this.guard(() => this.controller.merge(this.requireCall(a, 'merge'), this.requireCall(b, 'merge')));
  }

  /**
   * Moves a call another tab of this phone holds here (`controller.moveHere`; default: the
   * first of `controller.callsElsewhere`): its media is then captured and played in this tab.
   */
  async moveHere(callId?: string): Promise<boolean> {
    return this.guard(() => this.controller.moveHere(callId ?? this.controller.callsElsewhere[0]?.id ?? ''));
  }

  /** Splits the conference; each call goes on. */
  async unmerge(): Promise<boolean> {
    return this.guard(() => this.controller.unmerge());
  }

  /** Starts recording the active call (or `callId`); the file comes with `call-recording` when it stops. */
  startRecording(callId?: string): boolean {
    return this.guardSync(() => this.requireCall(this.pick(callId), 'record').startRecording());
  }

  /** Stops recording; resolves with the file, or undefined when it failed (see `call-error`). */
  async stopRecording(callId?: string): Promise<Blob | undefined> {
    let blob: Blob | undefined;
    await this.guard(async () => {
      blob = await this.requireCall(this.pick(callId), 'stop recording').stopRecording();
    });
    return blob;
  }

  /** Chooses a microphone, camera, speaker or ringtone device ('' = default); live in calls, remembered. */
  async selectDevice(slot: DeviceSlot, deviceId: string): Promise<boolean> {
    return this.guard(() => this.controller.selectDevice(slot, deviceId));
  }

  /** Plays sound the browser blocked until a user gesture; call it from a click. */
  resumeAudio(): void {
    this.controller.resumeAudio();
  }

  protected pick(callId?: string): Call | undefined {
    return callId ? this.controller.getCall(callId) : this.controller.activeCall;
  }

  protected requireCall(call: Call | undefined, action: string): Call {
    if (!call) throw new CallError('call/not-found', `Cannot ${action}: there is no such call.`);
    return call;
  }

  protected guard(fn: () => Promise<unknown> | unknown): Promise<boolean> {
    return guarded(this.controller, fn, this.#reportDetached);
  }

  protected guardSync(fn: () => unknown): boolean {
    return guardedSync(this.controller, fn, this.#reportDetached);
  }

  /**
   * A phone out of the document does not listen to its controller (it forwards its events once
   * connected), so a method's failure is fired on it here: a page (or framework) that calls
   * methods before mounting the element still gets its `call-error`.
   */
  readonly #reportDetached = (error: CallError): void => {
    if (!this.isConnected) this.emit('call-error', { error });
  };
}
