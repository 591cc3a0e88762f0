import { html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { EndReason } from '../../core/end-reason.js';
import type { CallError } from '../../base/errors.js';
import { CALL_EVENT_NAMES } from '../../core/events.js';
import type { CallEventName } from '../../core/events.js';
import { canStart } from '../../core/provider-registry.js';
import { fingerprint, normalizeSetting } from '../../core/settings.js';
import { CallElement } from '../shared/call-element.js';
import { callControllerContext } from '../shared/controller-context.js';
import { ControllerConsumer } from '../shared/controller-consumer.js';
import { announceController } from '../shared/resolve-controller.js';
import { PhoneActions } from './call-phone.actions.js';
import { PhoneFocus } from './phone-focus.js';
import { PhoneKeyboard } from './phone-keyboard.js';
import { styles } from './call-phone.styles.js';
import { callViews, loadCallViews, renderPhone } from './call-phone.views.js';
import type { PhoneView } from './phone-view.js';
import { SECRET_SETTINGS, SETTING_PROPERTIES, applySettingDefaults, readSettings, settingProperties } from './phone-settings.js';
import type { PhoneSettingProperties } from './phone-settings.js';
import { PhoneSecrets, secretOfAttribute } from './phone-secrets.js';

/** The read-only status properties the phone reflects. */
type PhoneStatus = 'state' | 'registration' | 'registered' | 'muted' | 'onHold' | 'soundBlocked' | 'screenSharing';

/** How long the phone shows why the last call ended. */
const END_NOTICE_MS = 5000;

/** Events with figures the phone does not show: re-dispatched, but no re-render. */
const QUIET = new Set<CallEventName>(['call-quality', 'call-report']);

/**
 * A complete phone: registers an identity, dials, rings, answers and controls calls.
 * Every control is also a method and every state change an event, so with `headless`
 * a page can bring its own UI.
 *
 * Every event of the controller (`CallEventDetailMap`: `call-registered`, `call-incoming`,
 * `call-ended`, `call-error`, …) is re-dispatched from the phone, bubbling and composed; the
 * manifest lists them all with their detail types. Its attributes come from the settings table
 * (`src/core/settings.ts`).
 *
 * A call with several participants (a group call), or any call of a provider with group calls
 * (`provider="trtc"`), lists its participants: name (as text), state (ringing, in call, left,
 * declined, busy, no answer…), microphone and camera, and who is speaking; such a call also has
 * an Invite field (`call.invite`). A one-to-one SIP call looks as it always did.
 *
 * @summary SIP phone with dialer, incoming prompt and in-call controls.
 *
 * @csspart phone - The outer box.
 * @csspart header - User and registration status.
 * @csspart status - Registration status text.
 * @csspart error - The last error message.
 * @csspart dialer - Target input and call buttons.
 * @csspart input - The target input.
 * @csspart incoming - An incoming call prompt.
 * @csspart call - The active call panel.
 * @csspart timer - The call timer.
 * @csspart controls - The in-call buttons.
 * @csspart keypad - The DTMF keypad.
 * @csspart button - Every button.
 * @csspart answer - Answer buttons.
 * @csspart hangup - Hang up and decline buttons.
 * @csspart calls - The list of other calls.
 * @csspart elsewhere - The list of calls the phone's other tabs hold (one phone across tabs), each with a *Move here* button (part `move-here`).
 * @csspart sound-blocked - The notice shown while the browser blocks sound.
 * @csspart enable-sound - Its "Enable sound" button.
 * @csspart participants - The participant list of a group call (a TRTC call): one `participant` each.
 * @csspart participant - One participant: name, state (`data-state`), mic and camera, speaking (`data-speaking`).
 * @csspart invite - The Invite form of a call that can invite more people.
 *
 * @cssprop [--call-accent=#1a7f37] - Accent colour: call and answer buttons, focus ring, the registered dot (dark: #3fb950).
 * @cssprop [--call-on-accent=#ffffff] - Text on accent and danger buttons (dark: #0d1117).
 * @cssprop [--call-danger=#c62828] - Hang up and decline, the error border (dark: #ff7b72).
 * @cssprop [--call-bg=#ffffff] - Background (dark: #161b22).
 * @cssprop [--call-fg=#1f2328] - Text colour (dark: #e6edf3).
 * @cssprop [--call-muted-fg=#57606a] - Secondary text colour (dark: #9da7b3).
 * @cssprop [--call-border=#8c959f] - Border colour (dark: #6e7681).
 * @cssprop [--call-radius=12px] - Corner radius; controls use half of it.
 * @cssprop [--call-font=system-ui] - Font family (a system-ui stack).
 *
 * @slot - Content shown below the phone, e.g. `<call-video>` elements (they find this phone's controller).
 */
export class CallPhone extends PhoneActions {
  static override styles = [CallElement.styles, styles];
  /** One reactive property per setting of the table with an attribute (secrets excepted). */
  static override properties = settingProperties();

  static {
    // Secrets (password, ice-servers) are plain accessors over a private store: never a
    // reactive property, never reflected; setting one hands the settings to the controller.
    for (const { name } of SECRET_SETTINGS) {
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get(this: CallPhone) {
          return this.#secrets.get(name);
        },
        set(this: CallPhone, value: unknown) {
          this.#secrets.set(name, value);
        },
      });
    }
  }

  /** Render nothing but the slot: drive the phone with methods and events. */
  @property({ type: Boolean, reflect: true }) headless = false;

  // Status, reflected for CSS (`call-phone[state='connected']`) and read-only: the phone sets them.
  /** Read-only, reflected: state of the active call (a call being set up shows as `connecting`), or `idle`. */
  @property({ reflect: true }) readonly state: 'idle' | 'connecting' | 'ringing' | 'incoming' | 'connected' | 'held' = 'idle';
  /** Read-only, reflected: registration state (see the README's *Connection and registration states*). */
  @property({ reflect: true }) readonly registration: 'idle' | 'connecting' | 'registering' | 'registered' | 'connected' | 'reconnecting' | 'failed' = 'idle';
  /** Read-only, reflected: registered and able to receive calls. */
  @property({ type: Boolean, reflect: true }) readonly registered: boolean = false;
  /** Read-only, reflected: the active call's microphone is muted. */
  @property({ type: Boolean, reflect: true }) readonly muted: boolean = false;
  /** Read-only, reflected: the active call is on hold (either side). */
  @property({ type: Boolean, reflect: true, attribute: 'on-hold' }) readonly onHold: boolean = false;
  /** Read-only, reflected: the browser blocks sound until the user clicks (an "Enable sound" button shows). */
  @property({ type: Boolean, reflect: true, attribute: 'sound-blocked' }) readonly soundBlocked: boolean = false;
  /** Read-only, reflected: the active call shares a screen. */
  @property({ type: Boolean, reflect: true, attribute: 'screen-sharing' }) readonly screenSharing: boolean = false;

  @state() private keypadOpen = false;
  @state() private transferOpen = false;
  @state() private transferTarget = '';
  @state() private inviteTarget = '';
  @state() private target = '';
  @state() private lastEnd?: { reason: EndReason; at: number };
  /** The last error of an action (media, call), shown until the next call starts. */
  @state() private notice?: CallError;

  @provide({ context: callControllerContext })
  @state()
  protected provided?: CallController;

  readonly #secrets = new PhoneSecrets(() => this.#queueSettings());
  #external?: CallController;
  #own?: CallController;
  #settingsQueued = false;
  #settingsApplied: Promise<void> = Promise.resolve();
  /** What each controller was last configured with, so an unchanged burst configures nothing. */
  readonly #handedOver = new WeakMap<CallController, string>();
  #teardownTimer?: ReturnType<typeof setTimeout>;
  #tick?: ReturnType<typeof setInterval>;
  readonly #consumer = new ControllerConsumer(this, { lookup: false })
    .forward(CALL_EVENT_NAMES)
    .onEvery((event) => {
      if (!QUIET.has(event.type as CallEventName)) this.requestUpdate();
    })
    .on('call-ended', ({ summary }) => {
      this.lastEnd = { reason: summary.reason, at: Date.now() };
      // Once more just after the notice expires, so it goes even when nothing else renders.
      setTimeout(() => this.requestUpdate(), END_NOTICE_MS + 100);
    })
    .on('call-error', ({ error }) => {
      if (error !== this.controller.lastError) this.notice = error;
    })
    .on('call-outgoing', () => (this.notice = undefined))
    .on('call-incoming', () => (this.notice = undefined))
    .on('call-registered', () => (this.notice = undefined));

  constructor() {
    super();
    applySettingDefaults(this);
    new PhoneFocus(this);
    new PhoneKeyboard(this, {
      controller: () => this.controller,
      keypadOpen: () => this.keypadOpen,
      closeKeypad: () => (this.keypadOpen = false),
      dismissNotice: () => {
        if (!this.notice) return false;
        this.notice = undefined;
        return true;
      },
      sendDigit: (digit) => void this.sendDtmf(digit),
    });
  }

  /** @internal Lit's attributes, the secret ones, and `id` (elements following a phone by `for` find it by its id). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...SECRET_SETTINGS.flatMap((secret) => (secret.attribute ? [secret.attribute] : [])), 'id'];
  }

  /** The controller this phone drives: set one to share it, or the phone makes its own. */
  get controller(): CallController {
    if (this.#external) return this.#external;
    this.#own ??= new CallController();
    return this.#own;
  }
  set controller(value: CallController | undefined) {
    this.#external = value;
    this.provided = this.controller;
    this.#consumer.explicit = this.controller;
    if (this.isConnected) announceController(this);
    this.#queueSettings();
  }

  /** The calls not yet ended. */
  get calls(): readonly Call[] {
    return this.controller.calls;
  }

  /** The call in focus (connected, else dialling, else held). */
  get activeCall(): Call | undefined {
    return this.controller.activeCall;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const secret = secretOfAttribute(name);
    if (name === 'id') {
      // A phone that gets its id after it connected (@lit/react sets `id` as a property in a
      // layout effect) tells the elements following that id.
      if (old !== value && this.isConnected) announceController(this);
    } else if (!secret) {
      super.attributeChangedCallback(name, old, value);
    } else if (value !== null) {
      // Read once, then off the DOM; that removal comes back here with null, and keeps the value.
      this.#secrets.setFromAttribute(secret, value);
      super.removeAttribute(name);
    }
  }

  /**
   * Removes an attribute. A secret one (`password`, `user-sig`, `ice-servers`) the phone read
   * and took off the DOM already takes its setting back to the default.
   * @internal Element's own method (the manifest documents this with the secret properties).
   */
  override removeAttribute(name: string): void {
    this.#takeBackSecret(name);
    super.removeAttribute(name);
  }

  /**
   * Toggles an attribute; `force` false removes it as {@link CallPhone.removeAttribute} does.
   * @internal Element's own method.
   */
  override toggleAttribute(name: string, force?: boolean): boolean {
    if (force === false) this.#takeBackSecret(name);
    return super.toggleAttribute(name, force);
  }

  override connectedCallback(): void {
    clearTimeout(this.#teardownTimer);
    this.provided = this.controller;
    this.#consumer.explicit = this.controller;
    super.connectedCallback();
    announceController(this);
    this.#queueSettings();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTick();
    // A move in the DOM (disconnect + connect in one task) must not end calls. A phone removed
    // for longer disposes its own controller and makes a new one if it is inserted again.
    this.#teardownTimer = setTimeout(() => {
      const own = this.#own;
      if (this.isConnected || !own) return;
      this.#own = undefined;
      void own.dispose();
    }, 0);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (SETTING_PROPERTIES.some((name) => changed.has(name as keyof CallPhone))) this.#queueSettings();
  }

  protected override willUpdate(): void {
    const controller = this.controller;
    const call = controller.activeCall ?? controller.incomingCalls[0];
    const status = this as { -readonly [K in PhoneStatus]: CallPhone[K] };
    // A call being set up (`new`: holding the others, opening the microphone) shows as connecting.
    status.state = call?.state === 'new' ? 'connecting' : ((call?.state as CallPhone['state'] | undefined) ?? 'idle');
    status.registration = controller.registrationState;
    status.registered = controller.registered;
    status.muted = !!call?.muted.audio;
    status.onHold = !!call && (call.held.local || call.held.remote);
    status.soundBlocked = controller.soundBlocked;
    status.screenSharing = !!call?.screenSharing;
    if (controller.calls.some((c) => c.established)) this.#startTick();
    else this.#stopTick();
  }

  protected override render(): TemplateResult {
    if (this.headless) return html`<slot></slot>`;
    const controller = this.controller;
    // The templates of calls load after the first paint, in time for the first call.
    const views = callViews();
    if (!views) void loadCallViews().then(() => this.requestUpdate(), () => undefined);
    const view: PhoneView = {
      callViews: views,
      t: (key, params) => this.localize.t(key, params),
      error: (error) => this.localize.error(error),
      controller: this.controller,
      user: normalizeSetting({ user: this.user }, 'user').slice(0, 256), // shown: a huge attribute stays out of the DOM
      video: this.video === true,
      target: this.target,
      keypadOpen: this.keypadOpen,
      lastEnd: this.lastEnd && Date.now() - this.lastEnd.at < END_NOTICE_MS ? this.lastEnd.reason : undefined,
      onTarget: (value) => (this.target = value),
      onDial: (video) => void this.#dialFromUi(video),
      onAnswer: (call, video) => void this.guard(() => call.answer({ video })),
      onReject: (call) => this.guardSync(() => call.reject()),
      onHangup: (call) => this.guardSync(() => call.hangup()),
      onToggleMute: (call, kind) => this.guardSync(() => call.toggleMute(kind)),
      onToggleHold: (call) => void (call.held.local ? this.unhold(call.id) : this.hold(call.id)),
      onToggleKeypad: () => (this.keypadOpen = !this.keypadOpen),
      onDigit: (call, digit) => this.guardSync(() => call.sendDtmf(digit)),
      notice: this.notice,
      canShare: controller.capabilities.getDisplayMedia,
      onToggleVideo: (call) => void this.guard(() => (call.video ? call.downgradeToAudio() : call.upgradeToVideo())),
      onToggleShare: (call) => void this.guard(() => (call.screenSharing ? call.stopScreenShare() : call.shareScreen())),
      onEnableSound: () => controller.resumeAudio(),
      onDismiss: () => (this.notice = undefined),
      transferOpen: this.transferOpen,
      transferTarget: this.transferTarget,
      onToggleTransfer: () => (this.transferOpen = !this.transferOpen),
      onTransferTarget: (value) => (this.transferTarget = value),
      onTransfer: (call, target) =>
        void this.guard(() => call.transfer(target)).then((ok) => {
          if (ok) this.transferOpen = false;
        }),
      onToggleRecording: (call) =>
        void (call.recording === 'stopped' ? this.startRecording(call.id) : this.stopRecording(call.id)),
      onMerge: (a, b) => void this.merge(a.id, b.id),
      onMoveHere: (id) => void this.moveHere(id),
      onUnmerge: () => void this.unmerge(),
      inviteTarget: this.inviteTarget,
      onInviteTarget: (value) => (this.inviteTarget = value),
      onInvite: (call, target) =>
        void this.invite(target.trim(), call.id).then((ok) => {
          if (ok) this.inviteTarget = '';
        }),
    };
    return html`${renderPhone(view)}<slot></slot>`;
  }

  /** The page removing a secret attribute the phone already took away: its value goes too. */
  #takeBackSecret(attribute: string): void {
    const secret = secretOfAttribute(attribute);
    if (secret && !this.hasAttribute(attribute)) this.#secrets.takeBack(secret);
  }

  async #dialFromUi(video: boolean): Promise<void> {
    const call = await this.dial(this.target, { video });
    if (call) this.keypadOpen = false;
  }

  /** Hands the settings to the controller once per task, whatever the number of changes. */
  #queueSettings(): void {
    if (this.#settingsQueued) return;
    this.#settingsQueued = true;
    this.#settingsApplied = new Promise((resolve) =>
      queueMicrotask(() => {
        this.#settingsQueued = false;
        resolve(this.isConnected ? this.#applySettings() : undefined);
      }),
    );
  }

  protected override settingsApplied(): Promise<void> {
    return this.#settingsApplied;
  }

  protected override async handOverSettings(): Promise<void> {
    await this.#handOver();
  }

  /** Configures its own controller (a shared one is the page's to configure) with the element's settings, when they changed. */
  async #handOver(): Promise<ReturnType<typeof readSettings> | undefined> {
    if (this.#external) return undefined;
    const controller = this.controller;
    const settings = readSettings(this, this.#secrets.values);
    // Settings JSON cannot write (a bigint given as a property) have no print: always handed over.
    const print = fingerprint(settings);
    if (print === undefined || print !== this.#handedOver.get(controller)) {
      if (print !== undefined) this.#handedOver.set(controller, print);
      // A failed restart was reported as `call-error` already.
      await controller.configure(settings).catch(() => undefined);
    }
    return settings;
  }

  /** Hands the settings over and starts the controller once there is something to connect as. */
  async #applySettings(): Promise<void> {
    const settings = await this.#handOver();
    if (!settings) return;
    const controller = this.controller;
    if (!normalizeSetting(settings, 'server') && !this.user) return;
    // Until the provider has what it starts with (TRTC: a userSig, set after `sdk` as the README
    // shows) there is nothing to start, and starting would only report what is still coming.
    if (!canStart(settings)) return;
    if (controller.registrationState === 'idle') await controller.start().catch(() => undefined);
  }

  #startTick(): void {
    this.#tick ??= setInterval(() => this.requestUpdate(), 1000);
  }

  #stopTick(): void {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }
}

/** The setting properties, typed from the table (declaration merging with the class). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface CallPhone extends PhoneSettingProperties {}
