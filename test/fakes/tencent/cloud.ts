// The fake Tencent cloud: one in-page bus shared by every fake TIM instance (signalling) and
// every fake TRTC client (media rooms) of the page. It is kept on `globalThis`, so a page that
// loads the fakes twice (the test's own import and the esbuild bundle of Tencent's
// trtc-calling-js, which has its own copy) still has one cloud. Tests drive it through the hooks
// below (kick out, expire a userSig, network state, reset) and read `messages` to assert what
// went over the wire.

/** TIM network states, as `TIM.TYPES.NET_STATE_*`. */
export type FakeNetState = 'connected' | 'connecting' | 'disconnected';

/** A message as the fake IM server stores and delivers it (the shape of tim-js-sdk's `Message`). */
export interface CloudMessage {
  ID: string;
  type: string;
  payload: any;
  conversationID: string;
  conversationType: string;
  to: string;
  from: string;
  flow: string;
  time: number;
  status: string;
  isRevoked: boolean;
  priority: string;
  nick: string;
  avatar: string;
  isPeerRead: boolean;
  nameCard: string;
  atUserList: string[];
  cloudCustomData: string;
  isDeleted: boolean;
  isModified: boolean;
  needReadReceipt: boolean;
  readReceiptInfo: any;
  isBroadcastMessage: boolean;
  /** `true` when sent with `onlineUserOnly` (tsignaling reads it back from its sent message). */
  _onlineOnlyFlag: boolean;
  sequence: number;
  random: number;
  clientSequence: number;
  protocol: string;
}

/** One entry of {@link FakeTencentCloud.messages}: a sent message and the send options. */
export interface SentMessage {
  sdkAppID: number;
  message: CloudMessage;
  /** The second argument of `sendMessage` (onlineUserOnly, offlinePushInfo, messageControlInfo). */
  options: any;
  /** `payload.data` parsed as JSON when it is JSON (custom messages), else undefined. */
  data: any;
  /** User IDs it was delivered to at once (online); the others find it in their history. */
  deliveredTo: string[];
}

/** What the cloud needs from a logged-in fake TIM instance. */
export interface TimEndpoint {
  readonly sdkAppID: number;
  readonly userID: string;
  readonly userSig: string;
  /** Messages arriving (MESSAGE_RECEIVED). */
  receive(messages: CloudMessage[]): void;
  /** Forced logout: KICKED_OUT with this type, then SDK_NOT_READY. */
  kickedOut(type: string): void;
  /** Network state change (NET_STATE_CHANGE). */
  netState(state: FakeNetState): void;
}

/** What the cloud needs from a fake TRTC client that joined a room. */
export interface RoomMember {
  readonly sdkAppId: number;
  readonly userId: string;
  /** Removed from the room by the cloud (client-banned). */
  banned(reason: 'kick' | 'banned' | 'room-disband', message: string): void;
  /** Another member joined (peer-join, and stream-added for its published streams). */
  peerJoined(member: RoomMember): void;
  /** Another member left (stream-removed for its streams, then peer-leave). */
  peerLeft(member: RoomMember): void;
  /** Another member published a stream. */
  streamPublished(member: RoomMember, stream: unknown): void;
  /** Another member unpublished a stream. */
  streamUnpublished(member: RoomMember, stream: unknown): void;
  /** Another member's published stream changed (tracks added/removed, mute state). */
  streamChanged(member: RoomMember, stream: unknown, change: string): void;
  /** The member's streams published now. */
  publishedStreams(): unknown[];
  /** Network state of the member's user changed. */
  netState(state: FakeNetState): void;
}

/** One published stream carried to one subscriber (see {@link FakeTencentCloud.mediaLinks}). */
export interface MediaLinkInfo {
  publisher: string;
  subscriber: string;
  /** The publisher's side (sends). */
  sender: RTCPeerConnection;
  /** The subscriber's side (receives). */
  receiver: RTCPeerConnection;
}

interface Conversation {
  conversationID: string;
  type: string;
  messages: CloudMessage[];
  unreadCount: number;
}

/** TIM's error codes the fake uses (values from tim-js-sdk 2.27). */
export const TIM_ERROR = {
  NO_USERSIG: 2003,
  USER_NOT_LOGGED_IN: 2024,
  NETWORK_ERROR: 2800,
  SDK_IS_NOT_READY: 2999,
  ACCOUNT_A2KEY_EXPIRED: 70001,
  /** IM server: the group does not exist. */
  GROUP_NOT_FOUND: 10010,
  /** IM server: the sender is not a member of the group. */
  NOT_GROUP_MEMBER: 10007,
} as const;

/** The fake cloud. Get the page's instance with {@link fakeCloud}. */
export class FakeTencentCloud {
  /** Every message sent through the fake IM server, in order (custom messages parsed in `data`). */
  readonly messages: SentMessage[] = [];
  private readonly endpoints = new Set<TimEndpoint>();
  /** TIM logins so far, by user id (a test counts how often a user logged in). */
  private readonly loginCounts = new Map<string, number>();
  private readonly conversations = new Map<string, Map<string, Conversation>>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly expiredSigs = new Map<string, Set<string>>();
  private readonly network = new Map<string, FakeNetState>();
  /** Messages held for a user whose network is down, delivered when it comes back. */
  private readonly held = new Map<string, CloudMessage[]>();
  private readonly rooms = new Map<string, Set<RoomMember>>();
  private readonly peerConnections = new Set<RTCPeerConnection>();
  private readonly links = new Set<MediaLinkInfo>();
  private sequence = 0;

  // ---------------------------------------------------------------- test hooks

  /** Forces `userId` offline (TIM KICKED_OUT, `reason` default REST API kick) on every SDKAppID. */
  kickOut(userId: string, reason = 'REST_API_Kick'): void {
    for (const endpoint of [...this.endpoints]) if (endpoint.userID === userId) {
      this.endpoints.delete(endpoint);
      endpoint.kickedOut(reason);
    }
  }

  /**
   * Expires `userId`'s current userSig(s): logged-in instances get KICKED_OUT `userSigExpired`
   * and SDK_NOT_READY (as tim-js-sdk does), later logins and room joins with that sig fail
   * (TIM code 70001, TRTC JOIN_ROOM_FAILED).
   */
  expireUserSig(userId: string): void {
    const sigs = this.expiredSigs.get(userId) ?? new Set<string>();
    this.expiredSigs.set(userId, sigs);
    for (const endpoint of [...this.endpoints]) if (endpoint.userID === userId) {
      sigs.add(endpoint.userSig);
      this.endpoints.delete(endpoint);
      endpoint.kickedOut('userSigExpired');
    }
  }

  /** Whether `userSig` of `userId` was expired by {@link expireUserSig}. */
  isExpired(userId: string, userSig: string): boolean {
    return this.expiredSigs.get(userId)?.has(userSig) ?? false;
  }

  /**
   * Sets `userId`'s network state: its TIM instances get NET_STATE_CHANGE; while
   * `disconnected` its sends fail with NETWORK_ERROR and messages to it are held until it
   * reconnects; its TRTC clients report RECONNECTING and network quality 6.
   */
  setNetwork(userId: string, state: FakeNetState): void {
    this.network.set(userId, state);
    for (const endpoint of this.endpoints) if (endpoint.userID === userId) endpoint.netState(state);
    for (const room of this.rooms.values()) for (const member of room) if (member.userId === userId) member.netState(state);
    if (state === 'connected') {
      const held = this.held.get(userId) ?? [];
      this.held.delete(userId);
      const byEndpoint = new Map<TimEndpoint, CloudMessage[]>();
      for (const message of held) {
        for (const endpoint of this.endpoints) if (endpoint.userID === userId) {
          byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), message]);
        }
      }
      for (const [endpoint, messages] of byEndpoint) later(() => endpoint.receive(messages));
    }
  }

  /** `userId`'s network state (default connected). */
  networkOf(userId: string): FakeNetState {
    return this.network.get(userId) ?? 'connected';
  }

  /** Creates an IM group (or adds members to it): what a REST `create_group` would do. */
  createGroup(groupID: string, members: string[]): void {
    const group = this.groups.get(groupID) ?? new Set<string>();
    this.groups.set(groupID, group);
    for (const member of members) group.add(member);
  }

  /** Removes a member from an IM group. */
  leaveGroup(groupID: string, userId: string): void {
    this.groups.get(groupID)?.delete(userId);
  }

  /** Members of an IM group, or undefined when there is no such group. */
  groupMembers(groupID: string): string[] | undefined {
    const group = this.groups.get(groupID);
    return group ? [...group] : undefined;
  }

  /** Removes `userId` from a TRTC room as the cloud would (client-banned with `reason`). */
  banFromRoom(userId: string, reason: 'kick' | 'banned' | 'room-disband' = 'kick'): void {
    for (const room of this.rooms.values()) for (const member of [...room]) if (member.userId === userId) {
      member.banned(reason, `fake cloud: ${reason}`);
    }
  }

  /** User IDs in a TRTC room. */
  roomMembers(sdkAppId: number, roomId: number | string): string[] {
    return [...(this.rooms.get(roomKey(sdkAppId, roomId)) ?? [])].map((member) => member.userId);
  }

  /** Loopback peer connections carrying media that are not closed yet (0 after everyone left). */
  openPeerConnections(): number {
    for (const pc of this.peerConnections) if (pc.connectionState === 'closed' || pc.signalingState === 'closed') this.peerConnections.delete(pc);
    return this.peerConnections.size;
  }

  /** Logged-in TIM users, `sdkAppID:userID`. */
  onlineUsers(): string[] {
    return [...this.endpoints].map((endpoint) => `${endpoint.sdkAppID}:${endpoint.userID}`);
  }

  /**
   * Forgets everything: message log, history, groups, expired sigs, network states. Logged-in
   * instances and joined clients stay (log them out / leave first, or they keep working).
   */
  reset(): void {
    this.messages.length = 0;
    this.conversations.clear();
    this.groups.clear();
    this.expiredSigs.clear();
    this.network.clear();
    this.held.clear();
  }

  /** Custom messages of the log whose `payload.data` parsed as JSON, optionally from one user. */
  signals(from?: string): any[] {
    return this.messages.filter((sent) => sent.data !== undefined && (from === undefined || sent.message.from === from)).map((sent) => sent.data);
  }

  // ---------------------------------------------------------------- IM server (fake TIM)

  /** @internal Logs `endpoint` in; a second login of the same user kicks the first (multipleAccount). */
  login(endpoint: TimEndpoint): void {
    this.loginCounts.set(endpoint.userID, (this.loginCounts.get(endpoint.userID) ?? 0) + 1);
    for (const other of [...this.endpoints]) {
      if (other !== endpoint && other.sdkAppID === endpoint.sdkAppID && other.userID === endpoint.userID) {
        this.endpoints.delete(other);
        other.kickedOut('multipleAccount');
      }
    }
    this.endpoints.add(endpoint);
  }

  /** How many times `userId` logged in to TIM so far (every instance, every page of the cloud). */
  loginsOf(userId: string): number {
    return this.loginCounts.get(userId) ?? 0;
  }

  /** @internal */
  logout(endpoint: TimEndpoint): void {
    this.endpoints.delete(endpoint);
  }

  /** @internal Whether the endpoint is still logged in (not kicked). */
  isLoggedIn(endpoint: TimEndpoint): boolean {
    return this.endpoints.has(endpoint);
  }

  /** @internal A new server sequence number. */
  nextSequence(): number {
    return ++this.sequence;
  }

  /**
   * @internal Stores and delivers a message sent by `sender`: C2C to `to`, GROUP to every
   * member but the sender. Throws `{code}` like the server would.
   */
  send(sender: TimEndpoint, message: CloudMessage, options: any): void {
    const { sdkAppID, userID } = sender;
    let recipients: string[];
    if (message.conversationType === 'GROUP') {
      const group = this.groups.get(message.to);
      if (!group) throw { code: TIM_ERROR.GROUP_NOT_FOUND, message: `group ${message.to} does not exist` };
      if (!group.has(userID)) throw { code: TIM_ERROR.NOT_GROUP_MEMBER, message: `${userID} is not a member of group ${message.to}` };
      recipients = [...group].filter((member) => member !== userID);
    } else {
      recipients = [message.to];
    }
    let data: unknown;
    if (message.type === 'TIMCustomElem') {
      try {
        data = JSON.parse(message.payload?.data);
      } catch {
        data = undefined;
      }
    }
    const entry: SentMessage = { sdkAppID, message, options, data, deliveredTo: [] };
    this.messages.push(entry);
    const onlineOnly = !!options?.onlineUserOnly;
    const countsUnread = !options?.messageControlInfo?.excludedFromUnreadCount;
    // The sender's own history (roaming), as read.
    if (!onlineOnly) this.store(sdkAppID, userID, conversationOf(message, userID), message, false);
    for (const recipient of recipients) {
      const endpoints = [...this.endpoints].filter((e) => e.sdkAppID === sdkAppID && e.userID === recipient);
      const incoming: CloudMessage = { ...message, flow: 'in', conversationID: conversationOf(message, recipient), status: 'success' };
      if (!onlineOnly) this.store(sdkAppID, recipient, incoming.conversationID, incoming, countsUnread);
      if (!endpoints.length) continue;
      if (this.networkOf(recipient) === 'disconnected') {
        if (!onlineOnly) this.held.set(recipient, [...(this.held.get(recipient) ?? []), incoming]);
        continue;
      }
      entry.deliveredTo.push(recipient);
      for (const endpoint of endpoints) later(() => endpoint.receive([{ ...incoming }]));
    }
  }

  /** @internal The user's conversations, newest last message first (getConversationList). */
  conversationList(sdkAppID: number, userID: string): any[] {
    const mine = this.conversations.get(`${sdkAppID}:${userID}`);
    if (!mine) return [];
    return [...mine.values()]
      .filter((c) => c.messages.length)
      .map((c) => {
        const last = c.messages[c.messages.length - 1];
        const peer = c.type === 'GROUP' ? c.conversationID.slice(5) : c.conversationID.slice(3);
        return {
          conversationID: c.conversationID,
          type: c.type,
          subType: '',
          unreadCount: c.unreadCount,
          lastMessage: {
            lastTime: last.time,
            lastSequence: last.sequence,
            fromAccount: last.from,
            type: last.type,
            payload: last.payload,
            messageForShow: last.type === 'TIMCustomElem' ? '[custom message]' : '',
            isRevoked: false,
            isPeerRead: false,
            nick: '',
            cloudCustomData: '',
          },
          groupProfile: c.type === 'GROUP' ? { groupID: peer } : null,
          userProfile: c.type === 'C2C' ? { userID: peer } : null,
          groupAtInfoList: [],
          remark: '',
          isPinned: false,
          messageRemindType: '',
          markList: [],
          customData: '',
          conversationGroupList: [],
        };
      })
      .sort((a, b) => b.lastMessage.lastTime - a.lastMessage.lastTime);
  }

  /** @internal The newest `count` messages of a conversation, oldest first (getMessageList). */
  messageList(sdkAppID: number, userID: string, conversationID: string, count: number): CloudMessage[] {
    const conversation = this.conversations.get(`${sdkAppID}:${userID}`)?.get(conversationID);
    return conversation ? conversation.messages.slice(-Math.max(1, count)).map((m) => ({ ...m })) : [];
  }

  /** @internal setMessageRead. */
  markRead(sdkAppID: number, userID: string, conversationID: string): void {
    const conversation = this.conversations.get(`${sdkAppID}:${userID}`)?.get(conversationID);
    if (conversation) conversation.unreadCount = 0;
  }

  private store(sdkAppID: number, userID: string, conversationID: string, message: CloudMessage, unread: boolean): void {
    const key = `${sdkAppID}:${userID}`;
    const mine = this.conversations.get(key) ?? new Map<string, Conversation>();
    this.conversations.set(key, mine);
    const conversation = mine.get(conversationID) ?? { conversationID, type: message.conversationType, messages: [], unreadCount: 0 };
    mine.set(conversationID, conversation);
    conversation.messages.push(message);
    if (unread) conversation.unreadCount++;
  }

  // ---------------------------------------------------------------- media rooms (fake TRTC)

  /** @internal Adds `member` to a room: an existing member with the same userId is kicked. */
  join(member: RoomMember, roomId: number | string): void {
    const key = roomKey(member.sdkAppId, roomId);
    const room = this.rooms.get(key) ?? new Set<RoomMember>();
    this.rooms.set(key, room);
    for (const other of [...room]) if (other.userId === member.userId) other.banned('kick', 'the same userId joined the room elsewhere');
    const present = [...room];
    room.add(member);
    for (const other of present) {
      other.peerJoined(member);
      member.peerJoined(other);
    }
  }

  /** @internal Removes `member` from its room; the others get stream-removed and peer-leave. */
  leave(member: RoomMember, roomId: number | string): void {
    const key = roomKey(member.sdkAppId, roomId);
    const room = this.rooms.get(key);
    if (!room?.delete(member)) return;
    if (!room.size) this.rooms.delete(key);
    for (const other of room) other.peerLeft(member);
  }

  /** @internal Tells the room's other members that `member` published / unpublished / changed a stream. */
  streamEvent(member: RoomMember, roomId: number | string, what: 'published' | 'unpublished' | string, stream: unknown): void {
    const room = this.rooms.get(roomKey(member.sdkAppId, roomId));
    if (!room) return;
    for (const other of room) {
      if (other === member) continue;
      if (what === 'published') other.streamPublished(member, stream);
      else if (what === 'unpublished') other.streamUnpublished(member, stream);
      else other.streamChanged(member, stream, what);
    }
  }

  /**
   * Open media links: which user's stream is carried to which subscriber, with both peer
   * connections (read the subscriber side's stats for received energy / frames).
   */
  mediaLinks(): MediaLinkInfo[] {
    for (const link of this.links) if (link.receiver.signalingState === 'closed') this.links.delete(link);
    return [...this.links];
  }

  /** @internal */
  trackLink(link: MediaLinkInfo): void {
    this.links.add(link);
  }

  /** @internal Tracks a loopback peer connection until it is closed. */
  trackPeerConnection(pc: RTCPeerConnection): void {
    this.peerConnections.add(pc);
  }
}

/** Runs `fn` on a later task, like a network delivery. */
function later(fn: () => void): void {
  setTimeout(fn, 0);
}

function roomKey(sdkAppId: number, roomId: number | string): string {
  return `${sdkAppId}:${roomId}`;
}

/** The conversation a message belongs to, seen by `viewer`. */
function conversationOf(message: CloudMessage, viewer: string): string {
  if (message.conversationType === 'GROUP') return `GROUP${message.to}`;
  return `C2C${message.from === viewer ? message.to : message.from}`;
}

const KEY = Symbol.for('call-elements.fake-tencent-cloud');

/** The page's fake cloud (one per page, on `globalThis`, whichever copy of this module asks). */
export function fakeCloud(): FakeTencentCloud {
  const holder = globalThis as unknown as Record<symbol, FakeTencentCloud | undefined>;
  return (holder[KEY] ??= new FakeTencentCloud());
}
