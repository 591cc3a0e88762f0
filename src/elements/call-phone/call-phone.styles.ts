import { css } from 'lit';

/** Styles of `<call-phone>`; themable with `--call-*` custom properties and `::part()`. */
export const styles = css`
  :host {
    display: block;
    color: var(--_fg);
    max-width: 22rem;
  }
  :host([headless]) {
    display: contents;
  }
  [hidden] {
    display: none !important;
  }
  /* The live region: read by screen readers, not shown. */
  .phone {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
    display: grid;
    gap: 0.75rem;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .user {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .status {
    margin-left: auto;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }
  .dot[data-state='registered'],
  .dot[data-state='connected'] {
    background: var(--_accent);
  }
  .dot[data-state='failed'] {
    background: var(--_danger);
  }
  .error {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    border: 1px solid var(--_danger);
    color: var(--_fg);
    font-size: 0.875rem;
  }
  .error,
  .sound-blocked {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .error > span,
  .sound-blocked > span {
    flex: 1;
  }
  .error > span::before {
    content: '⚠ ';
  }
  .error .dismiss {
    padding: 0 0.5rem;
    min-height: 0;
    background: none;
    border: none;
    color: var(--_muted);
    font-size: 1.125rem;
  }
  .sound-blocked {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    border: 1px solid var(--_accent);
    font-size: 0.875rem;
  }
  .party {
    display: grid;
    gap: 0.125rem;
    text-align: center;
  }
  .name {
    font-size: 1.25rem;
    word-break: break-all;
  }
  .uri,
  .call-state,
  .ended {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .ended {
    margin: 0;
    text-align: center;
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-size: 1.125rem;
  }
  .badge {
    justify-self: center;
    font-size: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 0.5rem;
  }
  .incoming {
    display: grid;
    gap: 0.75rem;
    padding: 0.75rem;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
  }
  .dialer,
  .call-panel {
    display: grid;
    gap: 0.75rem;
  }
  input {
    font: inherit;
    font-size: 1.125rem;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    min-width: 0;
  }
  .buttons,
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: center;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    padding: 0.5rem 1rem;
    min-height: 2.5rem;
  }
  button:hover:not(:disabled) {
    border-color: var(--_fg);
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button[aria-pressed='true'] {
    background: var(--_fg);
    color: var(--_bg);
  }
  .call,
  .answer {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .hangup {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-accent);
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 0.5rem;
  }
  .key {
    font-size: 1.25rem;
    border-radius: var(--_radius-small);
  }
  .calls {
    list-style: none;
    margin: 0;
    padding: 0.5rem 0 0;
    border-top: 1px solid var(--_border);
    display: grid;
    gap: 0.5rem;
  }
  .calls li {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .calls .name {
    font-size: 1rem;
    flex: 1;
  }
  /* Participants of a group call. */
  .participants {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  .participant {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.25rem 0.5rem;
    border-radius: var(--_radius-small);
    border: 1px solid transparent;
    font-size: 0.875rem;
  }
  .participant[data-speaking] {
    border-color: var(--_accent);
  }
  .speaking-dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    flex: none;
    background: var(--_border);
    opacity: 0.5;
  }
  .participant[data-state='joined'] .speaking-dot {
    opacity: 1;
  }
  .participant[data-speaking] .speaking-dot {
    background: var(--_accent);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--_accent) 30%, transparent);
  }
  .participant-name {
    font-weight: 600;
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .participant-state {
    color: var(--_muted);
  }
  .participant:not([data-state='joined']):not([data-state='ringing']):not([data-state='invited']) .participant-name {
    color: var(--_muted);
    font-weight: 400;
  }
  .media {
    display: flex;
    gap: 0.25rem;
  }
  .icon {
    display: inline-flex;
    width: 1.125rem;
    height: 1.125rem;
  }
  .icon svg {
    width: 100%;
    height: 100%;
    fill: currentColor;
  }
  .icon[data-on='false'] {
    color: var(--_danger);
  }
  .invite {
    display: flex;
    gap: 0.5rem;
  }
  .invite input {
    /* No intrinsic width (an input's is ~20 characters): the field takes what the button leaves, so a narrow phone does not overflow. */
    flex: 1;
    width: 0;
    font-size: 1rem;
  }
`;
