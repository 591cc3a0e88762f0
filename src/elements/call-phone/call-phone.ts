import { html } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { CallController } from '../../core/call-controller.js';
import type { ControllerSettings } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { CallError } from '../../core/errors.js';
import { localeOf, translate } from '../../i18n/strings.js';
import type { Strings } from '../../i18n/strings.js';
import { callControllerContext } from '../shared/controller-context.js';
import { ControllerEvents } from '../shared/controller-events.js';
import { announceController } from '../shared/resolve-controller.js';
import { PhoneActions } from './call-phone.actions.js';
import { styles } from './call-phone.styles.js';
import { renderPhone } from './call-phone.views.js';
import type { PhoneView } from './call-phone.views.js';

/** Attributes whose change restarts the connection. */
const SIGNALLING_PROPS = [
  'provider',
  'server',
  'user',
  'displayName',
  'authUser',
  'iceServers',
  'iceTransportPolicy',
  'iceGatheringTimeout',
  'connectTimeout',
  'dtmfTransport',
] as const;

/**
 * A complete phone: registers an identity, dials, rings, answers and controls calls.
 * Every control is also a method and every state change an event, so with `headless`
 * a page can bring its own UI.
 *
 * @summary SIP/TRTC phone with dialer, incoming prompt and in-call controls.
 *
 * @fires call-registration-change - Connection/registration state changed.
 * @fires call-registered - Registered: calls can be made and received.
 * @fires call-unregistered - No longer registered.
 * @fires call-incoming - A call is arriving.
 * @fires call-outgoing - An outgoing call started.
 * @fires call-state-change - A call changed state.
 * @fires call-ringing - The far end is ringing.
 * @fires call-connected - A call was answered.
 * @fires call-hold - Hold changed on either side.
 * @fires call-mute - Local audio or video was muted or unmuted.
 * @fires call-dtmf - DTMF sent or received.
 * @fires call-info - SIP INFO sent or received.
 * @fires call-remote-track - A remote track arrived.
 * @fires call-ended - A call ended; `detail.summary.reason` says why.
 * @fires call-failed - A call ended without connecting.
 * @fires call-list-change - The list of calls changed.
 * @fires call-quality - A quality sample of a connected call (every second).
 * @fires call-quality-warning - A quality warning was raised (e.g. `high-rtt`).
 * @fires call-quality-warning-cleared - A quality warning cleared.
 * @fires call-report - The periodic full quality report (every 3 s).
 * @fires call-device-change - A device choice changed (chosen, or unplugged with fallback to the default).
 * @fires call-device-list-change - Devices were plugged in or out.
 * @fires call-local-media - Our outgoing tracks changed (switch, share, camera).
 * @fires call-video-change - Video was added to or removed from a call by either side.
 * @fires call-screen-share - Screen sharing started or stopped.
 * @fires call-sound-blocked - The browser blocks sound until the user clicks.
 * @fires call-sound-unblocked - Sound plays again.
 * @fires call-error - Something went wrong; `detail.error.code` is stable.
 * @fires call-controller-change - On the document, when the phone connects or its controller changes (elements using `for=` re-resolve).
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
 * @csspart sound-blocked - The notice shown while the browser blocks sound.
 * @csspart enable-sound - Its "Enable sound" button.
 *
 * @cssprop --call-accent - Accent colour (call buttons, focus ring).
 * @cssprop --call-danger - Colour of hang up and decline.
 * @cssprop --call-bg - Background.
 * @cssprop --call-fg - Text colour.
 * @cssprop --call-muted-fg - Secondary text colour.
 * @cssprop --call-border - Border colour.
 * @cssprop --call-radius - Corner radius.
 * @cssprop --call-font - Font family.
 *
 * @slot - Content shown below the phone, e.g. `<call-video>` elements (they find this phone's controller).
 */
export class CallPhone extends PhoneActions {
  static override styles = styles;

  /** Signalling provider: `sip` (default) or `trtc`. */
  @property() provider = 'sip';
  /** SIP over WebSocket server, e.g. `wss://pbx.example.com/ws`. */
  @property() server = '';
  /** User name (`alice`) or SIP URI (`sip:alice@example.com`). */
  @property() user = '';
  /** Name shown to the people you call. */
  @property({ attribute: 'display-name' }) displayName = '';
  /** SIP digest user name, when it differs from the user. */
  @property({ attribute: 'auth-user' }) authUser = '';
  /** ICE servers as JSON (`[{"urls":"stun:stun.example.com"}]`) or space-separated URLs. */
  @property({ attribute: 'ice-servers' }) iceServers = '';
  /** `all` (default) or `relay` (TURN only). */
  @property({ attribute: 'ice-transport-policy' }) iceTransportPolicy: RTCIceTransportPolicy = 'all';
  /** Longest wait for ICE candidates before sending an offer or answer, ms. */
  @property({ attribute: 'ice-gathering-timeout', type: Number }) iceGatheringTimeout = 500;
  /** Report `network/connect-timeout` after this many ms. */
  @property({ attribute: 'connect-timeout', type: Number }) connectTimeout = 4000;
  /** `rfc4733` (default) or `info`. */
  @property({ attribute: 'dtmf-transport' }) dtmfTransport: 'rfc4733' | 'info' = 'rfc4733';
  /** Place video calls by default and offer video answer. */
  @property({ type: Boolean }) video = false;
  /** Answer incoming calls by themselves. */
  @property({ type: Boolean, attribute: 'auto-answer' }) autoAnswer = false;
  /** Render nothing but the slot: drive the phone with methods and events. */
  @property({ type: Boolean, reflect: true }) headless = false;
  /** Play no ringtone, ringback or busy tone. */
  @property({ type: Boolean, attribute: 'no-tones' }) noTones = false;

  /** Reflected: state of the active call, or `idle`. */
  @property({ reflect: true }) state = 'idle';
  /** Reflected: registration state. */
  @property({ reflect: true }) registration = 'idle';
  /** Reflected: registered and able to receive calls. */
  @property({ type: Boolean, reflect: true }) registered = false;
  /** Reflected: the active call's microphone is muted. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** Reflected: the active call is on hold (either side). */
  @property({ type: Boolean, reflect: true, attribute: 'on-hold' }) onHold = false;
  /** Reflected: the browser blocks sound until the user clicks (an "Enable sound" button shows). */
  @property({ type: Boolean, reflect: true, attribute: 'sound-blocked' }) soundBlocked = false;
  /** Reflected: the active call shares a screen. */
  @property({ type: Boolean, reflect: true, attribute: 'screen-sharing' }) screenSharing = false;

  @state() private keypadOpen = false;
  @state() private target = '';
  @state() private lastEnd?: { reason: string; at: number };
  /** The last error of an action (media, call), shown until the next call starts. */
  @state() private notice?: CallError;

  @provide({ context: callControllerContext })
  @state()
  protected provided?: CallController;

  private _password = '';
  private external?: CallController;
  private own?: CallController;
  private readonly events = new ControllerEvents(this, true);
  private restartQueued = false;
  private teardownTimer?: ReturnType<typeof setTimeout>;
  private tick?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.addEventListener('call-ended', (event) => {
      this.lastEnd = { reason: event.detail.summary.reason, at: Date.now() };
      setTimeout(() => this.requestUpdate(), 5100);
    });
    this.addEventListener('call-error', (event) => {
      if (event.detail.error !== this.controller.lastError) this.notice = event.detail.error;
    });
    for (const type of ['call-outgoing', 'call-incoming', 'call-registered'] as const) {
      this.addEventListener(type, () => (this.notice = undefined));
    }
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'password'];
  }

  /** The controller this phone drives: set one to share it, or the phone makes its own. */
  get controller(): CallController {
    if (this.external) return this.external;
    this.own ??= new CallController();
    return this.own;
  }
  set controller(value: CallController | undefined) {
    this.external = value;
    this.provided = this.controller;
    this.events.set(this.isConnected ? this.controller : undefined);
    if (this.isConnected) announceController(this);
    this.queueRestart();
  }

  /** SIP password. A property only: an HTML attribute is read once and removed. */
  get password(): string {
    return this._password;
  }
  set password(value: string) {
    this._password = value ?? '';
    this.queueRestart();
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
    if (name === 'password') {
      if (value !== null) {
        this.password = value;
        this.removeAttribute('password');
      }
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.teardownTimer);
    this.provided = this.controller;
    this.events.set(this.controller);
    announceController(this);
    this.queueRestart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTick();
    // A move in the DOM (disconnect + connect in one task) must not end calls.
    this.teardownTimer = setTimeout(() => {
      if (!this.isConnected && this.own) void this.own.dispose();
    }, 0);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (SIGNALLING_PROPS.some((p) => changed.has(p)) || changed.has('video') || changed.has('autoAnswer') || changed.has('noTones')) {
      this.queueRestart();
    }
  }

  protected override willUpdate(): void {
    const controller = this.controller;
    const call = controller.activeCall ?? controller.incomingCalls[0];
    this.state = call?.state ?? 'idle';
    this.registration = controller.registrationState;
    this.registered = controller.registered;
    this.muted = !!call?.muted.audio;
    this.onHold = !!call && (call.held.local || call.held.remote);
    this.soundBlocked = controller.soundBlocked;
    this.screenSharing = !!call?.screenSharing;
    if (controller.calls.some((c) => c.established)) this.startTick();
    else this.stopTick();
  }

  protected override render() {
    if (this.headless) return html`<slot></slot>`;
    const locale = localeOf(this);
    const controller = this.controller;
    const view: PhoneView = {
      t: (key: keyof Strings, params?: Record<string, string>) => translate(locale, key, params),
      controller: this.controller,
      user: this.user,
      video: this.video,
      target: this.target,
      keypadOpen: this.keypadOpen,
      lastEnd: this.lastEnd && Date.now() - this.lastEnd.at < 5000 ? this.lastEnd.reason : undefined,
      onTarget: (value) => (this.target = value),
      onDial: (video) => void this.dialFromUi(video),
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
    };
    return html`${renderPhone(view)}<slot></slot>`;
  }

  private async dialFromUi(video: boolean): Promise<void> {
    const call = await this.dial(this.target, { video });
    if (call) this.keypadOpen = false;
  }

  private queueRestart(): void {
    if (this.restartQueued) return;
    this.restartQueued = true;
    queueMicrotask(() => {
      this.restartQueued = false;
      if (this.isConnected) void this.restart();
    });
  }

  private async restart(): Promise<void> {
    const settings: ControllerSettings = {
      provider: this.provider || 'sip',
      server: this.server,
      user: this.user,
      displayName: this.displayName,
      authUser: this.authUser,
      password: this._password,
      iceServers: this.iceServers,
      iceTransportPolicy: this.iceTransportPolicy,
      iceGatheringTimeout: this.iceGatheringTimeout,
      connectTimeout: this.connectTimeout,
      dtmfTransport: this.dtmfTransport,
      video: this.video,
      autoAnswer: this.autoAnswer,
      tones: !this.noTones,
    };
    if (this.external) return;
    const controller = this.controller;
    await controller.configure(settings);
    if (!this.server && !this.user) return;
    if (controller.registrationState === 'idle') await controller.start().catch(() => undefined);
  }

  private startTick(): void {
    this.tick ??= setInterval(() => this.requestUpdate(), 1000);
  }

  private stopTick(): void {
    clearInterval(this.tick);
    this.tick = undefined;
  }
}
