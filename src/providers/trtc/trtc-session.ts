/**
 * One TRTC call (one-to-one or group) as a {@link ProviderSession}: the invitations it sent or
 * received (TSignaling's INVITE / CANCEL / ACCEPT / REJECT / TIMEOUT, see `signalling.ts`),
 * the media room it shares with the other users (`trtc-room.ts`), and its participants.
 *
 * The rules follow Tencent's TRTCCalling so each side interoperates with it: the caller joins
 * the room and publishes before inviting; the callee joins and publishes, then accepts; a user
 * counts as joined when its stream is subscribed; whoever hangs up leaves the room and cancels
 * its unanswered invitations; the user left alone sends a `hangup` INVITE with `call_end` to the
 * one who left; the callee's timeout fires after the invitation's `timeout`, the caller's
 * 5 s later, and whoever fires first sends TIMEOUT.
 * @module
 */
import { timerMs } from '../../core/backoff.js';
import { CallError, toCallError } from '../../base/errors.js';
import type { EndReason } from '../../core/end-reason.js';
import type { ParticipantState } from '../../core/participant.js';
import type { MediaChannel, MediaTarget, PeerConnectionFactory, ProviderSession, SessionEnd, SessionHandlers, SessionSnapshot, StatsSource } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { answerDestination, callInvite, cancelOf, hangupInvite, replyTo, switchInvite, timeoutOf } from './call-signals.js';
import type { Signal } from './signalling.js';
import { sinceSent } from './tim-signalling.js';
import { whileCurrent } from './media-room.js';
import type { MediaRoom, RoomHandlers } from './media-room.js';
import { Rejoins } from './rejoin.js';
import { openRoom } from './rooms.js';
import { ChannelRoom, readSnapshot } from './tab-room.js';
import type { TrtcSnapshot } from './tab-room.js';
import { post } from './session-host.js';
import type { TrtcSessionHost } from './session-host.js';

/** The caller waits this much longer than the invitation's timeout before it gives up (TRTCCalling's rule), s. */
export const CALLER_TIMEOUT_GRACE_S = 5;

/** An invitation this session sent, one per invitee. */
interface SentInvite {
  inviteId: string;
  user: string;
  groupId: string;
  /** The INVITE as sent (TIMEOUT carries its payload). */
  signal: Signal;
  state: 'pending' | 'accepted' | 'done';
  timer?: ReturnType<typeof setTimeout>;
}

/** How a pending invitation ends, by the answer. */
const INVITE_END: Record<'reject' | 'busy' | 'timeout' | 'cancel', ParticipantState> = {
  reject: 'rejected',
  busy: 'busy',
  timeout: 'no-answer',
  cancel: 'cancelled',
};

/** A TRTC call. */
export class TrtcSession implements ProviderSession {
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  readonly headers: Record<string, string> = {};
  /** Whom the invitation named: the invitee list received, or the users we called. */
  readonly invitees: readonly string[];
  readonly #host: TrtcSessionHost;
  readonly #roomId: number;
  readonly #groupId: string;
  #callType: 'audio' | 'video';
  readonly #handlers: SessionHandlers;
  /** Our invitations by `inviteId/user`. */
  readonly #sent = new Map<string, SentInvite>();
  readonly #inviteIds = new Set<string>();
  /** Our audio/video switch INVITEs (their ACCEPTs need nothing more). */
  readonly #switches = new Set<string>();
  /** The invitation we received (callee). */
  readonly #received?: { signal: Signal; from: string; timer?: ReturnType<typeof setTimeout> };
  #room?: MediaRoom;
  /** Rooms opened (a move opens another): only the newest one's events count. */
  #rooms = 0;
  readonly #rejoins = new Rejoins();
  /** Remote users whose streams are with us. */
  readonly #joined = new Set<string>();
  /** Everyone we know to be in the call or invited (for hang-up signals and group INVITE lists). */
  readonly #members = new Set<string>();
  #connectedAt?: number;
  #ended = false;
  /** Reasons invitations ended with, for the end of a call nobody joined. */
  readonly #inviteEnds: EndReason[] = [];
  /** Whose timer ended the last invitation that timed out (the invitee's TIMEOUT, or ours). */
  #timeoutBy?: 'local' | 'remote';

  private constructor(
    host: TrtcSessionHost,
    handlers: SessionHandlers,
    options: { remote: string; invitees: string[]; roomId: number; groupId: string; callType: 'audio' | 'video'; received?: { signal: Signal; from: string } },
  ) {
    this.#host = host;
    this.#handlers = handlers;
    this.remote = { uri: options.remote, user: options.remote, displayName: '' };
    this.invitees = Object.freeze([...options.invitees]);
    this.#roomId = options.roomId;
    this.#groupId = options.groupId;
    this.#callType = options.callType;
    this.remoteOffersVideo = options.callType === 'video';
    this.#received = options.received;
  }

  /**
   * An outgoing call: joins a new room, publishes `stream`, then invites `targets`, starting
   * once the controller has the session (after `dial` returned).
   */
  static outgoing(
    host: TrtcSessionHost,
    handlers: SessionHandlers,
    request: { targets: string[]; groupId: string; stream: MediaStream; video: boolean; roomId: number; mediaChannel?: MediaChannel },
  ): TrtcSession {
    const session = new TrtcSession(host, handlers, { remote: request.targets[0], invitees: request.targets, roomId: request.roomId, groupId: request.groupId, callType: request.video ? 'video' : 'audio' });
    queueMicrotask(() => void session.#startOutgoing(request.targets, request.stream, request.mediaChannel));
    return session;
  }

  /**
   * An incoming invitation, taken by the controller; rings until answered, rejected, cancelled
   * or timed out. Everyone it names rings at once, so `call-incoming` lists them all.
   */
  static incoming(host: TrtcSessionHost, handlers: SessionHandlers, signal: Signal, from: string, sentAt: number): TrtcSession {
    const session = new TrtcSession(host, handlers, {
      remote: from,
      invitees: signal.invitees,
      roomId: signal.roomId ?? 0,
      groupId: signal.groupId,
      callType: signal.callType,
      received: { signal, from },
    });
    session.#members.add(from);
    session.#rejoins.heard(from, signal.rejoins);
    for (const user of [...(signal.userIds ?? []), ...signal.invitees]) if (user !== host.user) session.#members.add(user);
    if (signal.timeout > 0) {
      const left = timerMs(signal.timeout * 1000 - sinceSent(sentAt));
      session.#received!.timer = setTimeout(() => session.#calleeTimedOut(), left);
    }
    // Everyone, the inviter too, rings with the call: a participant joins when its media is with
    // us, which is after we answered (see #entered).
    for (const user of session.#members) handlers.participant({ id: user, state: 'ringing' });
    return session;
  }

  /**
   * A call whose signalling was in another tab that closed, its media still in the tab that
   * holds it (a phone shared across tabs): rebuilt from its {@link snapshot}, its room reached
   * through `mediaChannel`. Throws `call/invalid-state` for a snapshot that is not one of ours.
   */
  static adopt(host: TrtcSessionHost, handlers: SessionHandlers, snapshot: SessionSnapshot, mediaChannel: MediaChannel): TrtcSession {
    const { remote, invitees, roomId, groupId, callType, members, joined, connectedAt, rejoins } = readSnapshot(snapshot);
    const session = new TrtcSession(host, handlers, { remote, invitees, roomId, groupId, callType });
    for (const user of rejoins) session.#rejoins.heard(user, true);
    for (const user of members) session.#members.add(user);
    for (const user of joined) session.#joined.add(user);
    session.#connectedAt = connectedAt;
    session.#room = new ChannelRoom(mediaChannel, session.#roomHandlers(++session.#rooms), true);
    return session;
  }

  /** The room this call's media is in. */
  get roomId(): number {
    return this.#roomId;
  }

  /** Whether a signal belongs to this call: one of our invitations, the one we received, or a command of a member of our room. */
  owns(signal: Signal, from: string): boolean {
    if (this.#inviteIds.has(signal.inviteId) || this.#switches.has(signal.inviteId) || this.#received?.signal.inviteId === signal.inviteId) return true;
    if (signal.action !== 'invite' || !signal.cmd) return false;
    if (signal.roomId !== undefined && signal.roomId === this.#roomId) return true;
    return signal.cmd !== 'audioCall' && signal.cmd !== 'videoCall' && this.#members.has(from);
  }

  /** Whether the call is in progress (ringing or connected) and not ended. */
  get active(): boolean {
    return !this.#ended;
  }

  /** A signal of this call arrived. */
  handle(signal: Signal, from: string): void {
    if (this.#ended) return;
    this.#rejoins.heard(from, signal.rejoins);
    const sent = this.#sent.get(`${signal.inviteId}/${from}`);
    switch (signal.action) {
      case 'accept':
        if (sent?.state === 'pending') {
          this.#settle(sent, 'accepted');
          this.#handlers.participant({ id: from, state: 'ringing' });
        }
        return;
      case 'reject':
        if (sent?.state === 'pending') this.#inviteEnded(sent, signal.busy ? 'busy' : 'reject');
        return;
      case 'timeout':
        if (sent?.state === 'pending') this.#inviteEnded(sent, 'timeout', 'remote');
        // Our own timer, run by the IM SDK (chat's built-in signalling times invitations itself).
        else if (from === this.#host.user && this.#received?.signal.inviteId === signal.inviteId) this.#calleeTimedOut();
        else if (this.#received?.signal.inviteId === signal.inviteId && from === this.#received.from && this.#connectedAt === undefined) this.#end({ reason: 'no-answer', endedBy: 'remote', rawCause: 'timeout' });
        return;
      case 'cancel':
        if (this.#received?.signal.inviteId === signal.inviteId && from === this.#received.from) {
          // Also while we join to answer: the caller is gone before its media reached us.
          if (this.#connectedAt === undefined) this.#end({ reason: 'cancelled', endedBy: 'remote', rawCause: 'cancel' });
        } else {
          for (const user of signal.invitees) this.#handlers.participant({ id: user, state: 'cancelled' });
        }
        return;
      case 'invite':
        this.#command(signal, from);
    }
  }

  /** `mediaChannel`: the call's media is in another tab, which joins the room (see `tab-room.ts`). */
  async answer(stream: MediaStream, video: boolean, _extraHeaders?: string[], _peerConnection?: PeerConnectionFactory, mediaChannel?: MediaChannel): Promise<void> {
    const received = this.#received;
    if (!received || this.#ended) throw new CallError('call/invalid-state', 'Cannot answer: the invitation is gone.');
    clearTimeout(received.timer);
    this.#callType = video ? this.#callType : 'audio';
    this.#room = this.#newRoom(mediaChannel);
    try {
      await this.#room.join(this.#roomId, stream);
    } catch (error) {
      // The caller must not ring on: decline.
      post(this.#host, replyTo(received.signal, 'reject', this.#host.user), answerDestination(received.signal, received.from));
      this.#cleanUp();
      throw toCallError(error, 'trtc/room-failed');
    }
    if (this.#ended) return;
    await this.#host.send(replyTo(received.signal, 'accept', this.#host.user), answerDestination(received.signal, received.from));
  }

  reject(kind: 'busy' | 'decline' | 'timeout'): void {
    const received = this.#received;
    if (!received || this.#ended) return;
    clearTimeout(received.timer);
    const signal = kind === 'timeout' ? timeoutOf(received.signal, [this.#host.user]) : replyTo(received.signal, 'reject', this.#host.user, kind === 'busy');
    post(this.#host, signal, answerDestination(received.signal, received.from));
    this.#cleanUp();
  }

  hangup(): void {
    if (this.#ended) return;
    if (this.#received && !this.#room) {
      this.reject('decline');
      return;
    }
    for (const sent of this.#sent.values()) if (sent.state === 'pending') this.#cancel(sent);
    // Media in another tab (which may have closed, its room client lingering until the cloud
    // times it out): the others are told at once rather than by our leaving the room.
    if (this.#room instanceof ChannelRoom) for (const user of this.#joined) this.#sendHangup(user);
    this.#cleanUp();
  }

  /**
   * Ends the call for a reason of the provider's (the login was taken away: kicked out): what is
   * still pending is cancelled, the room left, and the call told how it ended.
   */
  abort(end: SessionEnd): void {
    if (this.#ended) return;
    for (const sent of this.#sent.values()) if (sent.state === 'pending') this.#cancel(sent);
    this.#end(end);
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    await this.#room?.replaceTrack(kind, track);
  }

  async setVideo(track: MediaStreamTrack | null): Promise<void> {
    await this.#room?.replaceTrack('video', track);
    await this.renegotiate(!!track);
  }

  /** Our video went on or off (here, or in the tab that holds the call's media): the far end is told. */
  async renegotiate(video: boolean): Promise<void> {
    const before = this.#callType;
    this.#callType = video ? 'video' : 'audio';
    if (before !== this.#callType) this.#sendSwitch(before);
  }

  setMuted(kind: 'audio' | 'video', muted: boolean): void {
    this.#room?.mute(kind, muted);
  }

  async invite(targets: string[]): Promise<void> {
    if (this.#ended || !this.#room) throw new CallError('call/invalid-state', 'Cannot invite: the call is not up.');
    const fresh = targets.filter((user) => user !== this.#host.user && !this.#joined.has(user) && ![...this.#sent.values()].some((s) => s.user === user && s.state === 'pending'));
    await this.#inviteAll(fresh);
  }

  /**
   * Moves the call's media to another tab of this phone, or here (`controller.moveHere`): the
   * room is left where it was and entered from there, which every peer in it must wait for
   * (see `rejoin.ts`); else this throws `call/unsupported` and the call stays as it was.
   */
  async moveMedia(_peerConnection: PeerConnectionFactory, to: MediaTarget): Promise<void> {
    const old = this.#room;
    if (!old || this.#ended || this.#connectedAt === undefined) throw new CallError('call/invalid-state', 'Cannot move the call: it is not up.');
    this.#rejoins.checkMove(this.#joined);
    this.#room = this.#newRoom(to.channel);
    await old.leave();
    try {
      await this.#room.join(this.#roomId, to.stream);
    } catch (error) {
      const failure = toCallError(error, 'trtc/room-failed');
      this.#end({ reason: 'failed', endedBy: 'system', rawCause: failure.code });
      throw failure;
    }
  }

  peerConnections(): RTCPeerConnection[] {
    return [];
  }

  /** The call's state for another tab to take over (see {@link adopt}), once it is up and its media in another tab. */
  snapshot(): SessionSnapshot | undefined {
    if (this.#connectedAt === undefined || this.#ended || !(this.#room instanceof ChannelRoom)) return undefined;
    const [members, joined] = [[...this.#members], [...this.#joined]];
    const state = { roomId: this.#roomId, groupId: this.#groupId, callType: this.#callType, members, joined, connectedAt: this.#connectedAt, rejoins: this.#rejoins.waiting };
    return { remote: this.remote.user, invitees: [...this.invitees], ...state } satisfies TrtcSnapshot;
  }

  statsSource(): StatsSource | undefined {
    return this.#room?.statsSource();
  }

  async #startOutgoing(targets: string[], stream: MediaStream, mediaChannel?: MediaChannel): Promise<void> {
    this.#room = this.#newRoom(mediaChannel);
    for (const user of targets) {
      this.#members.add(user);
      this.#handlers.participant({ id: user, state: 'invited' });
    }
    try {
      await this.#room.join(this.#roomId, stream);
      if (this.#ended) return;
      await this.#inviteAll(targets);
    } catch (error) {
      const failure = toCallError(error, 'trtc/signal-failed');
      this.#end({ reason: 'failed', endedBy: 'system', rawCause: failure.code });
      this.#host.report(failure);
      return;
    }
    if (!this.#ended) this.#handlers.ringing(false);
  }

  /** Sends call INVITEs: one to the group for all (with a group id), else one per user. */
  async #inviteAll(users: string[]): Promise<void> {
    if (!users.length) return;
    for (const user of users) this.#members.add(user);
    const userIds = [...this.#members];
    const batches = this.#groupId ? [users] : users.map((user) => [user]);
    for (const invitees of batches) {
      const signal = callInvite(this.#host, { invitees, groupId: this.#groupId, timeout: this.#host.inviteTimeout, callType: this.#callType, roomId: this.#roomId, userIds });
      for (const user of invitees) {
        const sent: SentInvite = { inviteId: signal.inviteId, user, groupId: this.#groupId, signal, state: 'pending' };
        if (signal.timeout > 0) sent.timer = setTimeout(() => this.#callerTimedOut(sent), timerMs((signal.timeout + CALLER_TIMEOUT_GRACE_S) * 1000));
        this.#sent.set(`${signal.inviteId}/${user}`, sent);
        this.#inviteIds.add(signal.inviteId);
        this.#handlers.participant({ id: user, state: 'ringing' });
      }
      await this.#host.send(signal, this.#groupId ? { group: this.#groupId } : { user: invitees[0] });
    }
  }

  /** A command INVITE (hang-up, audio/video switch) from a member of the call. */
  #command(signal: Signal, from: string): void {
    // Only someone in the call may end or switch it (a room id is no secret among the invited).
    if (!this.#members.has(from) && !this.#joined.has(from)) return;
    if (signal.cmd === 'hangup') {
      this.#peerLeft(from, true);
      return;
    }
    if (signal.cmd === 'switchToAudio' || signal.cmd === 'switchToVideo') {
      // The new mode is the command's (the call type it carries is the one before the switch,
      // which a switch racing the previous one can leave stale); the switch is accepted at once.
      const video = signal.cmd === 'switchToVideo';
      // Set first: our camera following (setVideo) then sends no switch of its own.
      this.#callType = video ? 'video' : 'audio';
      post(this.#host, replyTo(signal, 'accept', this.#host.user), { user: from });
      this.#handlers.participant({ id: from, video });
      this.#handlers.remoteVideo(video);
      this.#handlers.videoSwitched(video);
    }
  }

  /** The call's room: here, or in the tab that holds its media when `mediaChannel` links to it. */
  #newRoom(mediaChannel?: MediaChannel): MediaRoom {
    const handlers = this.#roomHandlers(++this.#rooms);
    if (mediaChannel) return new ChannelRoom(mediaChannel, handlers);
    return openRoom(this.#host.trtc, { sdkAppId: this.#host.sdkAppId, user: this.#host.user, userSig: this.#host.userSig }, handlers);
  }

  /** The events of room number `room`, heard while it is the call's (see {@link moveMedia}). */
  #roomHandlers(room: number): RoomHandlers {
    return whileCurrent(() => room === this.#rooms && !this.#ended, {
      entered: (userId, tracks) => this.#entered(userId, tracks),
      // A peer that moves the call between its tabs leaves the room and comes back (`rejoin.ts`).
      left: (userId) => this.#rejoins.away(userId, () => this.#peerLeft(userId, false)) || this.#peerLeft(userId, false),
      media: (userId, change) => this.#handlers.participant({ id: userId, ...change }),
      banned: (reason) => this.#end({ reason: 'network', endedBy: 'system', rawCause: `client-banned: ${reason}` }),
      debug: (line) => this.#host.debug(line),
    });
  }

  #entered(userId: string, tracks: MediaStreamTrack[]): void {
    this.#rejoins.back(userId);
    const first = !this.#joined.has(userId);
    this.#joined.add(userId);
    this.#members.add(userId);
    // Its invitations are answered by its arrival (an accepted one waits for this, and keeps the call up meanwhile).
    for (const sent of this.#sent.values()) if (sent.user === userId && sent.state !== 'done') this.#settle(sent, 'done');
    const video = tracks.some((t) => t.kind === 'video');
    const h = this.#handlers;
    h.participant({ id: userId, state: 'joined', video, audio: tracks.some((t) => t.kind === 'audio') });
    for (const track of tracks) h.remoteTrack(track, userId);
    if (userId === this.remote.user) h.remoteVideo(video);
    if (first && this.#connectedAt === undefined) {
      this.#connectedAt = Date.now();
      this.#handlers.connected();
    }
  }

  /** `userId` left (its stream went, or it told us it hung up): alone, we end the call and tell it. */
  #peerLeft(userId: string, told: boolean): void {
    if (this.#ended) return;
    this.#rejoins.back(userId);
    const wasJoined = this.#joined.delete(userId);
    if (!wasJoined && !told) return;
    this.#handlers.participant({ id: userId, state: 'left' });
    if (this.#joined.size > 0 || this.#pending()) return;
    if (this.#connectedAt === undefined && this.#received && this.#room) {
      // We answered but the caller is gone before its stream reached us.
      this.#end({ reason: 'cancelled', endedBy: 'remote', rawCause: told ? 'hangup' : 'peer-leave' });
      return;
    }
    if (!told) this.#sendHangup(userId);
    this.#end({ reason: this.#connectedAt === undefined ? 'cancelled' : 'remote-hangup', endedBy: 'remote', rawCause: told ? 'hangup' : 'peer-leave' });
  }

  /** Whether an invitation is unanswered, or accepted by a user whose stream has not arrived yet. */
  #pending(): boolean {
    return [...this.#sent.values()].some((s) => s.state !== 'done');
  }

  #sendHangup(to: string): void {
    const callEnd = this.#connectedAt === undefined ? 0 : Math.max(0, Math.round((Date.now() - this.#connectedAt) / 1000));
    // Always one-to-one, even in a group call with an IM group (TRTCCalling does the same).
    post(this.#host, hangupInvite(this.#host, to, this.#callType, callEnd), { user: to });
  }

  /**
   * Tells the other side of a one-to-one call that we switched between audio and video
   * (TRTCCalling's switch INVITE: `call_type` is the type before the switch, timeout 30, with the
   * room). Group calls do not switch by signal: the others see our video track come and go.
   */
  #sendSwitch(before: 'audio' | 'video'): void {
    const others = [...this.#joined];
    if (others.length !== 1 || this.#groupId) return;
    const signal = switchInvite(this.#host, others[0], before, this.#roomId);
    this.#switches.add(signal.inviteId);
    post(this.#host, signal, { user: others[0] });
  }

  #cancel(sent: SentInvite): void {
    this.#settle(sent, 'done');
    post(this.#host, cancelOf(sent.signal, sent.user), sent.groupId ? { group: sent.groupId } : { user: sent.user });
  }

  #settle(sent: SentInvite, state: SentInvite['state']): void {
    sent.state = state;
    clearTimeout(sent.timer);
  }

  /** An invitation of ours ended without the invitee joining. */
  #inviteEnded(sent: SentInvite, how: 'reject' | 'busy' | 'timeout', timeoutBy: 'local' | 'remote' = 'local'): void {
    this.#settle(sent, 'done');
    if (how === 'timeout') this.#timeoutBy = timeoutBy;
    this.#members.delete(sent.user);
    const state = INVITE_END[how];
    this.#inviteEnds.push(how === 'reject' ? 'rejected' : how === 'busy' ? 'busy' : 'no-answer');
    this.#handlers.participant({ id: sent.user, state });
    if (this.#joined.size > 0 || this.#pending()) return;
    if (this.#connectedAt !== undefined) {
      this.#end({ reason: 'remote-hangup', endedBy: 'remote', rawCause: how });
      return;
    }
    // Nobody will join: the call ends as its invitations did (busy wins over rejected over no answer).
    const reason = (['busy', 'rejected', 'no-answer'] as const).find((r) => this.#inviteEnds.includes(r)) ?? 'no-answer';
    this.#end({ reason, endedBy: reason === 'no-answer' ? 'system' : 'remote', rawCause: how, timeoutBy: reason === 'no-answer' ? this.#timeoutBy : undefined });
  }

  #callerTimedOut(sent: SentInvite): void {
    if (this.#ended || sent.state !== 'pending') return;
    post(this.#host, timeoutOf(sent.signal, [sent.user]), sent.groupId ? { group: sent.groupId } : { user: sent.user });
    this.#inviteEnded(sent, 'timeout');
  }

  #calleeTimedOut(): void {
    if (this.#ended || this.#room) return;
    this.reject('timeout');
    this.#handlers.ended({ reason: 'no-answer', endedBy: 'system', rawCause: 'timeout' });
  }

  /** Ends the call from here (the far end or the system ended it). */
  #end(end: SessionEnd): void {
    if (this.#ended) return;
    this.#cleanUp();
    this.#handlers.ended(end);
  }

  /** Timers off, room left, provider told; no event. */
  #cleanUp(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#received?.timer);
    for (const sent of this.#sent.values()) clearTimeout(sent.timer);
    this.#rejoins.clear();
    void this.#room?.leave();
    this.#host.ended(this);
  }
}
