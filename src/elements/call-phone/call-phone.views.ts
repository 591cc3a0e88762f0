import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Call } from '../../core/call.js';
import { en } from '../../i18n/en.js';
import type { StringKey } from '../../i18n/en.js';
import { partyName, stateText } from './phone-view.js';
import type { CallViews, PhoneView } from './phone-view.js';

let loaded: CallViews | undefined;
let loading: Promise<CallViews> | undefined;

/**
 * Loads the templates of calls (incoming prompt, call panel, keypad, transfer, participants,
 * the other calls), once for the page; a failed import is tried again by the next call.
 */
export function loadCallViews(): Promise<CallViews> {
  return (loading ??= import('./call-phone.call-views.js').then(
    (views) => (loaded = views),
    (cause: unknown) => {
      loading = undefined;
      throw cause;
    },
  ));
}

/** The templates of calls if loaded, else undefined. */
export function callViews(): CallViews | undefined {
  return loaded;
}

/** The whole phone; until the templates of calls are loaded, a call shows as its party and state. */
export function renderPhone(v: PhoneView): TemplateResult {
  const { controller, callViews: views } = v;
  const active = controller.activeCall;
  const incoming = controller.incomingCalls;
  const others = controller.calls.filter((c) => c !== active && c.state !== 'incoming');
  const call = views ? views.renderCall : renderPending;
  return html`<section part="phone" class="phone" aria-label=${v.t('phone')}>
    ${renderAnnouncer(v, active)} ${renderHeader(v)} ${renderError(v)} ${renderSoundBlocked(v)} ${incoming.map((c) => (views ? views.renderIncoming(v, c) : renderPending(v, c)))}
    ${active ? call(v, active) : incoming.length ? nothing : renderDialer(v)}
    ${others.length && views ? views.renderOthers(v, others) : nothing}
    ${controller.callsElsewhere.length && views ? views.renderElsewhere(v, controller.callsElsewhere) : nothing}
  </section>`;
}

/** A call while the templates of calls load: who and in what state. */
function renderPending(v: PhoneView, call: Call): TemplateResult {
  return html`<div part="call" class="call-panel" data-state=${call.state}>
    <div class="party"><strong class="name">${partyName(call)}</strong><span class="call-state" role="status">${stateText(v, call)}</span></div>
  </div>`;
}

/**
 * What the phone's live region says now: an incoming call, else the active call's state, else
 * how the last call ended. The region stays in the DOM and only its text changes, so screen
 * readers announce each change (a region inserted with its text often goes unread).
 */
export function announcement(v: PhoneView, active: Call | undefined): string {
  const incoming = v.controller.incomingCalls[0];
  if (incoming) return v.t('incoming.label', { name: partyName(incoming) });
  if (active) return `${partyName(active)}: ${stateText(v, active)}`;
  if (!v.lastEnd) return '';
  const ended = v.t('state.ended');
  const reason = v.t(`ended.${v.lastEnd}`);
  // "Call ended", not "Call ended: Call ended", when we hung up.
  return reason === ended ? ended : `${ended}: ${reason}`;
}

function renderAnnouncer(v: PhoneView, active: Call | undefined): TemplateResult {
  return html`<p class="announcer visually-hidden" role="status" aria-live="polite" aria-atomic="true">${announcement(v, active)}</p>`;
}

/**
 * The registration status text: the state, or, for a failed registration whose error has a
 * status of its own in the catalogue (`reg.failed.<code>`: kicked out, userSig expired), that.
 */
export function registrationStatus(v: PhoneView): string {
  const state = v.controller.registrationState;
  const own = `reg.failed.${v.controller.lastError?.code ?? ''}`;
  return v.t(state === 'failed' && own in en ? (own as StringKey) : `reg.${state}`);
}

function renderHeader(v: PhoneView): TemplateResult {
  const state = v.controller.registrationState;
  return html`<header part="header" class="header">
    <span class="dot" data-state=${state} aria-hidden="true"></span>
    <span class="user">${v.user}</span>
    <span part="status" class="status" role="status">${registrationStatus(v)}</span>
  </header>`;
}

function renderError(v: PhoneView): TemplateResult | typeof nothing {
  const error = v.notice ?? v.controller.lastError;
  if (!error) return nothing;
  return html`<p part="error" class="error" role="alert" data-code=${error.code}>
    <span>${v.error(error)}</span>
    ${v.notice
      ? html`<button part="button" class="dismiss" type="button" aria-label=${v.t('dismiss')} @click=${() => v.onDismiss()}>×</button>`
      : nothing}
  </p>`;
}

/** Shown when the browser blocks sound until the user interacts (autoplay policy). */
export function renderSoundBlocked(v: PhoneView): TemplateResult | typeof nothing {
  if (!v.controller.soundBlocked) return nothing;
  return html`<p part="sound-blocked" class="sound-blocked" role="status">
    <span>${v.t('sound.blocked')}</span>
    <button part="button enable-sound" class="enable-sound" type="button" @click=${() => v.onEnableSound()}>${v.t('sound.enable')}</button>
  </p>`;
}

function renderDialer(v: PhoneView): TemplateResult {
  const canDial = v.controller.registrationState === 'registered' || v.controller.registrationState === 'connected';
  const submit = (event: Event) => {
    event.preventDefault();
    v.onDial(v.video);
  };
  return html`<form part="dialer" class="dialer" @submit=${submit}>
    ${v.lastEnd ? html`<p class="ended" role="status">${v.t(`ended.${v.lastEnd}`)}</p>` : nothing}
    <input
      part="input"
      name="target"
      autocomplete="off"
      inputmode="tel"
      aria-label=${v.t('target')}
      placeholder=${v.t('target.placeholder')}
      .value=${live(v.target)}
      @input=${(e: Event) => v.onTarget((e.target as HTMLInputElement).value)}
    />
    <div class="buttons">
      <button part="button" class="call" type="submit" ?disabled=${!canDial}>${v.t('call')}</button>
      ${v.video
        ? nothing
        : html`<button part="button" class="video-call" type="button" ?disabled=${!canDial} @click=${() => v.onDial(true)}>
            ${v.t('video-call')}
          </button>`}
    </div>
  </form>`;
}
