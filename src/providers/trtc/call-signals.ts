/**
 * The signals one TRTC call sends, built the way TRTCCalling builds them (see
 * docs/trtc-protocol.md): call, hang-up and switch INVITEs, and the answers to an invitation.
 * Pure functions; the session decides when to send what.
 * @module
 */
import { newInviteId } from './signalling.js';
import type { CallCommand, Signal } from './signalling.js';
import type { SignalDestination } from './tim-signalling.js';

/** The timeout TRTCCalling puts on a switch INVITE, s. */
export const SWITCH_TIMEOUT_S = 30;

/** Who sends: our user id and the randomness for new invitation ids. */
export interface Sender {
  readonly user: string;
  random(): number;
}

/** A new INVITE of ours with its own id (format version 4). */
function newInvite(from: Sender, fields: Omit<Signal, 'inviteId' | 'inviter' | 'action' | 'version'>): Signal {
  return { inviteId: newInviteId(from.random), inviter: from.user, action: 'invite', version: 4, ...fields };
}

/**
 * A call INVITE into `roomId`. One-to-one INVITEs list the invitees as `userIds` (TRTCCalling
 * takes two or more as a group call); INVITEs to an IM group list none.
 */
export function callInvite(
  from: Sender,
  call: { invitees: string[]; groupId: string; timeout: number; callType: 'audio' | 'video'; roomId: number; userIds: string[] },
): Signal {
  const cmd: CallCommand = call.callType === 'video' ? 'videoCall' : 'audioCall';
  const { invitees, groupId, timeout, callType, roomId, userIds } = call;
  return newInvite(from, { invitees, groupId, timeout, callType, cmd, roomId, userIds: groupId ? undefined : userIds });
}

/** The hang-up INVITE the user left alone sends the one who left: always one-to-one, `call_end` in seconds. */
export function hangupInvite(from: Sender, to: string, callType: 'audio' | 'video', callEnd: number): Signal {
  return newInvite(from, { invitees: [to], groupId: '', timeout: 0, callType, cmd: 'hangup', callEnd });
}

/** The INVITE that switches a one-to-one call: `call_type` is the type before the switch. */
export function switchInvite(from: Sender, to: string, before: 'audio' | 'video', roomId: number): Signal {
  const cmd = before === 'video' ? 'switchToAudio' : 'switchToVideo';
  return newInvite(from, { invitees: [to], groupId: '', timeout: SWITCH_TIMEOUT_S, callType: before, cmd, roomId });
}

/** ACCEPT or REJECT of `invite` by `user` (busy: TRTCCalling's `line_busy`): the invitation's data with its command, no room. */
export function replyTo(invite: Signal, action: 'accept' | 'reject', user: string, busy = false): Signal {
  return { ...invite, action, invitees: [user], timeout: 0, roomId: undefined, userIds: undefined, callEnd: undefined, busy: busy || undefined };
}

/** CANCEL of our invitation to `user`. */
export function cancelOf(invite: Signal, user: string): Signal {
  return { ...invite, action: 'cancel', invitees: [user], timeout: 0, roomId: undefined, userIds: undefined };
}

/** TIMEOUT of an invitation, carrying its data, for `invitees` (an invitee: itself; the inviter: those who did not answer). */
export function timeoutOf(invite: Signal, invitees: string[]): Signal {
  return { ...invite, action: 'timeout', invitees, timeout: 0 };
}

/** Answers to an invitation go to its IM group, else to the inviter. */
export function answerDestination(invite: Signal, from: string): SignalDestination {
  return invite.groupId ? { group: invite.groupId } : { user: from };
}
