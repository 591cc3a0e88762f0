// A fake of tim-js-sdk 2.x (Tencent Chat / IM for the web) on the page's fake cloud
// (./cloud.ts). Default export shaped like the real `TIM` (static `create`, `EVENT`, `TYPES`
// with the real constant values); instances implement what tsignaling 1.0.8 and
// trtc-calling-js 1.0.6 call (login, logout, on/off, createCustomMessage, sendMessage in C2C and
// group conversations, getConversationList + getMessageList for tsignaling's pickup of
// invitations sent while offline, joinGroup/quitGroup, setLogLevel) and what a plain app uses
// (createTextMessage, createGroup, setMessageRead, destroy...). Events come as `{ name, data }`
// like the real SDK's; delivery is on a later task, like a network.
import { type CloudMessage, type FakeNetState, type TimEndpoint, TIM_ERROR, fakeCloud } from './cloud.js';

/** `TIM.EVENT`, values as in tim-js-sdk 2.27. */
const EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  MESSAGE_RECEIVED: 'onMessageReceived',
  MESSAGE_MODIFIED: 'onMessageModified',
  MESSAGE_REVOKED: 'onMessageRevoked',
  MESSAGE_READ_BY_PEER: 'onMessageReadByPeer',
  MESSAGE_READ_RECEIPT_RECEIVED: 'onMessageReadReceiptReceived',
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
  KICKED_OUT: 'kickedOut',
  ERROR: 'error',
  NET_STATE_CHANGE: 'netStateChange',
} as const;

/** `TIM.TYPES`, values as in tim-js-sdk 2.27. */
const TYPES = {
  MSG_TEXT: 'TIMTextElem', MSG_IMAGE: 'TIMImageElem', MSG_AUDIO: 'TIMSoundElem', MSG_FILE: 'TIMFileElem',
  MSG_FACE: 'TIMFaceElem', MSG_VIDEO: 'TIMVideoFileElem', MSG_LOCATION: 'TIMLocationElem',
  MSG_GRP_TIP: 'TIMGroupTipElem', MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem', MSG_CUSTOM: 'TIMCustomElem',
  MSG_MERGER: 'TIMRelayElem',
  MSG_PRIORITY_HIGH: 'High', MSG_PRIORITY_NORMAL: 'Normal', MSG_PRIORITY_LOW: 'Low', MSG_PRIORITY_LOWEST: 'Lowest',
  CONV_C2C: 'C2C', CONV_GROUP: 'GROUP', CONV_TOPIC: 'TOPIC', CONV_SYSTEM: '@TIM#SYSTEM',
  CONV_AT_ME: 1, CONV_AT_ALL: 2, CONV_AT_ALL_AT_ME: 3,
  CONV_MARK_TYPE_STAR: 0x1, CONV_MARK_TYPE_UNREAD: 0x2, CONV_MARK_TYPE_FOLD: 0x3, CONV_MARK_TYPE_HIDE: 0x4,
  GRP_WORK: 'Private', GRP_PUBLIC: 'Public', GRP_MEETING: 'ChatRoom', GRP_AVCHATROOM: 'AVChatRoom', GRP_COMMUNITY: 'Community',
  GRP_MBR_ROLE_OWNER: 'Owner', GRP_MBR_ROLE_ADMIN: 'Admin', GRP_MBR_ROLE_MEMBER: 'Member', GRP_MBR_ROLE_CUSTOM: 'Custom',
  GRP_TIP_MBR_JOIN: 1, GRP_TIP_MBR_QUIT: 2, GRP_TIP_MBR_KICKED_OUT: 3, GRP_TIP_MBR_SET_ADMIN: 4,
  GRP_TIP_MBR_CANCELED_ADMIN: 5, GRP_TIP_GRP_PROFILE_UPDATED: 6, GRP_TIP_MBR_PROFILE_UPDATED: 7,
  GRP_TIP_BAN_AVCHATROOM_MEMBER: 10, GRP_TIP_UNBAN_AVCHATROOM_MEMBER: 11,
  MSG_REMIND_ACPT_AND_NOTE: 'AcceptAndNotify', MSG_REMIND_ACPT_NOT_NOTE: 'AcceptNotNotify', MSG_REMIND_DISCARD: 'Discard',
  GENDER_UNKNOWN: 'Gender_Type_Unknown', GENDER_FEMALE: 'Gender_Type_Female', GENDER_MALE: 'Gender_Type_Male',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount', KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired', KICKED_OUT_REST_API: 'REST_API_Kick',
  ALLOW_TYPE_ALLOW_ANY: 'AllowType_Type_AllowAny', ALLOW_TYPE_NEED_CONFIRM: 'AllowType_Type_NeedConfirm',
  ALLOW_TYPE_DENY_ANY: 'AllowType_Type_DenyAny',
  FORBID_TYPE_NONE: 'AdminForbid_Type_None', FORBID_TYPE_SEND_OUT: 'AdminForbid_Type_SendOut',
  JOIN_OPTIONS_FREE_ACCESS: 'FreeAccess', JOIN_OPTIONS_NEED_PERMISSION: 'NeedPermission', JOIN_OPTIONS_DISABLE_APPLY: 'DisableApply',
  JOIN_STATUS_SUCCESS: 'JoinedSuccess', JOIN_STATUS_ALREADY_IN_GROUP: 'AlreadyInGroup', JOIN_STATUS_WAIT_APPROVAL: 'WaitAdminApproval',
  INVITE_OPTIONS_FREE_ACCESS: 'FreeAccess', INVITE_OPTIONS_NEED_PERMISSION: 'NeedPermission', INVITE_OPTIONS_DISABLE_INVITE: 'DisableInvite',
  GRP_PROFILE_OWNER_ID: 'ownerID', GRP_PROFILE_CREATE_TIME: 'createTime', GRP_PROFILE_LAST_INFO_TIME: 'lastInfoTime',
  GRP_PROFILE_MEMBER_NUM: 'memberNum', GRP_PROFILE_MAX_MEMBER_NUM: 'maxMemberNum', GRP_PROFILE_JOIN_OPTION: 'joinOption',
  GRP_PROFILE_INVITE_OPTION: 'inviteOption', GRP_PROFILE_INTRODUCTION: 'introduction', GRP_PROFILE_NOTIFICATION: 'notification',
  GRP_PROFILE_MUTE_ALL_MBRS: 'muteAllMembers',
  SNS_ADD_TYPE_SINGLE: 'Add_Type_Single', SNS_ADD_TYPE_BOTH: 'Add_Type_Both',
  SNS_DELETE_TYPE_SINGLE: 'Delete_Type_Single', SNS_DELETE_TYPE_BOTH: 'Delete_Type_Both',
  SNS_APPLICATION_TYPE_BOTH: 'Pendency_Type_Both', SNS_APPLICATION_SENT_TO_ME: 'Pendency_Type_ComeIn',
  SNS_APPLICATION_SENT_BY_ME: 'Pendency_Type_SendOut', SNS_APPLICATION_AGREE: 'Response_Action_Agree',
  SNS_APPLICATION_AGREE_AND_ADD: 'Response_Action_AgreeAndAdd', SNS_CHECK_TYPE_BOTH: 'CheckResult_Type_Both',
  SNS_CHECK_TYPE_SINGLE: 'CheckResult_Type_Single', SNS_TYPE_NO_RELATION: 'CheckResult_Type_NoRelation',
  SNS_TYPE_A_WITH_B: 'CheckResult_Type_AWithB', SNS_TYPE_B_WITH_A: 'CheckResult_Type_BWithA',
  SNS_TYPE_BOTH_WAY: 'CheckResult_Type_BothWay',
  NET_STATE_CONNECTED: 'connected', NET_STATE_CONNECTING: 'connecting', NET_STATE_DISCONNECTED: 'disconnected',
  MSG_AT_ALL: '__kImSDK_MesssageAtALL__',
  READ_ALL_C2C_MSG: 'readAllC2CMessage', READ_ALL_GROUP_MSG: 'readAllGroupMessage', READ_ALL_MSG: 'readAllMessage',
  USER_STATUS_UNKNOWN: 0, USER_STATUS_ONLINE: 1, USER_STATUS_OFFLINE: 2, USER_STATUS_UNLOGINED: 3,
} as const;

/** An error as tim-js-sdk rejects with: an Error carrying `code` and `data`. */
export class FakeTimError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data: unknown = {}) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

/** Options of `TIM.create`. */
export interface FakeTimCreateOptions {
  SDKAppID: number;
  oversea?: boolean;
}

/**
 * Options of createCustomMessage / createTextMessage. The d.ts types `conversationType` and
 * `priority` as the whole `TIM.TYPES` enum (strings and numbers), so they are taken as given.
 */
export interface FakeMessageOptions {
  to: string;
  conversationType: string | number;
  priority?: string | number;
  payload: any;
  cloudCustomData?: string;
  needReadReceipt?: boolean;
}

type Handler = (event: { name: string; data?: unknown }) => void;

let messageCounter = 0;

/** One fake TIM instance (what `TIM.create` returns). */
export class FakeTimInstance implements TimEndpoint {
  readonly sdkAppID: number;
  userID = '';
  userSig = '';
  private readonly listeners = new Map<string, { handler: Handler; context: unknown }[]>();
  private ready = false;
  private destroyed = false;
  /** The level last given to setLogLevel. */
  logLevel = 0;
  /** Network state as this instance last saw it. */
  private net: FakeNetState = 'connected';

  constructor(options: FakeTimCreateOptions) {
    if (!options || !options.SDKAppID) throw new FakeTimError(2000, 'TIM.create: SDKAppID is required');
    this.sdkAppID = Number(options.SDKAppID);
  }

  /** Whether SDK_READY fired and no SDK_NOT_READY since (a test convenience, not in the real SDK). */
  isReady(): boolean {
    return this.ready;
  }

  // ---------------------------------------------------------------- identity

  /**
   * Logs in: any non-empty userSig not expired by the cloud; SDK_READY follows on a later task.
   * Like the real SDK's, a login while logged in (as anyone) changes nothing and resolves with
   * `repeatLogin: true` (no SDK_READY): log out first to switch users.
   */
  async login(options: { userID: string; userSig: string }): Promise<any> {
    this.assertAlive();
    const { userID, userSig } = options ?? ({} as { userID: string; userSig: string });
    if (!userID) throw new FakeTimError(2002, 'login: userID is required');
    if (!userSig) throw new FakeTimError(TIM_ERROR.NO_USERSIG, 'login: userSig is required');
    await tick();
    const cloud = fakeCloud();
    if (this.userID && cloud.isLoggedIn(this)) return { code: 0, data: { repeatLogin: true, errorInfo: `${this.userID} is logged in already` } };
    if (cloud.isExpired(userID, userSig)) throw new FakeTimError(TIM_ERROR.ACCOUNT_A2KEY_EXPIRED, 'userSig expired, please log in again with a new userSig');
    if (cloud.networkOf(userID) === 'disconnected') throw new FakeTimError(TIM_ERROR.NETWORK_ERROR, 'network unavailable');
    this.userID = userID;
    this.userSig = userSig;
    cloud.login(this);
    setTimeout(() => {
      if (!cloud.isLoggedIn(this) || this.ready) return;
      this.ready = true;
      this.emit(EVENT.SDK_READY);
    }, 0);
    return { code: 0, data: { repeatLogin: false, errorInfo: '' } };
  }

  /** Logs out (SDK_NOT_READY follows if it was ready). */
  async logout(): Promise<any> {
    this.assertAlive();
    fakeCloud().logout(this);
    await tick();
    this.goNotReady();
    this.userID = '';
    this.userSig = '';
    return { code: 0, data: {} };
  }

  /** Logs out and drops every listener; the instance cannot be used again. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    fakeCloud().logout(this);
    this.goNotReady();
    this.destroyed = true;
    this.listeners.clear();
  }

  /** Listens: handlers get `{ name, data }` like the real SDK's. */
  on(eventName: string, handler: Function, context?: any): void {
    const list = this.listeners.get(eventName) ?? [];
    list.push({ handler: handler as Handler, context });
    this.listeners.set(eventName, list);
  }

  /** Stops listening. */
  off(eventName: string, handler: Function, context?: any): void {
    const list = this.listeners.get(eventName);
    if (!list) return;
    const index = list.findIndex((l) => l.handler === handler && (context === undefined || l.context === context));
    if (index >= 0) list.splice(index, 1);
  }

  /** Log level 0 (all) – 4 (none); the fake logs nothing whatever the level. */
  setLogLevel(level: number): void {
    this.logLevel = level;
  }

  /** Plugins (upload, etc.): accepted and ignored. */
  registerPlugin(_options: object): void {}

  // ---------------------------------------------------------------- messages

  /** A custom message (`payload: { data, description, extension }`), to send with sendMessage. */
  createCustomMessage(options: FakeMessageOptions): any {
    const payload = { data: options.payload?.data ?? '', description: options.payload?.description ?? '', extension: options.payload?.extension ?? '' };
    return this.createMessage(TYPES.MSG_CUSTOM, options, payload);
  }

  /** A text message (`payload: { text }`). */
  createTextMessage(options: FakeMessageOptions): any {
    return this.createMessage(TYPES.MSG_TEXT, options, { text: String(options.payload?.text ?? '') });
  }

  /**
   * Sends a message: resolves `{ code: 0, data: { message } }` with the message marked sent, or
   * rejects with a TIM error (not logged in, network down, unknown group, not a member).
   */
  async sendMessage(message: any, options?: any): Promise<any> {
    this.assertReady();
    const cloud = fakeCloud();
    if (cloud.networkOf(this.userID) === 'disconnected') {
      message.status = 'fail';
      throw new FakeTimError(TIM_ERROR.NETWORK_ERROR, 'network unavailable');
    }
    await tick();
    message.status = 'success';
    message.time = Math.floor(Date.now() / 1000);
    message.sequence = cloud.nextSequence();
    message._onlineOnlyFlag = !!options?.onlineUserOnly;
    try {
      cloud.send(this, { ...message }, options ?? {});
    } catch (error) {
      message.status = 'fail';
      const { code, message: text } = error as { code: number; message: string };
      throw new FakeTimError(code, text);
    }
    return { code: 0, data: { message } };
  }

  /** The user's conversations (`{ code: 0, data: { conversationList, isSyncCompleted } }`). */
  async getConversationList(): Promise<any> {
    this.assertReady();
    await tick();
    return { code: 0, data: { conversationList: fakeCloud().conversationList(this.sdkAppID, this.userID), isSyncCompleted: true } };
  }

  /** The newest `count` (max 15) messages of a conversation, oldest first. */
  async getMessageList(options: { conversationID: string; nextReqMessageID?: string; count?: number }): Promise<any> {
    this.assertReady();
    if (!options?.conversationID) throw new FakeTimError(2000, 'getMessageList: conversationID is required');
    await tick();
    const count = Math.min(15, options.count ?? 15);
    const messageList = fakeCloud().messageList(this.sdkAppID, this.userID, options.conversationID, count);
    return { code: 0, data: { messageList, nextReqMessageID: '', isCompleted: true } };
  }

  /** Marks a conversation read (its unreadCount drops to 0). */
  async setMessageRead(options: { conversationID: string }): Promise<any> {
    this.assertReady();
    fakeCloud().markRead(this.sdkAppID, this.userID, options.conversationID);
    return { code: 0, data: {} };
  }

  // ---------------------------------------------------------------- groups

  /** Creates a group with the caller and `memberList` as members. */
  async createGroup(options: { name: string; type?: string | number; groupID?: string; memberList?: { userID: string }[] }): Promise<any> {
    this.assertReady();
    const groupID = options.groupID || `@TGS#fake${fakeCloud().nextSequence()}`;
    fakeCloud().createGroup(groupID, [this.userID, ...(options.memberList ?? []).map((m) => m.userID)]);
    await tick();
    return { code: 0, data: { group: { groupID, name: options.name, type: options.type ?? TYPES.GRP_WORK, ownerID: this.userID } } };
  }

  /** Joins a group (created on the fly when it does not exist yet, as an AVChatRoom would be). */
  async joinGroup(options: { groupID: string; applyMessage?: string; type?: string | number }): Promise<any> {
    this.assertReady();
    const cloud = fakeCloud();
    const already = cloud.groupMembers(options.groupID)?.includes(this.userID) ?? false;
    cloud.createGroup(options.groupID, [this.userID]);
    await tick();
    return { code: 0, data: { status: already ? TYPES.JOIN_STATUS_ALREADY_IN_GROUP : TYPES.JOIN_STATUS_SUCCESS, group: { groupID: options.groupID } } };
  }

  /** Leaves a group. */
  async quitGroup(groupID: string): Promise<any> {
    this.assertReady();
    const members = fakeCloud().groupMembers(groupID);
    if (!members) throw new FakeTimError(TIM_ERROR.GROUP_NOT_FOUND, `group ${groupID} does not exist`);
    fakeCloud().leaveGroup(groupID, this.userID);
    await tick();
    return { code: 0, data: { groupID } };
  }

  /** Members of a group (userID only). */
  async getGroupMemberList(options: { groupID: string; count?: number; offset?: number }): Promise<any> {
    this.assertReady();
    const members = fakeCloud().groupMembers(options.groupID);
    if (!members) throw new FakeTimError(TIM_ERROR.GROUP_NOT_FOUND, `group ${options.groupID} does not exist`);
    await tick();
    return { code: 0, data: { memberList: members.map((userID) => ({ userID, nick: '', avatar: '', role: TYPES.GRP_MBR_ROLE_MEMBER, joinTime: 0, nameCard: '', muteUntil: 0, memberCustomField: [] })) } };
  }

  /** The caller's profile (userID only). */
  async getMyProfile(): Promise<any> {
    this.assertReady();
    return { code: 0, data: { userID: this.userID, nick: '', avatar: '' } };
  }

  /**
   * The SDK's experimental switches, answered as for a paid account: TUICallEngine asks
   * `isCommercialAbilityEnabled` (reading `data.enabled`) before a call and refuses without the
   * TUICallKit package; its call reports (`sendTRTCCustomData`) are accepted and dropped.
   * Declared in @tencentcloud/chat's d.ts; tim-js-sdk 2.27 has it at run time only (its d.ts lacks it).
   */
  async callExperimentalAPI(key: string, _options?: any): Promise<any> {
    this.assertReady();
    return { code: 0, data: key === 'isCommercialAbilityEnabled' ? { enabled: true } : {} };
  }

  // ---------------------------------------------------------------- TimEndpoint (called by the cloud)

  /** @internal */
  receive(messages: CloudMessage[]): void {
    // Dropped once logged out or kicked, like a closed connection would.
    if (!this.ready || this.destroyed || !fakeCloud().isLoggedIn(this)) return;
    this.emit(EVENT.MESSAGE_RECEIVED, messages);
  }

  /** @internal */
  kickedOut(type: string): void {
    this.emit(EVENT.KICKED_OUT, { type });
    this.goNotReady();
  }

  /** @internal */
  netState(state: FakeNetState): void {
    if (state === this.net) return;
    this.net = state;
    this.emit(EVENT.NET_STATE_CHANGE, { state });
  }

  // ---------------------------------------------------------------- internals

  private createMessage(type: string, options: FakeMessageOptions, payload: unknown): CloudMessage {
    if (!options?.to) throw new FakeTimError(2000, 'createMessage: "to" is required');
    const conversationType = String(options.conversationType || TYPES.CONV_C2C);
    const random = Math.floor(Math.random() * 2 ** 32);
    const clientSequence = ++messageCounter;
    return {
      ID: `${conversationType === TYPES.CONV_GROUP ? 'GROUP' : 'C2C'}${options.to}-${clientSequence}-${random}`,
      type,
      payload,
      conversationID: `${conversationType}${options.to}`,
      conversationType,
      to: options.to,
      from: this.userID,
      flow: 'out',
      time: Math.floor(Date.now() / 1000),
      status: 'unSend',
      isRevoked: false,
      priority: String(options.priority ?? TYPES.MSG_PRIORITY_NORMAL),
      nick: '',
      avatar: '',
      isPeerRead: false,
      nameCard: '',
      atUserList: [],
      cloudCustomData: options.cloudCustomData ?? '',
      isDeleted: false,
      isModified: false,
      needReadReceipt: !!options.needReadReceipt,
      readReceiptInfo: {},
      isBroadcastMessage: false,
      _onlineOnlyFlag: false,
      sequence: 0,
      random,
      clientSequence,
      protocol: 'JSON',
    };
  }

  private goNotReady(): void {
    if (!this.ready) return;
    this.ready = false;
    this.emit(EVENT.SDK_NOT_READY);
  }

  protected emit(name: string, data?: unknown): void {
    for (const { handler, context } of [...(this.listeners.get(name) ?? [])]) {
      try {
        handler.call(context, data === undefined ? { name } : { name, data });
      } catch (error) {
        // The real SDK swallows listener errors too; surface them without breaking delivery.
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }

  private assertAlive(): void {
    if (this.destroyed) throw new FakeTimError(TIM_ERROR.SDK_IS_NOT_READY, 'the instance was destroyed');
  }

  private assertReady(): void {
    this.assertAlive();
    if (!this.userID || !fakeCloud().isLoggedIn(this)) throw new FakeTimError(TIM_ERROR.USER_NOT_LOGGED_IN, 'not logged in');
  }
}

/** The fake `TIM`: `TIM.create({ SDKAppID })` gives a {@link FakeTimInstance}. */
const FakeTIM = {
  /** Creates an instance on the page's fake cloud (nothing connects until login). */
  create(options: FakeTimCreateOptions): FakeTimInstance {
    return new FakeTimInstance(options);
  },
  EVENT,
  TYPES,
  VERSION: '2.27.6-fake',
};

export default FakeTIM;

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
