import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { StringKey } from '../../i18n/en.js';
import type { NetworkQuality } from '../../quality/network-quality.js';
import type { QualitySample } from '../../quality/sample.js';
import type { QualityWarning } from '../../quality/warnings.js';
import { CallElement } from '../shared/call-element.js';
import { ControllerConsumer } from '../shared/controller-consumer.js';
import type * as Details from './call-quality-meter.details.js';
import { styles } from './call-quality-meter.styles.js';

/** Samples kept for the sparkline: one minute at the default 1 s interval. */
const HISTORY = 60;

/**
 * Network quality of a call on the 0–6 scale (0 unknown, 1 excellent … 5 very poor,
 * 6 disconnected) as signal bars with a text label; details on click, hover or focus.
 * Renders only when a sample of its call arrives (or the call changes), never more.
 * Active quality warnings (`call-quality-warning` until `call-quality-warning-cleared`) show as
 * a ⚠ count on the bars, are named in the button's accessible label, listed with their figures
 * in the details, and announced once when raised (a polite live region). The details also give
 * the level of each direction (in = received, out = sent).
 *
 * With `participant="bob"` it follows the call that has that participant (a TRTC group call)
 * and shows bob's own link where the provider measures one (TRTC: rtt and loss of bob's media
 * reaching us, and their level, as "in"); other figures are the call's.
 *
 * @summary Signal bars and details of a call's network quality.
 *
 * @csspart button - The bars and label (toggles the details).
 * @csspart details - The details panel.
 * @csspart sparkline - The history chart.
 * @csspart warnings - The list of active warnings in the details.
 * @csspart warning-count - The ⚠ count shown on the bars while warnings are active.
 *
 * @cssprop [--call-quality-good=#1a7f37] - Colour of levels 1–2 (dark: #3fb950).
 * @cssprop [--call-quality-fair=#9a6700] - Colour of level 3 (dark: #d29922).
 * @cssprop [--call-quality-bad=#c62828] - Colour of levels 4–6 and of warnings (dark: #ff7b72).
 * @cssprop [--call-accent=#1a7f37] - Focus ring (dark: #3fb950).
 * @cssprop [--call-bg=#ffffff] - Background of the details panel (dark: #161b22).
 * @cssprop [--call-fg=#1f2328] - Text colour (dark: #e6edf3).
 * @cssprop [--call-muted-fg=#57606a] - Colour of unlit bars (dark: #9da7b3).
 * @cssprop [--call-border=#8c959f] - Border of the details panel and under the warnings (dark: #6e7681).
 * @cssprop [--call-radius=12px] - The button's corner radius is half of it.
 * @cssprop [--call-font=system-ui] - Font family.
 */
export class CallQualityMeter extends CallElement {
  static override styles = [CallElement.styles, styles];

  /** Id of the `<call-phone>` whose calls to show (else the enclosing phone, or `.controller`). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Show a specific call instead of the active one. */
  @property({ attribute: 'call-id' }) callId = '';
  /**
   * Follow the call that has this participant (a user id, e.g. `bob` of a TRTC group call)
   * rather than the active call, and show that participant's own link where the provider
   * measures it (`sample.participants`; for SIP the call's one link).
   */
  @property() participant = '';
  /** Bars only, no text label. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Always show the details. */
  @property({ type: Boolean, reflect: true }) details = false;
  /** Sparkline of `mos` or `rtt` over the last minute in the details ('' for none). */
  @property() history: '' | 'mos' | 'rtt' = '';
  /** Reflected: the level shown, 0–6 (the worse of the two directions). */
  @property({ type: Number, reflect: true }) level: NetworkQuality = 0;
  /** Reflected: the level of what we receive, 0–6. */
  @property({ type: Number, reflect: true, attribute: 'level-down' }) levelDown: NetworkQuality = 0;
  /** Reflected: the level of what we send, 0–6. */
  @property({ type: Number, reflect: true, attribute: 'level-up' }) levelUp: NetworkQuality = 0;
  /** Reflected: at least one quality warning is active. */
  @property({ type: Boolean, reflect: true }) warning = false;

  @state() private open = false;
  @state() private sample?: QualitySample;
  @state() private call?: Call;
  @state() private warnings: QualityWarning[] = [];
  /** The latest raised warning, for the live region. */
  @state() private announcement = '';

  readonly #samples: QualitySample[] = [];
  /** The details panel's module (`call-quality-meter.details.ts`), once loaded. */
  #details?: typeof Details;
  #detailsLoading?: Promise<void>;
  readonly #consumer = new ControllerConsumer(this, { onChange: () => this.#followCall() })
    .on('call-quality', ({ call, sample }) => this.#onSample(call, sample))
    .on('call-quality-warning', ({ call, warning }) => this.#onWarning(call, warning, true))
    .on('call-quality-warning-cleared', ({ call, warning }) => this.#onWarning(call, warning, false))
    .on('call-list-change', () => this.#followCall())
    .on('call-state-change', () => this.#followCall())
    .on('call-participant-joined', () => this.#followCall())
    .on('call-participant-left', () => this.#followCall());

  /** The controller to follow; set it to bypass `for` and context. */
  get controller(): CallController | undefined {
    return this.#consumer.value;
  }
  set controller(value: CallController | undefined) {
    this.#consumer.explicit = value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('callId') || changed.has('participant')) this.#followCall();
  }

  /**
   * Fetches the details panel at the first update; an update that would show it waits for it
   * (a few ms, once: no panel missing for a frame, `updateComplete` after it). Tried again at the
   * next update should the import fail (then that update goes without the panel).
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.#details
      ? undefined
      : (this.#detailsLoading ??= import('./call-quality-meter.details.js').then(
          (details) => void (this.#details = details),
          () => void (this.#detailsLoading = undefined),
        ));
    return loading && (this.open || this.details) && this.sample ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  #onSample(call: Call, given: QualitySample): void {
    if (call !== this.#followedCall()) return;
    this.call = call;
    const sample = this.#ofParticipant(given);
    this.sample = sample;
    this.#samples.push(sample);
    if (this.#samples.length > HISTORY) this.#samples.shift();
    this.#showLevels(sample);
  }

  /** The sample as `participant` sees it: its own downlink figures in place of the call's, when measured. */
  #ofParticipant(sample: QualitySample): QualitySample {
    const link = this.participant ? sample.participants?.[this.participant.trim()] : undefined;
    if (!link) return sample;
    return { ...sample, rttMs: link.rttMs ?? sample.rttMs, lossDown: link.lossDown ?? sample.lossDown, qualityDown: link.qualityDown };
  }

  #showLevels(sample: QualitySample | undefined): void {
    this.levelDown = sample?.qualityDown ?? 0;
    this.levelUp = sample?.qualityUp ?? 0;
    this.level = Math.min(6, Math.max(this.levelDown, this.levelUp)) as NetworkQuality;
  }

  #onWarning(call: Call, warning: QualityWarning, raised: boolean): void {
    if (call !== this.#followedCall()) return;
    this.#showWarnings(call.qualityWarnings);
    if (raised) this.announcement = this.localize.t('quality.warning-raised', { warning: this.localize.t(`quality.warning.${warning.name}`) });
  }

  #showWarnings(warnings: QualityWarning[]): void {
    this.warnings = warnings;
    this.warning = warnings.length > 0;
  }

  #followCall(): void {
    const call = this.#followedCall();
    if (call === this.call) return;
    this.call = call;
    this.sample = call?.quality && this.#ofParticipant(call.quality);
    this.#samples.length = 0;
    this.#showLevels(this.sample);
    this.#showWarnings(call?.qualityWarnings ?? []);
    this.announcement = '';
  }

  #followedCall(): Call | undefined {
    const controller = this.#consumer.value;
    if (!controller) return undefined;
    if (this.callId) return controller.getCall(this.callId);
    const id = this.participant.trim();
    if (!id) return controller.activeCall;
    const active = controller.activeCall;
    if (active?.participant(id)) return active;
    return controller.calls.find((c) => !c.ended && c.participant(id));
  }

  protected override render(): TemplateResult {
    const t = (key: StringKey, params?: Record<string, string>) => this.localize.t(key, params);
    const levelName = this.call ? t(`quality.${this.level}`) : t('quality.no-call');
    const names = this.warnings.map((w) => t(`quality.warning.${w.name}`));
    const label = names.length
      ? `${t('quality.label', { level: levelName })}. ${t('quality.warnings-label', { list: names.join(', ') })}`
      : t('quality.label', { level: levelName });
    const bars = this.level === 0 || this.level === 6 ? 0 : 6 - this.level;
    const expanded = this.open || this.details;
    return html`<button
        part="button"
        aria-label=${label}
        aria-expanded=${expanded ? 'true' : 'false'}
        @click=${() => (this.open = !this.open)}
        @focus=${() => (this.open = true)}
        @blur=${() => (this.open = false)}
        @mouseenter=${() => (this.open = true)}
        @mouseleave=${() => (this.open = false)}
      >
        <span class="bars" aria-hidden="true">
          ${[1, 2, 3, 4, 5].map((i) => html`<span class="bar" ?data-on=${i <= bars}></span>`)}
        </span>
        <span class="text" aria-hidden="true">${levelName}</span>
      </button>
      ${names.length ? html`<span part="warning-count" class="warning-count" aria-hidden="true">⚠ ${names.length}</span>` : nothing}
      <span class="announcer visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
      ${expanded && this.sample && this.#details
        ? this.#details.renderDetails({
            sample: this.sample,
            warnings: this.warnings,
            levelDown: this.levelDown,
            levelUp: this.levelUp,
            history: this.history,
            samples: this.#samples,
            capacity: HISTORY,
            t,
          })
        : nothing}`;
  }
}
