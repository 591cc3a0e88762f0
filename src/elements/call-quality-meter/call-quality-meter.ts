import { html, nothing, svg } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { StringKey } from '../../i18n/en.js';
import type { NetworkQuality } from '../../quality/network-quality.js';
import type { QualitySample } from '../../quality/sample.js';
import { CallElement } from '../shared/call-element.js';
import { ControllerConsumer } from '../shared/controller-consumer.js';
import { styles } from './call-quality-meter.styles.js';

/** Samples kept for the sparkline: one minute at the default 1 s interval. */
const HISTORY = 60;

const percent = (v?: number) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const ms = (v?: number) => (v === undefined ? '–' : `${Math.round(v)} ms`);
const kbps = (v: number) => `${Math.round(v / 1000)}`;

/**
 * Network quality of a call on the 0–6 scale (0 unknown, 1 excellent … 5 very poor,
 * 6 disconnected) as signal bars with a text label; details on click, hover or focus.
 * Renders only when a sample of its call arrives (or the call changes), never more.
 *
 * @summary Signal bars and details of a call's network quality.
 *
 * @csspart button - The bars and label (toggles the details).
 * @csspart details - The details panel.
 * @csspart sparkline - The history chart.
 *
 * @cssprop --call-quality-good - Colour of levels 1–2.
 * @cssprop --call-quality-fair - Colour of level 3.
 * @cssprop --call-quality-bad - Colour of levels 4–6.
 */
export class CallQualityMeter extends CallElement {
  static override styles = [CallElement.styles, styles];

  /** Id of the `<call-phone>` whose calls to show (else the enclosing phone, or `.controller`). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Show a specific call instead of the active one. */
  @property({ attribute: 'call-id' }) callId = '';
  /** Bars only, no text label. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Always show the details. */
  @property({ type: Boolean, reflect: true }) details = false;
  /** Sparkline of `mos` or `rtt` over the last minute in the details ('' for none). */
  @property() history: '' | 'mos' | 'rtt' = '';
  /** Reflected: the level shown, 0–6. */
  @property({ type: Number, reflect: true }) level: NetworkQuality = 0;

  @state() private open = false;
  @state() private sample?: QualitySample;
  @state() private call?: Call;

  readonly #samples: QualitySample[] = [];
  readonly #consumer = new ControllerConsumer(this, { onChange: () => this.#followCall() })
    .on('call-quality', ({ call, sample }) => this.#onSample(call, sample))
    .on('call-list-change', () => this.#followCall())
    .on('call-state-change', () => this.#followCall());

  /** The controller to follow; set it to bypass `for` and context. */
  get controller(): CallController | undefined {
    return this.#consumer.value;
  }
  set controller(value: CallController | undefined) {
    this.#consumer.explicit = value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('callId')) this.#followCall();
  }

  #onSample(call: Call, sample: QualitySample): void {
    if (call !== this.#followedCall()) return;
    this.call = call;
    this.sample = sample;
    this.#samples.push(sample);
    if (this.#samples.length > HISTORY) this.#samples.shift();
    this.level = Math.min(6, Math.max(sample.qualityDown, sample.qualityUp)) as NetworkQuality;
  }

  #followCall(): void {
    const call = this.#followedCall();
    if (call === this.call) return;
    this.call = call;
    this.sample = call?.quality;
    this.#samples.length = 0;
    this.level = this.sample ? (Math.max(this.sample.qualityDown, this.sample.qualityUp) as NetworkQuality) : 0;
  }

  #followedCall(): Call | undefined {
    const controller = this.#consumer.value;
    if (!controller) return undefined;
    return this.callId ? controller.getCall(this.callId) : controller.activeCall;
  }

  protected override render() {
    const t = (key: StringKey, params?: Record<string, string>) => this.localize.t(key, params);
    const levelName = this.call ? t(`quality.${this.level}`) : t('quality.no-call');
    const label = t('quality.label', { level: levelName });
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
      ${expanded && this.sample ? this.#renderDetails(this.sample, t) : nothing}`;
  }

  #renderDetails(s: QualitySample, t: (key: StringKey) => string) {
    const mos = [s.mosDown, s.mosUp].filter((v): v is number => v !== undefined);
    return html`<div part="details" class="details" role="group" aria-label=${t('quality.label').replace(/[:：].*$/, '')}>
      <dl>
        <dt>${t('quality.rtt')}</dt>
        <dd class="rtt">${ms(s.rttMs)}</dd>
        <dt>${t('quality.jitter')}</dt>
        <dd class="jitter">${ms(s.jitterDownMs)}</dd>
        <dt>${t('quality.loss-down')}</dt>
        <dd class="loss-down">${percent(s.lossDown)}</dd>
        <dt>${t('quality.loss-up')}</dt>
        <dd class="loss-up">${percent(s.lossUp)}</dd>
        <dt>${t('quality.bitrate')}</dt>
        <dd class="bitrate">${kbps(s.bitrateRecv)} / ${kbps(s.bitrateSend)} kbit/s</dd>
        <dt>${t('quality.mos')}</dt>
        <dd class="mos">${mos.length ? Math.min(...mos).toFixed(2) : '–'}</dd>
        <dt>${t('quality.codec')}</dt>
        <dd class="codec">${s.codec ?? '–'}</dd>
        <dt>${t('quality.path')}</dt>
        <dd class="path">${s.candidatePair ? (s.candidatePair.relay ? t('quality.relay') : t('quality.direct')) : '–'}</dd>
      </dl>
      ${this.history ? this.#renderSparkline(t) : nothing}
    </div>`;
  }

  #renderSparkline(t: (key: StringKey) => string) {
    const values = this.#samples.map((s) =>
      this.history === 'rtt' ? (s.rttMs ?? 0) : Math.min(...[s.mosDown, s.mosUp].filter((v): v is number => v !== undefined), 4.5),
    );
    const top = this.history === 'rtt' ? Math.max(100, ...values) : 4.5;
    const bottom = this.history === 'rtt' ? 0 : 1;
    const points = values
      .map((v, i) => `${(i / (HISTORY - 1)) * 100},${30 - ((Math.min(top, Math.max(bottom, v)) - bottom) / (top - bottom)) * 28}`)
      .join(' ');
    return html`<svg part="sparkline" viewBox="0 0 100 32" preserveAspectRatio="none" role="img" aria-label=${`${t('quality.history')}: ${this.history}`}>
      ${svg`<polyline points=${points}></polyline>`}
    </svg>`;
  }
}
