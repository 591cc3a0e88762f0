/**
 * The templates of calls of `<call-phone>`: the incoming prompt, the call panel with its
 * controls, participants, invite, transfer and keypad, and the list of other calls. Loaded by
 * the phone when it connects to the page, after its first paint (`loadCallViews` in
 * `call-phone.views.ts`), so a phone paints without them and a headless one never loads them.
 * @module
 */
import { html, nothing, svg } from 'lit';
import type { TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Call } from '../../core/call.js';
import { GONE_STATES } from '../../core/participant.js';
import type { Participant } from '../../core/participant.js';
import type { CallFeatures } from '../../core/provider.js';
import type { CallElsewhere } from '../../core/types.js';
import { formatDuration } from '../../i18n/format.js';
import { partyName, stateText } from './phone-view.js';
import type { PhoneView } from './phone-view.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The prompt of an incoming call: answer (with video when offered) or reject. */
export function renderIncoming(v: PhoneView, call: Call): TemplateResult {
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

/** Whether the call panel lists participants: a call with several, or any call that can invite more (a group-call provider). */
export function listsParticipants(call: Call): boolean {
  return call.features.invite || call.participants.length > 1;
}

/** The call panel's title: the remote party, or for a group call the names of those still in it. */
function callTitle(call: Call): string {
  const participants = call.participants;
  if (participants.length < 2) return partyName(call);
  const present = participants.filter((p) => !GONE_STATES.has(p.state));
  return (present.length ? present : participants).map((p) => p.displayName).join(', ');
}

/** The panel of the active call: party, state, timer, controls and the forms they open. */
export function renderCall(v: PhoneView, call: Call): TemplateResult {
  const established = call.established;
  const group = listsParticipants(call);
  const features = call.features;
  return html`<div part="call" class="call-panel" data-state=${call.state}>
    <div class="party">
      <strong class="name">${group ? callTitle(call) : partyName(call)}</strong>
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
            ${renderRequestControls(v, call, features)}
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
    ${group ? renderParticipants(v, call) : nothing}
    ${established && features.invite ? renderInvite(v, call) : nothing}
    ${established && v.keypadOpen && features.dtmf ? renderKeypad(v, call) : nothing}
    ${established && v.transferOpen && features.transfer ? renderTransfer(v, call) : nothing}
  </div>`;
}

/** Hold, keypad and transfer, each when the call can do it (SIP: all; TRTC: none). */
function renderRequestControls(v: PhoneView, call: Call, features: Readonly<CallFeatures>): TemplateResult {
  return html`${features.hold
      ? html`<button part="button" class="hold" aria-pressed=${call.held.local ? 'true' : 'false'} @click=${() => v.onToggleHold(call)}>
          ${call.held.local ? v.t('resume') : v.t('hold')}
        </button>`
      : nothing}
    ${features.dtmf
      ? html`<button part="button" class="keypad-toggle" aria-expanded=${v.keypadOpen ? 'true' : 'false'} @click=${() => v.onToggleKeypad()}>
          ${v.t('keypad')}
        </button>`
      : nothing}
    ${features.transfer
      ? html`<button part="button" class="transfer-toggle" aria-expanded=${v.transferOpen ? 'true' : 'false'} @click=${() => v.onToggleTransfer()}>
          ${v.t('transfer')}
        </button>`
      : nothing}`;
}

const micIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 1 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-2Z"/></svg>`;
const micOffIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19 11h-2c0 .7-.2 1.4-.5 2l1.5 1.5c.6-1 1-2.2 1-3.5Zm-4 .2V5a3 3 0 0 0-5.9-.8L15 10.1v1.1ZM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.3 2.7l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1c1-.1 1.9-.5 2.7-1l4 4 1.3-1.3L4.3 3Z"/></svg>`;
const camIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4Z"/></svg>`;
const camOffIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.8L21 17.2V6.5ZM3.3 2 2 3.3 4.7 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.2 0 .4-.1.5-.2l3.2 3.2 1.3-1.3L3.3 2Z"/></svg>`;

/**
 * The participants of a call: name (peer data, as text), state, microphone and camera, and who
 * speaks. A list with a label; the icons carry text alternatives, the speaking dot a hidden word.
 */
function renderParticipants(v: PhoneView, call: Call): TemplateResult {
  const participants = call.participants;
  return html`<ul part="participants" class="participants" aria-label=${v.t('participants.label', { n: String(participants.length) })}>
    ${participants.map((p) => renderParticipant(v, p))}
  </ul>`;
}

function renderParticipant(v: PhoneView, p: Participant): TemplateResult {
  const joined = p.state === 'joined';
  const speaking = joined && p.speaking;
  return html`<li part="participant" class="participant" data-id=${p.id} data-state=${p.state} ?data-speaking=${speaking}>
    <span class="speaking-dot" aria-hidden="true"></span>
    <span class="participant-name">${p.displayName}</span>
    <span class="participant-state">${v.t(`participant.${p.state}`)}</span>
    ${speaking ? html`<span class="visually-hidden">${v.t('participant.speaking')}</span>` : nothing}
    ${joined
      ? html`<span class="media">
          <span class="icon mic" data-on=${p.audio ? 'true' : 'false'} role="img" aria-label=${v.t(p.audio ? 'participant.mic-on' : 'participant.mic-off')}
            >${p.audio ? micIcon : micOffIcon}</span
          >
          <span class="icon camera" data-on=${p.video ? 'true' : 'false'} role="img" aria-label=${v.t(p.video ? 'participant.camera-on' : 'participant.camera-off')}
            >${p.video ? camIcon : camOffIcon}</span
          >
        </span>`
      : nothing}
  </li>`;
}

function renderInvite(v: PhoneView, call: Call): TemplateResult {
  return renderTargetForm({
    name: 'invite',
    label: v.t('invite.target'),
    submit: v.t('invite'),
    value: v.inviteTarget,
    onInput: v.onInviteTarget,
    onSubmit: (target) => v.onInvite(call, target),
  });
}

function renderTransfer(v: PhoneView, call: Call): TemplateResult {
  return renderTargetForm({
    name: 'transfer',
    label: v.t('transfer.target'),
    submit: v.t('transfer'),
    value: v.transferTarget,
    onInput: v.onTransferTarget,
    onSubmit: (target) => v.onTransfer(call, target),
  });
}

/** A one-field form naming whom to reach (Invite, Transfer): `part` and classes `name`, `name-target`, `name-go`. */
function renderTargetForm(
  form: { name: 'invite' | 'transfer'; label: string; submit: string; value: string; onInput(value: string): void; onSubmit(target: string): void },
): TemplateResult {
  return html`<form
    part=${form.name}
    class=${form.name}
    @submit=${(e: Event) => {
      e.preventDefault();
      form.onSubmit(form.value);
    }}
  >
    <input
      part="input"
      class="${form.name}-target"
      name="${form.name}-target"
      type="text"
      autocomplete="off"
      aria-label=${form.label}
      placeholder=${form.label}
      .value=${live(form.value)}
      @input=${(e: Event) => form.onInput((e.target as HTMLInputElement).value)}
    />
    <button part="button" class="${form.name}-go" type="submit" ?disabled=${!form.value.trim()}>${form.submit}</button>
  </form>`;
}

function renderKeypad(v: PhoneView, call: Call): TemplateResult {
  return html`<div part="keypad" class="keypad" role="group" aria-label=${v.t('keypad.label')}>
    ${KEYS.map((key) => html`<button part="button" class="key" @click=${() => v.onDigit(call, key)}>${key}</button>`)}
  </div>`;
}

/** The calls the phone's other tabs hold (one phone across tabs), each with *Move here*. */
export function renderElsewhere(v: PhoneView, calls: readonly CallElsewhere[]): TemplateResult {
  return html`<ul part="elsewhere" class="calls elsewhere" aria-label=${v.t('elsewhere.label')}>
    ${calls.map(
      (call) => html`<li>
        <span class="name">${call.remote.displayName || call.remote.user || call.remote.uri}</span>
        <span class="call-state">${v.t(call.state === 'held' ? 'elsewhere.held' : 'elsewhere.connected')}</span>
        <button part="button move-here" class="move-here" @click=${() => v.onMoveHere(call.id)}>${v.t('elsewhere.move')}</button>
      </li>`,
    )}
  </ul>`;
}

/** The other calls (held, ringing out), each with resume, merge/transfer and hang up. */
export function renderOthers(v: PhoneView, calls: Call[]): TemplateResult {
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
