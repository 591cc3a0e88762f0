import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { EndReason } from '../../core/end-reason.js';
import type { CallError } from '../../core/errors.js';
import type { MediaKind } from '../../core/types.js';
import type { StringKey } from '../../i18n/en.js';
import { formatDuration } from '../../i18n/format.js';

/** Everything the phone's templates need: state, strings and callbacks. */
export interface PhoneView {
  t(key: StringKey, params?: Record<string, string>): string;
  controller: CallController;
  user: string;
  video: boolean;
  target: string;
  keypadOpen: boolean;
  /** End reason of a call that ended moments ago, shown briefly. */
  lastEnd?: EndReason;
  onTarget(value: string): void;
  onDial(video: boolean): void;
  onAnswer(call: Call, video: boolean): void;
  onReject(call: Call): void;
  onHangup(call: Call): void;
  onToggleMute(call: Call, kind: MediaKind): void;
  onToggleHold(call: Call): void;
  onToggleKeypad(): void;
  onDigit(call: Call, digit: string): void;
  /** The last action error (media, call), shown until dismissed or the next call. */
  notice?: CallError;
  /** The browser can share a screen. */
  canShare: boolean;
  onToggleVideo(call: Call): void;
  onToggleShare(call: Call): void;
  onEnableSound(): void;
  onDismiss(): void;
  /** Whether the transfer form of the active call is open, and its target. */
  transferOpen: boolean;
  transferTarget: string;
  onToggleTransfer(): void;
  onTransferTarget(value: string): void;
  /** Transfers `call` to a user/URI (blind) or to another call (attended). */
  onTransfer(call: Call, target: string | Call): void;
  onToggleRecording(call: Call): void;
  onMerge(a: Call, b: Call): void;
  onUnmerge(): void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Name to show for a remote party: display name, else user, else URI. Plain text only. */
export function partyName(call: Call): string {
  return call.remote.displayName || call.remote.user || call.remote.uri;
}

/** The whole phone. */
export function renderPhone(v: PhoneView): TemplateResult {
  const { controller } = v;
  const active = controller.activeCall;
  const incoming = controller.incomingCalls;
  const others = controller.calls.filter((c) => c !== active && c.state !== 'incoming');
  return html`<section part="phone" class="phone" aria-label=${v.t('phone')}>
    ${renderAnnouncer(v, active)} ${renderHeader(v)} ${renderError(v)} ${renderSoundBlocked(v)} ${incoming.map((call) => renderIncoming(v, call))}
    ${active ? renderCall(v, active) : incoming.length ? nothing : renderDialer(v)}
    ${others.length ? renderOthers(v, others) : nothing}
  </section>`;
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
  return v.lastEnd ? `${v.t('state.ended')}: ${v.t(`ended.${v.lastEnd}`)}` : '';
}

function renderAnnouncer(v: PhoneView, active: Call | undefined): TemplateResult {
  return html`<p class="announcer" role="status" aria-live="polite" aria-atomic="true">${announcement(v, active)}</p>`;
}

function renderHeader(v: PhoneView): TemplateResult {
  const state = v.controller.registrationState;
  return html`<header part="header" class="header">
    <span class="dot" data-state=${state} aria-hidden="true"></span>
    <span class="user">${v.user}</span>
    <span part="status" class="status" role="status">${v.t(`reg.${state}`)}</span>
  </header>`;
}

function renderError(v: PhoneView): TemplateResult | typeof nothing {
  const error = v.notice ?? v.controller.lastError;
  if (!error) return nothing;
  return html`<p part="error" class="error" role="alert" data-code=${error.code}>
    <span>${error.message}</span>
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

function renderIncoming(v: PhoneView, call: Call): TemplateResult {
  const name = partyName(call);
  return html`<div part="incoming" class="incoming" role="alertdialog" aria-label=${v.t('incoming.label', { name })}>
    <div class="party">
      <strong class="name">${name}</strong>
      ${call.remote.displayName ? html`<span class="uri">${call.remote.user}</span>` : nothing}
      ${call.video ? html`<span class="badge">${v.t('incoming.video')}</span>` : nothing}
    </div>
    <div class="buttons">
      <button part="button answer" class="answer" @click=${() => v.onAnswer(call, false)}>${v.t('answer')}</button>
      ${call.video
        ? html`<button part="button answer" class="answer" @click=${() => v.onAnswer(call, true)}>${v.t('answer-video')}</button>`
        : nothing}
      <button part="button hangup" class="hangup" @click=${() => v.onReject(call)}>${v.t('reject')}</button>
    </div>
  </div>`;
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

function stateText(v: PhoneView, call: Call): string {
  if (call.state === 'held' && !call.held.local && call.held.remote) return v.t('state.held-remote');
  if (call.reconnecting) return v.t('state.reconnecting');
  return v.t(`state.${call.state}`);
}

function renderCall(v: PhoneView, call: Call): TemplateResult {
  const established = call.established;
  return html`<div part="call" class="call-panel" data-state=${call.state}>
    <div class="party">
      <strong class="name">${partyName(call)}</strong>
      <span class="call-state" role="status">${stateText(v, call)}</span>
      ${established
        ? html`<time part="timer" class="timer" aria-label=${v.t('timer.label')}>${formatDuration(call.duration)}</time>`
        : nothing}
    </div>
    <div part="controls" class="controls">
      ${established
        ? html`
            <button part="button" class="mute" aria-pressed=${call.muted.audio ? 'true' : 'false'} @click=${() => v.onToggleMute(call, 'audio')}>
              ${call.muted.audio ? v.t('unmute') : v.t('mute')}
            </button>
            ${call.video
              ? html`<button part="button" class="camera" aria-pressed=${call.muted.video ? 'true' : 'false'} @click=${() => v.onToggleMute(call, 'video')}>
                  ${call.muted.video ? v.t('camera-on') : v.t('camera-off')}
                </button>`
              : nothing}
            <button part="button" class="video-toggle" @click=${() => v.onToggleVideo(call)}>
              ${call.video ? v.t('video.remove') : v.t('video.add')}
            </button>
            ${v.canShare
              ? html`<button part="button" class="share" aria-pressed=${call.screenSharing ? 'true' : 'false'} @click=${() => v.onToggleShare(call)}>
                  ${call.screenSharing ? v.t('share.stop') : v.t('share.start')}
                </button>`
              : nothing}
            <button part="button" class="hold" aria-pressed=${call.held.local ? 'true' : 'false'} @click=${() => v.onToggleHold(call)}>
              ${call.held.local ? v.t('resume') : v.t('hold')}
            </button>
            <button part="button" class="keypad-toggle" aria-expanded=${v.keypadOpen ? 'true' : 'false'} @click=${() => v.onToggleKeypad()}>
              ${v.t('keypad')}
            </button>
            <button part="button" class="transfer-toggle" aria-expanded=${v.transferOpen ? 'true' : 'false'} @click=${() => v.onToggleTransfer()}>
              ${v.t('transfer')}
            </button>
            <button part="button" class="record" aria-pressed=${call.recording === 'stopped' ? 'false' : 'true'} @click=${() => v.onToggleRecording(call)}>
              ${call.recording === 'stopped' ? v.t('record.start') : v.t('record.stop')}
            </button>
            ${v.controller.conference.includes(call)
              ? html`<button part="button" class="unmerge" @click=${() => v.onUnmerge()}>${v.t('unmerge')}</button>`
              : nothing}
          `
        : nothing}
      <button part="button hangup" class="hangup" @click=${() => v.onHangup(call)}>${v.t('hangup')}</button>
    </div>
    ${established && v.keypadOpen ? renderKeypad(v, call) : nothing}
    ${established && v.transferOpen ? renderTransfer(v, call) : nothing}
  </div>`;
}

function renderTransfer(v: PhoneView, call: Call): TemplateResult {
  return html`<form
    part="transfer"
    class="transfer"
    @submit=${(e: Event) => {
      e.preventDefault();
      v.onTransfer(call, v.transferTarget);
    }}
  >
    <input
      part="input"
      class="transfer-target"
      name="transfer-target"
      type="text"
      autocomplete="off"
      aria-label=${v.t('transfer.target')}
      placeholder=${v.t('transfer.target')}
      .value=${v.transferTarget}
      @input=${(e: Event) => v.onTransferTarget((e.target as HTMLInputElement).value)}
    />
    <button part="button" class="transfer-go" type="submit" ?disabled=${!v.transferTarget.trim()}>${v.t('transfer')}</button>
  </form>`;
}

function renderKeypad(v: PhoneView, call: Call): TemplateResult {
  return html`<div part="keypad" class="keypad" role="group" aria-label=${v.t('keypad.label')}>
    ${KEYS.map((key) => html`<button part="button" class="key" @click=${() => v.onDigit(call, key)}>${key}</button>`)}
  </div>`;
}

function renderOthers(v: PhoneView, calls: Call[]): TemplateResult {
  const active = v.controller.activeCall;
  return html`<ul part="calls" class="calls" aria-label=${v.t('other-calls')}>
    ${calls.map(
      (call) => html`<li>
        <span class="name">${partyName(call)}</span>
        <span class="call-state">${stateText(v, call)}</span>
        ${call.held.local
          ? html`<button part="button" class="resume" @click=${() => v.onToggleHold(call)}>${v.t('resume')}</button>`
          : nothing}
        ${active && active !== call && active.established && call.established && !v.controller.conference.length
          ? html`<button part="button" class="merge" @click=${() => v.onMerge(active, call)}>${v.t('merge')}</button>
              <button part="button" class="transfer-to" @click=${() => v.onTransfer(active, call)}>${v.t('transfer.to-call')}</button>`
          : nothing}
        <button part="button hangup" class="hangup" @click=${() => v.onHangup(call)}>${v.t('hangup')}</button>
      </li>`,
    )}
  </ul>`;
}
