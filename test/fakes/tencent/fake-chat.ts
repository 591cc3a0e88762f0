// A fake of @tencentcloud/chat 3.x (Tencent Chat, tim-js-sdk's successor) on the page's fake
// cloud (./cloud.ts): the fake TIM instance (./fake-tim.ts: login, messages, groups, the same
// in both generations) plus chat's built-in signalling as its signaling module implements it
// (@tencentcloud/chat/modules/signaling-module.js, read for this fake): `invite`,
// `inviteInGroup`, `cancel`, `accept`, `reject`, `getSignalingInfo`, `addSignalingListener` /
// `removeSignalingListener` and the `TSignaling` events. Signals travel as custom messages with
// TSignaling's envelope (`businessID: 1`), so a chat phone, a tim-js-sdk phone and
// trtc-calling-js + tsignaling hear each other. Like the module: chat makes the invitation ids;
// the invitee's timer sends TIMEOUT after `timeout` s and the inviter's 5 s later, each then
// firing INVITATION_TIMEOUT with `isSelfTimeout: true`; answers to an invitation the instance
// does not know are dropped; at SDK_READY the unanswered invitations of the last 300 s ring.
// The constants are chat 3.6.6's (test/node/tencent-sdks.test.ts compares them with the package).
import { type CloudMessage } from './cloud.js';
import { FakeTimError, FakeTimInstance, type FakeTimCreateOptions } from './fake-tim.js';

/** `TencentCloudChat.EVENT`. */
const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  SDK_DESTROY: 'sdkDestroy',
  MESSAGE_RECEIVED: 'onMessageReceived',
  ROOM_CUSTOM_DATA_RECEIVED: 'onRoomCustomDataReceived',
  MESSAGE_MODIFIED: 'onMessageModified',
  MESSAGE_REVOKED: 'onMessageRevoked',
  MESSAGE_READ_BY_PEER: 'onMessageReadByPeer',
  MESSAGE_READ_RECEIPT_RECEIVED: 'onMessageReadReceiptReceived',
  MESSAGE_EXTENSIONS_UPDATED: 'onMessageExtensionsUpdated',
  MESSAGE_EXTENSIONS_DELETED: 'onMessageExtensionsDeleted',
  MESSAGE_REACTIONS_UPDATED: 'onMessageReactionsUpdated',
  CONVERSATION_LIST_UPDATED: 'onConversationListUpdated',
  TOTAL_UNREAD_MESSAGE_COUNT_UPDATED: 'onTotalUnreadMessageCountUpdated',
  CONVERSATION_GROUP_LIST_UPDATED: 'onConversationGroupListUpdated',
  CONVERSATION_IN_GROUP_UPDATED: 'onConversationInGroupUpdated',
  GROUP_LIST_UPDATED: 'onGroupListUpdated',
  GROUP_ATTRIBUTES_UPDATED: 'groupAttributesUpdated',
  GROUP_COUNTER_UPDATED: 'onGroupCounterUpdated',
  TOPIC_CREATED: 'onTopicCreated',
  TOPIC_DELETED: 'onTopicDeleted',
  TOPIC_UPDATED: 'onTopicUpdated',
  PROFILE_UPDATED: 'onProfileUpdated',
  USER_STATUS_UPDATED: 'onUserStatusUpdated',
  BLACKLIST_UPDATED: 'blacklistUpdated',
  FRIEND_LIST_UPDATED: 'onFriendListUpdated',
  FRIEND_GROUP_LIST_UPDATED: 'onFriendGroupListUpdated',
  FRIEND_APPLICATION_LIST_UPDATED: 'onFriendApplicationListUpdated',
  MY_FOLLOWERS_LIST_UPDATED: 'onMyFollowersListUpdated',
  MY_FOLLOWING_LIST_UPDATED: 'onMyFollowingListUpdated',
  MUTUAL_FOLLOWERS_LIST_UPDATED: 'onMutualFollowersListUpdated',
  KICKED_OUT: 'kickedOut',
  ERROR: 'error',
  NET_STATE_CHANGE: 'netStateChange',
  ALL_RECEIVE_MESSAGE_OPT_UPDATED: 'onAllReceiveMessageOptUpdated',
  SERVER_CONFIG_UPDATED: 'onServerConfigUpdated',
  PINNED_GROUP_MESSAGE_UPDATED: 'onPinnedGroupMessageUpdated',
} as const;

/** `TencentCloudChat.TYPES`. */
const TYPES = {
  MSG_TEXT: 'TIMTextElem',
  MSG_IMAGE: 'TIMImageElem',
  MSG_SOUND: 'TIMSoundElem',
  MSG_AUDIO: 'TIMSoundElem',
  MSG_FILE: 'TIMFileElem',
  MSG_FACE: 'TIMFaceElem',
  MSG_VIDEO: 'TIMVideoFileElem',
  MSG_GEO: 'TIMLocationElem',
  MSG_LOCATION: 'TIMLocationElem',
  MSG_GRP_TIP: 'TIMGroupTipElem',
  MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem',
  MSG_CUSTOM: 'TIMCustomElem',
  MSG_MERGER: 'TIMRelayElem',
  MSG_PRIORITY_HIGH: 'High',
  MSG_PRIORITY_NORMAL: 'Normal',
  MSG_PRIORITY_LOW: 'Low',
  MSG_PRIORITY_LOWEST: 'Lowest',
  CONV_C2C: 'C2C',
  CONV_GROUP: 'GROUP',
  CONV_TOPIC: 'TOPIC',
  CONV_SYSTEM: '@TIM#SYSTEM',
  CONV_AT_ME: 1,
  CONV_AT_ALL: 2,
  CONV_AT_ALL_AT_ME: 3,
  CONV_MARK_TYPE_STAR: 1,
  CONV_MARK_TYPE_UNREAD: 2,
  CONV_MARK_TYPE_FOLD: 4,
  CONV_MARK_TYPE_HIDE: 8,
  GRP_PRIVATE: 'Private',
  GRP_WORK: 'Private',
  GRP_PUBLIC: 'Public',
  GRP_CHATROOM: 'ChatRoom',
  GRP_MEETING: 'ChatRoom',
  GRP_AVCHATROOM: 'AVChatRoom',
  GRP_COMMUNITY: 'Community',
  GRP_ROOM: 'Room',
  GRP_LIVE: 'Live',
  GRP_MBR_ROLE_OWNER: 'Owner',
  GRP_MBR_ROLE_ADMIN: 'Admin',
  GRP_MBR_ROLE_MEMBER: 'Member',
  GRP_MBR_ROLE_CUSTOM: 'Custom',
  GRP_TIP_MBR_JOIN: 1,
  GRP_TIP_MBR_QUIT: 2,
  GRP_TIP_MBR_KICKED_OUT: 3,
  GRP_TIP_MBR_SET_ADMIN: 4,
  GRP_TIP_MBR_CANCELED_ADMIN: 5,
  GRP_TIP_GRP_PROFILE_UPDATED: 6,
  GRP_TIP_MBR_PROFILE_UPDATED: 7,
  GRP_TIP_BAN_AVCHATROOM_MEMBER: 10,
  GRP_TIP_UNBAN_AVCHATROOM_MEMBER: 11,
  MSG_REMIND_ACPT_AND_NOTE: 'AcceptAndNotify',
  MSG_REMIND_ACPT_NOT_NOTE: 'AcceptNotNotify',
  MSG_REMIND_DISCARD: 'Discard',
  RECEIVE_WITH_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt',
  NOT_RECEIVE_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt',
  NOT_RECEIVE_MSG_EXCEPT_AT: 'NotReceiveMsgExceptAt',
  GENDER_UNKNOWN: 'Gender_Type_Unknown',
  GENDER_FEMALE: 'Gender_Type_Female',
  GENDER_MALE: 'Gender_Type_Male',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  ALLOW_TYPE_ALLOW_ANY: 'AllowType_Type_AllowAny',
  ALLOW_TYPE_NEED_CONFIRM: 'AllowType_Type_NeedConfirm',
  ALLOW_TYPE_DENY_ANY: 'AllowType_Type_DenyAny',
  FORBID_TYPE_NONE: 'AdminForbid_Type_None',
  FORBID_TYPE_SEND_OUT: 'AdminForbid_Type_SendOut',
  JOIN_OPTIONS_FREE_ACCESS: 'FreeAccess',
  JOIN_OPTIONS_NEED_PERMISSION: 'NeedPermission',
  JOIN_OPTIONS_DISABLE_APPLY: 'DisableApply',
  JOIN_STATUS_SUCCESS: 'JoinedSuccess',
  JOIN_STATUS_ALREADY_IN_GROUP: 'AlreadyInGroup',
  JOIN_STATUS_WAIT_APPROVAL: 'WaitAdminApproval',
  INVITE_OPTIONS_DISABLE_INVITE: 'DisableInvite',
  INVITE_OPTIONS_NEED_PERMISSION: 'NeedPermission',
  INVITE_OPTIONS_FREE_ACCESS: 'FreeAccess',
  GRP_PROFILE_OWNER_ID: 'ownerID',
  GRP_PROFILE_CREATE_TIME: 'createTime',
  GRP_PROFILE_LAST_INFO_TIME: 'lastInfoTime',
  GRP_PROFILE_MEMBER_NUM: 'memberNum',
  GRP_PROFILE_MAX_MEMBER_NUM: 'maxMemberNum',
  GRP_PROFILE_JOIN_OPTION: 'joinOption',
  GRP_PROFILE_INVITE_OPTION: 'inviteOption',
  GRP_PROFILE_INTRODUCTION: 'introduction',
  GRP_PROFILE_NOTIFICATION: 'notification',
  GRP_PROFILE_MUTE_ALL_MBRS: 'muteAllMembers',
  SNS_ADD_TYPE_SINGLE: 'Add_Type_Single',
  SNS_ADD_TYPE_BOTH: 'Add_Type_Both',
  SNS_DELETE_TYPE_SINGLE: 'Delete_Type_Single',
  SNS_DELETE_TYPE_BOTH: 'Delete_Type_Both',
  SNS_APPLICATION_TYPE_BOTH: 'Pendency_Type_Both',
  SNS_APPLICATION_SENT_TO_ME: 'Pendency_Type_ComeIn',
  SNS_APPLICATION_SENT_BY_ME: 'Pendency_Type_SendOut',
  SNS_APPLICATION_AGREE: 'Response_Action_Agree',
  SNS_APPLICATION_AGREE_AND_ADD: 'Response_Action_AgreeAndAdd',
  SNS_CHECK_TYPE_BOTH: 'CheckResult_Type_Both',
  SNS_CHECK_TYPE_SINGLE: 'CheckResult_Type_Single',
  SNS_TYPE_NO_RELATION: 'CheckResult_Type_NoRelation',
  SNS_TYPE_A_WITH_B: 'CheckResult_Type_AWithB',
  SNS_TYPE_B_WITH_A: 'CheckResult_Type_BWithA',
  SNS_TYPE_BOTH_WAY: 'CheckResult_Type_BothWay',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  MSG_AT_ALL: '__kImSDK_MesssageAtALL__',
  READ_ALL_C2C_MSG: 'readAllC2CMessage',
  READ_ALL_GROUP_MSG: 'readAllGroupMessage',
  READ_ALL_MSG: 'readAllMessage',
  USER_STATUS_UNKNOWN: 0,
  USER_STATUS_ONLINE: 1,
  USER_STATUS_OFFLINE: 2,
  USER_STATUS_UNLOGINED: 3,
  IOS_OFFLINE_PUSH_NO_SOUND: 'push.no_sound',
  IOS_OFFLINE_PUSH_DEFAULT_SOUND: 'default',
} as const;

/** `TencentCloudChat.TSignaling`. */
const TSIGNALING = {
  NEW_INVITATION_RECEIVED: 'newInvitationReceived',
  INVITEE_ACCEPTED: 'ts_invitee_accepted',
  INVITEE_REJECTED: 'ts_invitee_rejected',
  INVITATION_CANCELLED: 'ts_invitation_cancelled',
  INVITATION_TIMEOUT: 'ts_invitation_timeout',
  INVITATION_MODIFIED: 'ts_invitation_modified',
  ACTION_TYPE_UNKNOWN: 0,
  ACTION_TYPE_INVITE: 1,
  ACTION_TYPE_CANCEL_INVITE: 2,
  ACTION_TYPE_ACCEPT_INVITE: 3,
  ACTION_TYPE_REJECT_INVITE: 4,
  ACTION_TYPE_INVITE_TIMEOUT: 5,
} as const;

/** Chat's signalling error codes (its ERROR_CODE): unknown invitation, not ours to answer. */
const SIGNALING_INVALID_INVITE_ID = 8010;
const SIGNALING_NO_PERMISSION = 8011;
/** How old an unread invitation found at login may be to still ring (the module's EXPIRED_TIME), s. */
const HISTORY_EXPIRED_S = 300;

/** TSignaling's envelope, as chat sends and stores it. */
interface SignalingData {
  businessID: number;
  timeout: number;
  data: string;
  inviteID: string;
  groupID: string;
  actionType: number;
  inviter: string;
  inviteeList: string[];
}

/** Options of `invite` (INVITE_OPTIONS of the d.ts). */
export interface FakeInviteOptions {
  userID: string;
  data?: string;
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: any;
}

/** Options of `inviteInGroup` (INVITE_IN_GROUP_OPTIONS). */
export interface FakeInviteInGroupOptions {
  groupID: string;
  inviteeList: Array<string>;
  data?: string;
  timeout?: number;
  onlineUserOnly?: boolean;
  offlinePushInfo?: any;
}

type SignalingHandler = (event: { name: string; data?: unknown }) => void;

/** A version-4 UUID, as the module's generateInviteID makes them. */
function newInviteId(): string {
  return crypto.randomUUID();
}

/** One fake chat instance (what `TencentCloudChat.create` returns). */
export class FakeChatInstance extends FakeTimInstance {
  private readonly signalingListeners = new Map<string, { handler: SignalingHandler; context: unknown }[]>();
  private readonly invites = new Map<string, SignalingData>();
  private readonly timers = new Set<ReturnType<typeof setInterval>>();

  constructor(options: FakeTimCreateOptions) {
    super(options);
    this.on(EVENT.SDK_READY, () => void this.pickUpHistory());
    this.on(EVENT.SDK_NOT_READY, () => this.resetSignaling());
  }

  /** Listens to a `TSignaling` event; handlers get `{ name, data }`. */
  addSignalingListener(eventName: string, handler: Function, context?: any): void {
    const list = this.signalingListeners.get(eventName) ?? [];
    list.push({ handler: handler as SignalingHandler, context });
    this.signalingListeners.set(eventName, list);
  }

  /** Stops listening. */
  removeSignalingListener(eventName: string, handler: Function, context?: any): void {
    const list = this.signalingListeners.get(eventName);
    const index = list?.findIndex((l) => l.handler === handler && (context === undefined || l.context === context)) ?? -1;
    if (index >= 0) list!.splice(index, 1);
  }

  /** Invites one user: resolves `{ code: 0, data: { message }, inviteID }`; the timer starts. */
  async invite(options: FakeInviteOptions): Promise<any> {
    if (!options?.userID) throw new FakeTimError(2000, 'invite: userID is required');
    const custom = this.inviteData(options, '', [options.userID]);
    const result = await this.sendSignaling(custom, options.userID, false, options);
    this.invites.set(custom.inviteID, custom);
    this.startTimer(custom);
    return { ...result, inviteID: custom.inviteID };
  }

  /** Invites members of a group, in the group's conversation. */
  async inviteInGroup(options: FakeInviteInGroupOptions): Promise<any> {
    if (!options?.groupID || !options.inviteeList?.length) throw new FakeTimError(2000, 'inviteInGroup: groupID and inviteeList are required');
    const custom = this.inviteData(options, options.groupID, [...options.inviteeList]);
    const result = await this.sendSignaling(custom, options.groupID, true, options);
    this.invites.set(custom.inviteID, custom);
    this.startTimer(custom);
    return { ...result, inviteID: custom.inviteID };
  }

  /** The inviter cancels its invitation (to all its invitees). */
  async cancel(options: { inviteID: string; data?: string }): Promise<any> {
    const info = this.invites.get(options?.inviteID);
    if (!info) throw new FakeTimError(SIGNALING_INVALID_INVITE_ID, 'cancel: unknown inviteID');
    if (info.inviter !== this.userID) throw new FakeTimError(SIGNALING_NO_PERMISSION, 'cancel: not the inviter');
    const custom = this.answerData(info, options, 2, info.inviter, info.inviteeList);
    const result = await this.sendSignaling(custom, info.groupID || info.inviteeList[0]!, !!info.groupID, {});
    this.invites.delete(info.inviteID);
    return { ...result, inviteID: info.inviteID };
  }

  /** An invitee accepts. */
  accept(options: { inviteID: string; data?: string }): Promise<any> {
    return this.answer(options, 3);
  }

  /** An invitee rejects. */
  reject(options: { inviteID: string; data?: string }): Promise<any> {
    return this.answer(options, 4);
  }

  /** The signalling a message carries, or null. */
  getSignalingInfo(message: any): any {
    const custom = this.signalingOf(message);
    if (!custom) return null;
    const { businessID = 1, inviteID, groupID = '', inviter = '', inviteeList = [], data = '', actionType = 1, timeout = 0 } = custom;
    return { businessID, inviteID, groupID, inviter, inviteeList, data, actionType, timeout };
  }

  /** @internal Messages arrive: MESSAGE_RECEIVED as for any message, then the signalling ones. */
  override receive(messages: CloudMessage[]): void {
    super.receive(messages);
    if (!this.isReady()) return;
    for (const message of messages) {
      const custom = this.signalingOf(message);
      if (custom) this.handle(custom, message);
    }
  }

  // ---------------------------------------------------------------- internals (the module's handlers)

  private inviteData(options: { data?: string; timeout?: number }, groupID: string, inviteeList: string[]): SignalingData {
    return { businessID: 1, timeout: options.timeout ?? 0, data: options.data ?? '', inviteID: newInviteId(), groupID, actionType: 1, inviter: this.userID, inviteeList };
  }

  private answerData(info: SignalingData, options: { data?: string }, actionType: number, inviter: string, inviteeList: string[]): SignalingData {
    return { businessID: 1, timeout: 0, data: options?.data ?? '', inviteID: info.inviteID, groupID: info.groupID, actionType, inviter, inviteeList };
  }

  private async answer(options: { inviteID: string; data?: string }, actionType: 3 | 4): Promise<any> {
    const info = this.invites.get(options?.inviteID);
    if (!info) throw new FakeTimError(SIGNALING_INVALID_INVITE_ID, 'accept/reject: unknown inviteID');
    if (!info.inviteeList.includes(this.userID)) throw new FakeTimError(SIGNALING_NO_PERMISSION, 'accept/reject: not an invitee');
    const custom = this.answerData(info, options, actionType, info.inviter, [this.userID]);
    const result = await this.sendSignaling(custom, info.groupID || info.inviter, !!info.groupID, {});
    if (actionType === 4) this.invites.delete(info.inviteID);
    else this.updateInvite(custom);
    return { ...result, inviteID: info.inviteID };
  }

  private sendSignaling(custom: SignalingData, to: string, group: boolean, options: { onlineUserOnly?: boolean; offlinePushInfo?: any }): Promise<any> {
    const message = this.createCustomMessage({ to, conversationType: group ? TYPES.CONV_GROUP : TYPES.CONV_C2C, priority: TYPES.MSG_PRIORITY_HIGH, payload: { data: JSON.stringify(custom) } });
    return this.sendMessage(message, {
      onlineUserOnly: !!options.onlineUserOnly,
      offlinePushInfo: options.offlinePushInfo,
      messageControlInfo: { excludedFromContentModeration: true, excludedFromUnreadCount: false, excludedFromLastMessage: false },
    });
  }

  private signalingOf(message: any): SignalingData | undefined {
    if (message?.type !== TYPES.MSG_CUSTOM || typeof message.payload?.data !== 'string') return undefined;
    try {
      const custom = JSON.parse(message.payload.data);
      return custom && typeof custom.inviteID === 'string' && typeof custom.actionType === 'number' ? custom : undefined;
    } catch {
      return undefined;
    }
  }

  private handle(custom: SignalingData, message: { time: number }): void {
    const base = { inviteID: custom.inviteID, inviter: custom.inviter, groupID: custom.groupID ?? '', data: custom.data || '' };
    const known = this.invites.has(custom.inviteID);
    switch (custom.actionType) {
      case 1: {
        const mine = custom.inviteeList.includes(this.userID);
        if (custom.groupID && !mine) return;
        if (known) return;
        let timeout = custom.timeout;
        const delta = (Date.now() - 1000 * message.time) / 1000;
        if (timeout > 0 && delta > 0 && timeout > delta) timeout -= delta;
        this.invites.set(custom.inviteID, { ...custom });
        this.emitSignaling(TSIGNALING.NEW_INVITATION_RECEIVED, { ...base, inviteeList: custom.inviteeList });
        if (custom.inviter !== this.userID) this.startTimer({ ...custom, timeout });
        return;
      }
      case 3:
      case 4:
        if (!known) return;
        this.updateInvite(custom);
        this.emitSignaling(custom.actionType === 3 ? TSIGNALING.INVITEE_ACCEPTED : TSIGNALING.INVITEE_REJECTED, { ...base, invitee: custom.inviteeList[0] });
        return;
      case 2:
        if (!known) return;
        this.invites.delete(custom.inviteID);
        this.emitSignaling(TSIGNALING.INVITATION_CANCELLED, base);
        return;
      case 5:
        if (!known) return;
        this.updateInvite(custom);
        this.emitSignaling(TSIGNALING.INVITATION_TIMEOUT, { ...base, inviteeList: custom.inviteeList, isSelfTimeout: false });
    }
  }

  /** The invitees in `custom` have answered: off the stored invitation (gone when none is left). */
  private updateInvite(custom: SignalingData): void {
    const info = this.invites.get(custom.inviteID);
    if (!info) return;
    info.inviteeList = info.inviteeList.filter((user) => !custom.inviteeList.includes(user));
    if (!info.inviteeList.length) this.invites.delete(custom.inviteID);
  }

  /** The module's timer: 1 s ticks up to `timeout` (the inviter's: + 5), then TIMEOUT if still unanswered. */
  private startTimer(custom: SignalingData): void {
    if (!(custom.timeout > 0)) return;
    const inviter = custom.inviter === this.userID;
    const end = inviter ? custom.timeout + 5 : custom.timeout;
    let ticks = 1;
    const timer = setInterval(() => {
      const pending = this.stillPending(custom.inviteID, inviter);
      if (ticks < end && pending) {
        ticks++;
        return;
      }
      clearInterval(timer);
      this.timers.delete(timer);
      if (pending) void this.sendTimeout(custom.inviteID, inviter).catch(() => undefined);
    }, 1000);
    this.timers.add(timer);
  }

  private stillPending(inviteID: string, inviter: boolean): boolean {
    const info = this.invites.get(inviteID);
    if (!info) return false;
    return inviter ? info.inviteeList.length > 0 : info.inviteeList.includes(this.userID);
  }

  private async sendTimeout(inviteID: string, inviter: boolean): Promise<void> {
    const info = this.invites.get(inviteID)!;
    const custom = this.answerData(info, info, 5, info.inviter, inviter ? info.inviteeList : [this.userID]);
    await this.sendSignaling(custom, inviter ? info.groupID || info.inviteeList[0]! : info.groupID || info.inviter, !!info.groupID, {});
    this.emitSignaling(TSIGNALING.INVITATION_TIMEOUT, { data: custom.data, groupID: custom.groupID, inviteID, inviteeList: custom.inviteeList, inviter: custom.inviter, isSelfTimeout: true });
    if (inviter) this.invites.delete(inviteID);
    else this.updateInvite(custom);
  }

  /** At login: the unanswered invitations to us of the last 300 s, from unread conversations, ring. */
  private async pickUpHistory(): Promise<void> {
    try {
      const now = Date.now() / 1000;
      const { data } = await this.getConversationList();
      const messages: CloudMessage[] = [];
      for (const conversation of data.conversationList) {
        if (!conversation.unreadCount || !(conversation.lastMessage?.lastTime > now - HISTORY_EXPIRED_S)) continue;
        const list = await this.getMessageList({ conversationID: conversation.conversationID, count: 15 });
        messages.push(...list.data.messageList.filter((m: CloudMessage) => this.signalingOf(m) && m.time > now - HISTORY_EXPIRED_S));
      }
      messages.sort((a, b) => a.time - b.time);
      const answered = new Set(messages.map((m) => this.signalingOf(m)!).filter((c) => c.actionType !== 1).map((c) => c.inviteID));
      for (const message of messages) {
        const custom = this.signalingOf(message)!;
        if (custom.actionType === 1 && !answered.has(custom.inviteID) && custom.inviter !== this.userID) this.handle(custom, message);
      }
    } catch {
      // Logged out meanwhile: nothing to ring.
    }
  }

  private resetSignaling(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    this.invites.clear();
  }

  private emitSignaling(name: string, data: unknown): void {
    for (const { handler, context } of [...(this.signalingListeners.get(name) ?? [])]) {
      try {
        handler.call(context, { name, data });
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}

/** The fake `TencentCloudChat`: `create({ SDKAppID })` gives a {@link FakeChatInstance}. */
const FakeChat = {
  /** Creates an instance on the page's fake cloud (nothing connects until login). */
  create(options: FakeTimCreateOptions): FakeChatInstance {
    return new FakeChatInstance(options);
  },
  EVENT,
  TYPES,
  TSignaling: TSIGNALING,
  VERSION: '3.6.6-fake',
};

export default FakeChat;
