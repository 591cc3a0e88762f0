import { css } from 'lit';

/** Styles of `<call-quality-meter>`. */
export const styles = css`
  :host {
    --_good: var(--call-quality-good, #1a7f37);
    --_fair: var(--call-quality-fair, #9a6700);
    --_bad: var(--call-quality-bad, #c62828);
    --_idle: color-mix(in srgb, var(--_muted) 50%, transparent);
    display: inline-block;
    position: relative;
    color: var(--_fg);
    font-size: 0.875rem;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_good: var(--call-quality-good, #3fb950);
      --_fair: var(--call-quality-fair, #d29922);
      --_bad: var(--call-quality-bad, #ff7b72);
    }
  }
  button {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid transparent;
    border-radius: var(--_radius-small);
    padding: 0.25rem 0.375rem;
    display: inline-flex;
    align-items: flex-end;
    gap: 0.375rem;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 1px;
  }
  .bars {
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    height: 1rem;
  }
  .bar {
    width: 4px;
    border-radius: 1px;
    background: var(--_idle);
    opacity: 0.35;
  }
  .bar:nth-child(1) {
    height: 20%;
  }
  .bar:nth-child(2) {
    height: 40%;
  }
  .bar:nth-child(3) {
    height: 60%;
  }
  .bar:nth-child(4) {
    height: 80%;
  }
  .bar:nth-child(5) {
    height: 100%;
  }
  .bar[data-on] {
    opacity: 1;
    background: var(--_level-color);
  }
  :host([level='1']),
  :host([level='2']) {
    --_level-color: var(--_good);
  }
  :host([level='3']) {
    --_level-color: var(--_fair);
  }
  :host([level='4']),
  :host([level='5']),
  :host([level='6']) {
    --_level-color: var(--_bad);
  }
  .text {
    line-height: 1;
  }
  .warning-count {
    margin-left: 0.125rem;
    line-height: 1;
    font-weight: 600;
    color: var(--_bad);
  }
  .warnings {
    margin: 0 0 0.5rem;
    padding: 0 0 0.5rem;
    list-style: none;
    border-bottom: 1px solid var(--_border);
    color: var(--_bad);
    font-weight: 600;
  }
  .warnings li::before {
    content: '⚠ ';
  }
  :host([compact]) .text {
    display: none;
  }
  .details {
    position: absolute;
    z-index: 1;
    top: 100%;
    left: 0;
    min-width: 14rem;
    margin: 0.25rem 0 0;
    padding: 0.5rem 0.75rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 8px;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.12);
  }
  :host([details]) .details {
    position: static;
    box-shadow: none;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.125rem 0.75rem;
    margin: 0;
  }
  dt {
    opacity: 0.75;
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  svg {
    display: block;
    margin-top: 0.5rem;
    width: 100%;
    height: 2rem;
  }
  polyline {
    fill: none;
    stroke: var(--_level-color, var(--_idle));
    stroke-width: 1.5;
  }
`;
