import { css } from 'lit';

/** Styles of `<call-devices>`. */
export const styles = css`
  :host {
    display: block;
    max-width: 24rem;
    font-size: 0.875rem;
    line-height: 1.4;
    color: var(--_fg);
  }
  .row {
    display: grid;
    gap: 0.375rem;
    margin: 0 0 0.875rem;
  }
  label {
    font-weight: 600;
  }
  .control {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  select {
    flex: 1;
    min-width: 0;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    padding: 0.375rem 0.5rem;
  }
  select:disabled {
    opacity: 0.6;
  }
  button {
    font: inherit;
    border-radius: var(--_radius-small);
    padding: 0.375rem 0.75rem;
    cursor: pointer;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    white-space: nowrap;
  }
  button.allow {
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
    font-weight: 600;
  }
  select:focus-visible,
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 1px;
  }
  .meter {
    height: 0.5rem;
    border-radius: 999px;
    background: var(--_subtle);
    border: 1px solid var(--_border);
    overflow: hidden;
  }
  .fill {
    height: 100%;
    background: var(--_accent);
    /* --_level is set through CSSOM (style.setProperty), which a strict style-src CSP allows. */
    transform: scaleX(var(--_level, 0));
    transform-origin: left center;
    transition: transform 60ms linear;
  }
  .frame {
    position: relative;
    height: var(--call-preview-height, 9rem);
    aspect-ratio: 4 / 3;
    max-width: 100%;
    border-radius: var(--_radius-small);
    background: var(--_subtle);
    border: 1px solid var(--_border);
    overflow: hidden;
    display: grid;
    place-items: center;
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    /* A self-view is mirrored, as in a mirror; a shared screen or element reads as it is. */
    transform: scaleX(-1);
  }
  video[data-shared] {
    transform: none;
  }
  video[hidden] {
    display: none;
  }
  .placeholder {
    opacity: 0.75;
    padding: 0.5rem;
    text-align: center;
  }
  .permission {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    padding: 0.75rem;
    margin: 0 0 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_subtle);
  }
  p {
    margin: 0;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  :host > .error {
    margin: 0 0 0.875rem;
  }
  .note {
    opacity: 0.85;
  }
  .notice:empty {
    display: none;
  }
`;
