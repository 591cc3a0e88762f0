import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallController } from '../../core/call-controller.js';
import { toCallError } from '../../base/errors.js';
import type { CallEventDetailMap } from '../../core/events.js';
import { slotKind } from '../../media/device-slots.js';
import type { DeviceSlot, PermissionStatus } from '../../media/device-manager.js';
import { CallElement } from '../shared/call-element.js';
import { ControllerConsumer } from '../shared/controller-consumer.js';
import { warnOnce } from '../shared/warn.js';
import { DEFAULT_KINDS, needed, optionsFor, parseKinds, permissionOf, shownValue } from './call-devices.options.js';
import { styles } from './call-devices.styles.js';
import type { DevicePreview } from './device-preview.js';

/** Controller events after which the element looks again at calls, devices and choices. */
const WATCHED = ['call-device-list-change', 'call-list-change', 'call-state-change', 'call-local-media', 'call-screen-share'] as const;

/**
 * Pickers for microphone, camera and speaker (and optionally the ringtone's output), with a
 * live microphone level, a camera preview and a speaker test. Before a call it previews the
 * chosen devices; during a call a choice switches the live call and the preview shows what the
 * call sends. It asks for permission only when the user presses its "Allow" button (or the page
 * calls {@link requestPermission}), never by itself. Choices are remembered (localStorage).
 *
 * @summary Microphone, camera and speaker pickers with level meter, preview and speaker test.
 *
 * @fires call-device-change - A choice changed: picked here or elsewhere, or the chosen device was unplugged. Detail `{ slot, deviceId, previous, reason, lost? }`. Not re-dispatched inside a `<call-phone>`, which dispatches it already.
 * @fires call-device-list-change - Devices were plugged in or out, or their names became known. Detail `{ devices }`. Not re-dispatched inside a `<call-phone>`.
 * @fires call-error - An action failed (e.g. `media/permission-denied`); the element shows the message too. Dispatched by the controller.
 *
 * @csspart row - One picker with its label; each also has `row-<kind>`.
 * @csspart row-audioinput - The microphone row.
 * @csspart row-videoinput - The camera row.
 * @csspart row-audiooutput - The speaker row.
 * @csspart row-ringtone - The ringtone output row.
 * @csspart label - A picker's label.
 * @csspart select - Every picker; each also has `<kind>-select`.
 * @csspart audioinput-select - The microphone picker.
 * @csspart videoinput-select - The camera picker.
 * @csspart audiooutput-select - The speaker picker.
 * @csspart ringtone-select - The ringtone output picker.
 * @csspart meter - The microphone level bar (`role=meter`, `aria-valuenow` 0–100).
 * @csspart meter-fill - The filled part of the level bar.
 * @csspart preview - The camera preview `<video>` (mirrored, muted; not mirrored while the call shares a screen or an element, `data-shared`).
 * @csspart button - Every button.
 * @csspart allow-button - "Allow microphone and camera".
 * @csspart test-button - "Test speaker".
 * @csspart permission - The box asking for access, with the allow button.
 * @csspart error - The error message (`role=alert`).
 * @csspart note - Explanations: not connected, why the speaker cannot be chosen, a device unplugged.
 *
 * @cssprop --call-fg - Text colour.
 * @cssprop --call-bg - Background of the preview and the permission box.
 * @cssprop --call-border - Border colour of pickers and boxes.
 * @cssprop --call-accent - Buttons, focus ring and the level bar.
 * @cssprop --call-danger - Colour of error text.
 * @cssprop --call-font - Font family.
 * @cssprop --call-radius - Corner radius of pickers, buttons and the preview.
 * @cssprop --call-preview-height - Height of the camera preview (default 9rem).
 * @cssprop --call-on-accent - Text of the allow button.
 * @cssprop --call-subtle-bg - Background of the level bar, the preview and the permission box.
 */
export class CallDevices extends CallElement {
  static override styles = [CallElement.styles, styles];

  /** Id of the `<call-phone>` whose devices to set (else the enclosing phone, or `.controller`). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Pickers to show, space-separated: `audioinput`, `videoinput`, `audiooutput`, `ringtone`. */
  @property() kinds: string = DEFAULT_KINDS;
  /** Reflected: whether the page may use the microphone (and camera, when shown). Read-only. */
  @property({ reflect: true }) permission: PermissionStatus = 'unknown';

  @state() private error?: { code?: string; message: string };
  @state() private notice = '';

  #visible = false;
  #deniedByError = false;
  #observer?: IntersectionObserver;
  #parsed?: { kinds: string; slots: DeviceSlot[] };
  readonly #consumer: ControllerConsumer = new ControllerConsumer(this, { onChange: (previous, next) => this.#onControllerChange(previous, next) })
    // Inside a <call-phone> the phone re-dispatches these already.
    .forward(['call-device-change', 'call-device-list-change'], () => !this.#consumer.fromContext)
    .on('call-device-change', (detail) => this.#onDeviceChange(detail));
  /**
   * The level meter and camera preview: their own chunk, fetched when the element first syncs
   * (its first update), so a page paints without it and has it before anyone can grant access.
   * Until it is there nothing is captured, so nothing needs retrying or stopping.
   */
  #preview?: DevicePreview;
  #previewLoading = false;

  constructor() {
    super();
    for (const name of WATCHED) this.#consumer.on(name, () => this.#sync());
  }

  /** The controller to use; set it to bypass `for` and context. */
  get controller(): CallController | undefined {
    return this.#consumer.value;
  }
  set controller(value: CallController | undefined) {
    this.#consumer.explicit = value;
  }

  /** The pickers shown, from `kinds`. */
  get slots(): DeviceSlot[] {
    if (this.#parsed?.kinds !== this.kinds) {
      const slots = parseKinds(this.kinds, (word) =>
        warnOnce(this, `kind=${word}`, `unknown kind "${word}" ignored (known: audioinput videoinput audiooutput ringtone).`),
      );
      this.#parsed = { kinds: this.kinds, slots };
    }
    return this.#parsed.slots;
  }

  /**
   * Asks the browser for microphone (and camera, when shown) access; call it from a user
   * gesture. Resolves true when granted; a refusal is shown in the element and fired as
   * `call-error`, never thrown.
   */
  async requestPermission(): Promise<boolean> {
    const controller = this.#consumer.value;
    if (!controller) return false;
    try {
      await controller.devices.requestPermission(needed(this.slots));
      this.#deniedByError = false;
      this.error = undefined;
      this.#preview?.retry();
      this.#sync();
      return true;
    } catch (error) {
      this.#showError(error, controller);
      return false;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Preview and level only while the element is on screen (not in a closed dialog).
    this.#observer = new IntersectionObserver((entries) => {
      this.#visible = entries.some((e) => e.isIntersecting);
      this.#schedulePreview();
    });
    this.#observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#visible = false;
    this.#preview?.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kinds')) this.#sync();
  }

  protected override updated(): void {
    // The level reaches the CSS as a custom property set through CSSOM, which `style-src 'self'`
    // allows. Not styleMap: its first render writes a `style` attribute, which that policy refuses.
    this.renderRoot.querySelector<HTMLElement>('[part~=meter-fill]')?.style.setProperty('--_level', String((this.#preview?.level ?? 0) / 100));
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    // Set here, not bound in the template: Lit re-assigns object bindings on every render
    // (the level meter renders 15 times a second), and each assignment restarts the video.
    const stream = this.#preview?.video ?? null;
    if (video.srcObject !== stream) video.srcObject = stream;
    // Autoplay alone does not start a srcObject set later: play it (muted, so always allowed).
    if (stream && video.paused) video.play().catch(() => undefined);
  }

  #onDeviceChange(detail: CallEventDetailMap['call-device-change']): void {
    const t = this.localize;
    this.notice = detail.reason === 'unplugged' ? t.t('devices.unplugged', { device: detail.lost?.label || t.t(`devices.kind.${detail.slot}`) }) : '';
    this.#preview?.retry();
    this.#sync();
  }

  readonly #onPermission = () => {
    this.#deniedByError = false;
    this.#preview?.retry();
    this.#sync();
  };

  #onControllerChange(previous: CallController | undefined, next: CallController | undefined): void {
    previous?.devices.removeEventListener('permission', this.#onPermission);
    this.error = undefined;
    this.notice = '';
    if (next) {
      next.devices.addEventListener('permission', this.#onPermission);
      // Follows plugging and permission changes (the controller stops that on dispose).
      // Enumerating never prompts; names stay empty until permission is granted.
      void next.devices.watch();
    }
    this.#sync();
  }

  /** Re-reads permission and brings the preview up to date; re-renders. */
  #sync(): void {
    const controller = this.#consumer.value;
    this.permission = !controller ? 'unknown' : this.#deniedByError ? 'denied' : permissionOf(controller.devices.permission, this.slots);
    this.#schedulePreview();
    this.requestUpdate();
  }

  /** Brings the preview in line with the wish; the first call fetches its chunk. */
  #schedulePreview(): void {
    if (this.#preview) return this.#preview.schedule();
    if (this.#previewLoading) return;
    this.#previewLoading = true;
    import('./device-preview.js').then(
      ({ DevicePreview }) => {
        this.#preview = new DevicePreview(
          () => this.#wish(),
          () => this.requestUpdate(),
          (error, controller) => this.#showError(error, controller),
        );
        this.#preview.schedule();
      },
      // Offline, say: the pickers work without it; the next sync tries again.
      () => (this.#previewLoading = false),
    );
  }

  #wish() {
    const controller = this.isConnected ? this.#consumer.value : undefined;
    const slots = this.slots;
    const status = controller?.devices.permission;
    return {
      controller,
      callStream: controller?.activeCall?.localStream,
      audio: this.#visible && slots.includes('audioinput'),
      video: this.#visible && slots.includes('videoinput'),
      capture: { audio: status?.microphone === 'granted', video: status?.camera === 'granted' },
    };
  }

  #showError(error: unknown, controller: CallController): void {
    const callError = toCallError(error, 'media/failed');
    controller.fail(callError);
    if (callError.code === 'media/permission-denied') this.#deniedByError = true;
    this.error = callError;
    this.#sync();
  }

  async #choose(slot: DeviceSlot, event: Event): Promise<void> {
    const controller = this.#consumer.value;
    if (!controller) return;
    const deviceId = (event.target as HTMLSelectElement).value;
    this.notice = '';
    try {
      await controller.selectDevice(slot, deviceId);
      this.error = undefined;
    } catch (error) {
      this.#showError(error, controller);
    }
    this.#preview?.retry();
    this.#sync();
  }

  async #testSpeaker(): Promise<void> {
    const controller = this.#consumer.value;
    if (!controller) return;
    try {
      await controller.testSpeaker();
    } catch (error) {
      this.#showError(error, controller);
    }
  }

  protected override render(): TemplateResult {
    const t = this.localize;
    const controller = this.#consumer.value;
    if (!controller) return html`<p class="note idle" part="note">${t.t('devices.not-connected')}</p>`;
    const slots = this.slots;
    const need = needed(slots);
    const allow = need.audio && need.video ? 'devices.allow.both' : need.video ? 'devices.allow.video' : 'devices.allow.audio';
    const error = this.error;
    const alert = error ? html`<p class="error" part="error" role="alert">${t.error(error)}</p>` : nothing;
    // Before access is granted, an error (most often the refusal) shows in the box that asks.
    return html`${this.permission === 'granted'
        ? alert
        : html`<div class="permission" part="permission">
            ${error ? alert : html`<p>${t.t(this.permission === 'denied' ? 'devices.permission.denied' : 'devices.permission.prompt')}</p>`}
            <button part="button allow-button" class="allow" @click=${() => this.requestPermission()}>${t.t(allow)}</button>
          </div>`}
      ${slots.map((slot) => this.#renderPicker(slot, controller))}
      <p class="note notice" part="note" role="status">${this.notice}</p>`;
  }

  #renderPicker(slot: DeviceSlot, controller: CallController) {
    const t = this.localize;
    const options = optionsFor(controller.devices.list(slotKind(slot)), {
      default: t.t('devices.default'),
      none: t.t('devices.none'),
      numbered: (n) => t.t(`devices.numbered.${slot}`, { n: String(n) }),
    });
    const value = shownValue(options, controller.devices.selected(slot));
    const output = slotKind(slot) === 'audiooutput';
    const unsupported = output && !controller.capabilities.setSinkId;
    const id = `select-${slot}`;
    return html`<div class="row" part="row row-${slot}">
      <label part="label" for=${id}>${t.t(`devices.kind.${slot}`)}</label>
      <div class="control">
        <select
          id=${id}
          part="select ${slot}-select"
          ?disabled=${unsupported || (options.length === 1 && options[0].label === t.t('devices.none'))}
          aria-describedby=${unsupported ? `${id}-note` : nothing}
          @change=${(event: Event) => this.#choose(slot, event)}
        >
          ${options.map(
            (o) => html`<option value=${o.value} ?disabled=${!!o.disabled} .selected=${o.value === value}>${o.label}</option>`,
          )}
        </select>
        ${slot === 'audiooutput'
          ? html`<button part="button test-button" class="test" @click=${() => this.#testSpeaker()}>${t.t('devices.test-speaker')}</button>`
          : nothing}
      </div>
      ${unsupported ? html`<p class="note" part="note" id="${id}-note">${t.t('devices.no-output-selection')}</p>` : nothing}
      ${slot === 'audioinput' ? this.#renderMeter() : nothing} ${slot === 'videoinput' ? this.#renderPreview() : nothing}
    </div>`;
  }

  #renderMeter() {
    const level = this.#preview?.level ?? 0;
    return html`<div class="meter" part="meter" role="meter" aria-label=${this.localize.t('devices.level')} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${level}>
      <div class="fill" part="meter-fill"></div>
    </div>`;
  }

  #renderPreview() {
    const t = this.localize;
    const stream = this.#preview?.video;
    return html`<div class="frame">
      <video
        part="preview"
        aria-label=${t.t('devices.preview')}
        .muted=${true}
        muted
        playsinline
        autoplay
        ?hidden=${!stream}
        ?data-shared=${!!this.controller?.activeCall?.screenSharing}
      ></video>
      ${stream ? nothing : html`<span class="placeholder">${t.t('devices.preview.none')}</span>`}
    </div>`;
  }
}
