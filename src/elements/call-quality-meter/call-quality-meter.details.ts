import { html, nothing, svg } from 'lit';
import type { TemplateResult } from 'lit';
import type { StringKey } from '../../i18n/en.js';
import type { NetworkQuality } from '../../quality/network-quality.js';
import type { QualitySample } from '../../quality/sample.js';
import type { QualityWarning } from '../../quality/warnings.js';

/**
 * The details panel of `<call-quality-meter>` (warnings with their figures, both directions,
 * the figures of the latest sample, the sparkline): a chunk of its own, fetched at the
 * element's first update, so a page paints without it and has it before a call's first sample.
 * @module
 */

/** What the details show. */
export interface DetailsView {
  sample: QualitySample;
  warnings: readonly QualityWarning[];
  levelDown: NetworkQuality;
  levelUp: NetworkQuality;
  /** `mos` or `rtt` for a sparkline of the kept samples, '' for none. */
  history: '' | 'mos' | 'rtt';
  samples: readonly QualitySample[];
  /** How many samples the sparkline spans. */
  capacity: number;
  t: (key: StringKey, params?: Record<string, string>) => string;
}

const percent = (v?: number) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const ms = (v?: number) => (v === undefined ? '–' : `${Math.round(v)} ms`);
const kbps = (v: number) => `${Math.round(v / 1000)}`;

/** The figure of a warning as text ('' for warnings without a meaningful figure). */
function warningFigure(warning: QualityWarning): string {
  switch (warning.name) {
    case 'high-rtt':
    case 'high-jitter':
      return ms(warning.value);
    case 'high-packet-loss':
      return percent(warning.value);
    case 'low-mos':
      return warning.value.toFixed(2);
    default:
      return '';
  }
}

/** The details panel. */
export function renderDetails(v: DetailsView): TemplateResult {
  const { sample: s, t } = v;
  const mos = [s.mosDown, s.mosUp].filter((m): m is number => m !== undefined);
  const direction = (level: NetworkQuality) => t('quality.direction', { level: t(`quality.${level}`), n: String(level) });
  return html`<div part="details" class="details" role="group" aria-label=${t('quality.label').replace(/[:：].*$/, '')}>
    ${v.warnings.length
      ? html`<ul part="warnings" class="warnings" aria-label=${t('quality.warnings')}>
          ${v.warnings.map((w) => {
            const figure = warningFigure(w);
            return html`<li data-warning=${w.name}>${t(`quality.warning.${w.name}`)}${figure ? `: ${figure}` : ''}</li>`;
          })}
        </ul>`
      : nothing}
    <dl>
      <dt>${t('quality.down')}</dt>
      <dd class="level-down">${direction(v.levelDown)}</dd>
      <dt>${t('quality.up')}</dt>
      <dd class="level-up">${direction(v.levelUp)}</dd>
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
      <dd class="codec">${s.videoCodec ? `${s.codec ?? '–'} / ${s.videoCodec}` : (s.codec ?? '–')}</dd>
      <dt>${t('quality.path')}</dt>
      <dd class="path">${s.candidatePair ? (s.candidatePair.relay ? t('quality.relay') : t('quality.direct')) : '–'}</dd>
    </dl>
    ${v.history ? renderSparkline(v) : nothing}
  </div>`;
}

function renderSparkline(v: DetailsView) {
  const rtt = v.history === 'rtt';
  const values = v.samples.map((s) => (rtt ? (s.rttMs ?? 0) : Math.min(...[s.mosDown, s.mosUp].filter((m): m is number => m !== undefined), 4.5)));
  const top = rtt ? Math.max(100, ...values) : 4.5;
  const bottom = rtt ? 0 : 1;
  const points = values
    .map((value, i) => `${(i / (v.capacity - 1)) * 100},${30 - ((Math.min(top, Math.max(bottom, value)) - bottom) / (top - bottom)) * 28}`)
    .join(' ');
  return html`<svg part="sparkline" viewBox="0 0 100 32" preserveAspectRatio="none" role="img" aria-label=${`${v.t('quality.history')}: ${v.history}`}>
    ${svg`<polyline points=${points}></polyline>`}
  </svg>`;
}
