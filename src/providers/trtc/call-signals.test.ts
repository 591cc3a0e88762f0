import { expect } from '@open-wc/testing';
import { REAL } from '../../../test/fixtures/trtc-calling-signals.js';
import { answerDestination, callInvite, cancelOf, hangupInvite, replyTo, switchInvite, timeoutOf } from './call-signals.js';
import { decodeSignal, encodeSignal } from './signalling.js';
import type { Signal } from './signalling.js';

/** A captured TRTCCalling payload by name, decoded. */
function real(name: string): { signal: Signal; json: Record<string, unknown> } {
  const found = REAL.find((r) => r.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return { signal: decodeSignal({ data: found.payload })!, json: parse(found.payload) };
}

/** The envelope with its inner data parsed, so objects compare whatever the key order. */
function parse(data: string): Record<string, unknown> {
  const envelope = JSON.parse(data) as Record<string, unknown>;
  return { ...envelope, data: JSON.parse(envelope.data as string) };
}

/** What we send for `signal`, with the fixture's invitation id (ours are random). */
function sent(signal: Signal, inviteId: string): Record<string, unknown> {
  return parse(encodeSignal({ ...signal, inviteId }).data);
}

const alice = { user: 'alice', random: Math.random };

describe('call signals, as TRTCCalling 1.0.6 sends them', () => {
  it('a one-to-one call INVITE lists the callee as userIDs; a group INVITE to an IM group lists none', () => {
    for (const [name, callType] of [['invite 1:1 video', 'video'], ['invite 1:1 audio', 'audio']] as const) {
      const { signal, json } = real(name);
      const ours = callInvite(alice, { invitees: ['bob'], groupId: '', timeout: 30, callType, roomId: signal.roomId!, userIds: ['bob'] });
      expect(sent(ours, signal.inviteId), name).to.deep.equal(json);
    }
    const group = real('group invite with groupID');
    const ours = callInvite(alice, {
      invitees: group.signal.invitees,
      groupId: group.signal.groupId,
      timeout: 30,
      callType: group.signal.callType,
      roomId: group.signal.roomId!,
      userIds: group.signal.invitees,
    });
    expect(sent(ours, group.signal.inviteId)).to.deep.equal(group.json);
    const groupless = real('groupless invite to bob');
    const each = callInvite(alice, { invitees: ['bob'], groupId: '', timeout: 30, callType: 'video', roomId: groupless.signal.roomId!, userIds: ['bob', 'carol'] });
    expect(sent(each, groupless.signal.inviteId)).to.deep.equal(groupless.json);
  });

  it('accept, busy and plain reject, cancel, and both timeouts reuse the invitation', () => {
    const video = real('invite 1:1 video').signal;
    expect(sent(replyTo(video, 'accept', 'bob'), video.inviteId)).to.deep.equal(real('accept 1:1 video').json);
    const audio = real('invite 1:1 audio').signal;
    expect(sent(replyTo(audio, 'reject', 'bob'), audio.inviteId)).to.deep.equal(real('reject 1:1 audio').json);
    const connected = real('invite while callee connected').signal;
    expect(sent(replyTo(connected, 'reject', 'bob', true), connected.inviteId)).to.deep.equal(real('reject busy (connected)').json);
    const cancelled = real('invite to cancel').signal;
    expect(sent(cancelOf(cancelled, 'bob'), cancelled.inviteId)).to.deep.equal(real('cancel 1:1').json);
    const calleeTimeout = real('invite callee times out').signal;
    expect(sent(timeoutOf(calleeTimeout, ['bob']), calleeTimeout.inviteId)).to.deep.equal(real('timeout sent by callee').json);
    const callerTimeout = real('invite callee offline').signal;
    expect(sent(timeoutOf(callerTimeout, ['bob']), callerTimeout.inviteId)).to.deep.equal(real('timeout sent by caller').json);
  });

  it('hang-up goes one-to-one with call_end, also in a group call with an IM group; switches carry the type before', () => {
    const hangup = real('hangup 1:1 call_end');
    const from = { user: hangup.signal.inviter, random: Math.random };
    expect(sent(hangupInvite(from, hangup.signal.invitees[0], hangup.signal.callType, hangup.signal.callEnd!), hangup.signal.inviteId)).to.deep.equal(hangup.json);
    const groupHangup = real('group hangup (C2C) call_end').signal;
    expect(groupHangup.groupId, 'TRTCCalling clears the group first').to.equal('');
    const ours = hangupInvite({ user: groupHangup.inviter, random: Math.random }, groupHangup.invitees[0], groupHangup.callType, groupHangup.callEnd!);
    expect(sent(ours, groupHangup.inviteId)).to.deep.equal(real('group hangup (C2C) call_end').json);
    for (const name of ['switchToAudio invite', 'switchToVideo invite']) {
      const { signal, json } = real(name);
      const switched = switchInvite({ user: signal.inviter, random: Math.random }, signal.invitees[0], signal.callType, signal.roomId!);
      expect(sent(switched, signal.inviteId), name).to.deep.equal(json);
    }
  });

  it('answers go to the IM group of a group invitation, else to the inviter', () => {
    expect(answerDestination(real('group invite with groupID').signal, 'alice')).to.have.property('group');
    expect(answerDestination(real('invite 1:1 audio').signal, 'alice')).to.deep.equal({ user: 'alice' });
  });
});
