/**
 * How an arriving call is received: turned away before it shows (beyond `maxCalls`, or while
 * in a call when `callWaiting` says so), handed to a call it takes over (an attended
 * transfer's Replaces), or rung — ringtone or call-waiting tone, `call-incoming`, the ring
 * timeout, and auto-answer (the setting, or the caller's hint).
 * @module
 */
import { timerMs } from './backoff.js';
import type { Call } from './call.js';
import type { EmitFn } from './events.js';
import type { IncomingInvitation } from './provider.js';
import type { NormalizedSettings, SettingName } from './settings.js';
import type { RemoteParty } from './types.js';
import type { Tones } from '../media/tones.js';

/** What receiving a call needs of the controller. */
export interface IncomingHost {
  /** The calls not yet ended. */
  calls(): readonly Call[];
  /** A setting's current value. */
  setting<K extends SettingName>(name: K): NormalizedSettings[K];
  /** Creates the incoming call (listed, `call-list-change`). */
  create(remote: RemoteParty, video: boolean): Call;
  /** `call` takes `replaced` over (see the controller). */
  takeOver(call: Call, replaced: Call): void;
  /** The controller's tones. */
  tones(): Tones;
  emit: EmitFn;
  debug(line: string): void;
}

/** Receives `invitation`: refuses it, or creates its call and rings (see the module comment). */
export function receiveIncoming(host: IncomingHost, invitation: IncomingInvitation): void {
  const replaced = invitation.replaces && host.calls().find((c) => c.hasSession(invitation.replaces!));
  if (!replaced && refuse(host, invitation)) return;
  const call = host.create(invitation.remote, replaced ? replaced.video : invitation.remoteOffersVideo);
  call.attach((handlers) => invitation.take(handlers), invitation.remoteOffersVideo);
  // The caller may have cancelled while the session was taken: nothing rings then.
  if (call.ended) return;
  if (replaced) {
    host.takeOver(call, replaced);
    return;
  }
  const busy = host.calls().some((c) => c !== call && c.established);
  if (host.setting('tones') && !invitation.silent) host.tones().start(busy ? 'waiting' : 'ringtone');
  host.emit('call-incoming', { call });
  const ringFor = host.setting('ringTimeout');
  if (ringFor) setTimeout(() => call.expire(), timerMs(ringFor * 1000));
  const hinted = host.setting('autoAnswerHints') ? invitation.autoAnswerAfter : undefined;
  if (busy || (!host.setting('autoAnswer') && hinted === undefined)) return;
  const answer = () => {
    if (call.state === 'incoming') call.answer().catch(() => undefined);
  };
  if (host.setting('autoAnswer') || !hinted) answer();
  else setTimeout(answer, timerMs(hinted * 1000));
}

/**
 * Whether a call arriving now is turned away before it shows: beyond `maxCalls` (busy), while
 * another call is up when `callWaiting` is `busy` or `reject`, or when the provider takes no
 * further call (busy, or declined with `reject`). Turned away, it fires `call-refused`.
 */
function refuse(host: IncomingHost, invitation: IncomingInvitation): boolean {
  const calls = host.calls();
  const waiting = host.setting('callWaiting');
  let kind: 'busy' | 'decline' | undefined;
  if (calls.length >= host.setting('maxCalls')) kind = 'busy';
  else if (invitation.busy || (calls.some((c) => c.established) && waiting !== 'ring')) kind = waiting === 'reject' ? 'decline' : 'busy';
  if (!kind) return false;
  host.debug(`incoming call from ${invitation.remote.user || invitation.remote.uri} refused (${kind}): ${calls.length} call(s) up`);
  invitation.refuse(kind);
  host.emit('call-refused', { remote: invitation.remote, reason: kind, video: invitation.remoteOffersVideo });
  return true;
}
