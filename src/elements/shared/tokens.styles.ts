import { css } from 'lit';

/**
 * The one place that gives the `--call-*` custom properties their defaults, light and dark
 * (`prefers-color-scheme`). Elements read the private `--_*` copies, so a page's value (set on
 * the element or inherited from an ancestor) always wins over these defaults.
 */
export const tokens = css`
  :host {
    --_accent: var(--call-accent, #1a7f37);
    --_on-accent: var(--call-on-accent, #ffffff);
    --_danger: var(--call-danger, #c62828);
    --_bg: var(--call-bg, #ffffff);
    --_subtle: var(--call-subtle-bg, #f6f8fa);
    --_fg: var(--call-fg, #1f2328);
    --_muted: var(--call-muted-fg, #57606a);
    --_border: var(--call-border, #8c959f);
    --_radius: var(--call-radius, 12px);
    --_radius-small: calc(var(--_radius) / 2);
    --_font: var(--call-font, system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif);
    font-family: var(--_font);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--call-accent, #3fb950);
      --_on-accent: var(--call-on-accent, #0d1117);
      --_danger: var(--call-danger, #ff7b72);
      --_bg: var(--call-bg, #161b22);
      --_subtle: var(--call-subtle-bg, #0d1117);
      --_fg: var(--call-fg, #e6edf3);
      --_muted: var(--call-muted-fg, #9da7b3);
      --_border: var(--call-border, #6e7681);
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  /* Text for screen readers only (live regions, spoken-only labels). */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
