/**
 * What the templates of `<call-phone>` share: the view they render from ({@link PhoneView}),
 * the shape of the lazily loaded templates of calls, and the party and state texts of a call.
 * @module
 */
import type { TemplateResult } from 'lit';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { EndReason } from '../../core/end-reason.js';
import type { CallError } from '../../base/errors.js';
import type { CallElsewhere, MediaKind } from '../../core/types.js';
import type { StringKey } from '../../i18n/en.js';

/** The templates of calls, loaded after the first paint (`call-phone.call-views.ts`). */
export interface CallViews {
  renderIncoming(v: PhoneView, call: Call): TemplateResult;
  renderCall(v: PhoneView, call: Call): TemplateResult;
  renderOthers(v: PhoneView, calls: Call[]): TemplateResult;
  renderElsewhere(v: PhoneView, calls: readonly CallElsewhere[]): TemplateResult;
}

/** Everything the phone's templates need: state, strings and callbacks. */
export interface PhoneView {
  t(key: StringKey, params?: Record<string, string>): string;
  /** An error's text in the phone's language (a translation of its code, else its message). */
  error(error: { code?: string; message: string }): string;
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
  /** Moves a call another tab holds here (`controller.moveHere`). */
  onMoveHere(id: string): void;
  onUnmerge(): void;
  /** The user id typed in the Invite field. */
  inviteTarget: string;
  onInviteTarget(value: string): void;
  /** Invites `target` into `call` (`call.invite`; errors show like any other). */
  onInvite(call: Call, target: string): void;
  /** The templates of calls (`call-phone.call-views.ts`), once loaded. */
  callViews?: CallViews;
}

/** Name to show for a remote party: display name, else user, else URI. Plain text only. */
export function partyName(call: Call): string {
  return call.remote.displayName || call.remote.user || call.remote.uri;
}

/** The state of a call in words. */
export function stateText(v: PhoneView, call: Call): string {
  if (call.state === 'held' && !call.held.local && call.held.remote) return v.t('state.held-remote');
  if (call.reconnecting) return v.t('state.reconnecting');
  return v.t(`state.${call.state}`);
}
