/**
 * Codec for the call signals Tencent's web clients exchange over TIM custom
 * messages (TSignaling 1.0.8 envelopes carrying TRTCCalling 1.0.6 `av_call`
 * data). Pure: no SDK, no DOM. See docs/trtc-protocol.md for the protocol as
 * verified against the real packages.
 */

/** TSignaling's actionType. */
export type SignalAction = 'invite' | 'cancel' | 'accept' | 'reject' | 'timeout'; // 1..5

/** The call command inside an INVITE's data (ACCEPT/REJECT/CANCEL/TIMEOUT echo one too). */
export type CallCommand = 'audioCall' | 'videoCall' | 'hangup' | 'switchToAudio' | 'switchToVideo';

/** One decoded signal (envelope + inner data). */
export interface Signal {
  /** The invitation's id; CANCEL/ACCEPT/REJECT/TIMEOUT reuse the INVITE's. */
  inviteId: string;
  /** Who sent the INVITE (also on the answers, which the invitees send). */
  inviter: string;
  action: SignalAction;
  /** INVITE/CANCEL: the invitees; ACCEPT/REJECT and an invitee's TIMEOUT: the sender alone. */
  invitees: string[];
  /** '' for one-to-one. */
  groupId: string;
  /** Seconds the invitation rings: 30 from TRTCCalling on call and mode-switch INVITEs, 0 on hang-up INVITEs and every other action. */
  timeout: number;
  /** call_type. On a mode switch it is the type *before* the switch (the receiver decides the direction from it). */
  callType: 'audio' | 'video';
  /** data.cmd (derived from the legacy fields for version 0). */
  cmd?: CallCommand;
  /** room_id of call and mode-switch INVITEs (and of a TIMEOUT, which repeats the INVITE's data). */
  roomId?: number;
  /** data.userIDs of call INVITEs sent one-to-one (absent on INVITEs to an IM group). */
  userIds?: string[];
  /** REJECT: whether it is the busy answer (line_busy / data.message 'lineBusy'). */
  busy?: boolean;
  /** Hang-up INVITE: call_end, the call's duration in seconds. */
  callEnd?: number;
  /** Inner format version: decoded as sent (4, or 0 for the legacy format); encode always writes 4. */
  version: number;
  /**
   * data.rejoins, ours (not TRTCCalling's): the sender keeps a call while a peer leaves its room
   * and enters again, and may do so itself (a call-elements phone moving a call between its
   * tabs, see `rejoin.ts`). Tencent's clients neither send nor read it.
   */
  rejoins?: boolean;
}

/** The TIM custom message payload a signal travels in. */
export interface SignalPayload {
  data: string;
  description: string;
  extension: string;
}

/** Limits applied when decoding untrusted payloads. */
export const SIGNAL_LIMITS = {
  /** Longest accepted payload.data (and inner data) string, in UTF-16 units. */
  dataLength: 64 * 1024,
  /** Most invitees / userIDs accepted in one signal. */
  invitees: 100,
  /** Longest accepted id (invite, user, group). */
  idLength: 128,
  /** Largest accepted timeout, seconds. */
  timeout: 86_400,
  /** Largest accepted call_end, seconds. */
  callEnd: 2 ** 31 - 1,
  /** Largest TRTC numeric room id. */
  roomId: 4_294_967_294,
} as const;

const ACTIONS: readonly SignalAction[] = ['invite', 'cancel', 'accept', 'reject', 'timeout'];
const COMMANDS: readonly CallCommand[] = ['audioCall', 'videoCall', 'hangup', 'switchToAudio', 'switchToVideo'];
const BUSINESS = 'av_call';
const SWITCH_TO_AUDIO_MARK = 'switch_to_audio_call';
const LINE_BUSY = 'line_busy';
const BUSY_MESSAGE = 'lineBusy';

function callCmd(callType: 'audio' | 'video'): CallCommand {
  return callType === 'video' ? 'videoCall' : 'audioCall';
}

/** Encodes a signal exactly as TSignaling + TRTCCalling put it on the wire (inner version 4). */
export function encodeSignal(signal: Signal): SignalPayload {
  const cmd = signal.cmd ?? callCmd(signal.callType);
  const inner: Record<string, unknown> = { extraInfo: '', version: 4, call_type: signal.callType === 'video' ? 2 : 1 };
  if (signal.roomId !== undefined) inner.room_id = signal.roomId;
  if (signal.callEnd !== undefined) inner.call_end = signal.callEnd;
  if (cmd === 'switchToAudio' && (signal.action === 'invite' || signal.action === 'accept')) inner.switch_to_audio_call = SWITCH_TO_AUDIO_MARK;
  const busy = signal.action === 'reject' && signal.busy === true;
  if (busy) inner.line_busy = LINE_BUSY;
  inner.businessID = BUSINESS;
  inner.platform = 'Web';
  const data: Record<string, unknown> = { cmd };
  if (signal.roomId !== undefined) data.room_id = signal.roomId;
  data.message = busy ? BUSY_MESSAGE : '';
  if (signal.userIds !== undefined) data.userIDs = [...signal.userIds];
  if (signal.rejoins) data.rejoins = true;
  inner.data = data;
  const envelope: Record<string, unknown> = {
    businessID: 1,
    inviteID: signal.inviteId,
    inviter: signal.inviter,
    actionType: ACTIONS.indexOf(signal.action) + 1,
    inviteeList: [...signal.invitees],
    data: JSON.stringify(inner),
    timeout: signal.action === 'invite' ? signal.timeout : 0,
    groupID: signal.groupId,
  };
  if (signal.action === 'invite') envelope.onlineUserOnly = false;
  return { data: JSON.stringify(envelope), description: '', extension: '' };
}

type Json = Record<string, unknown>;

function own(obj: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(text: unknown): Json | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > SIGNAL_LIMITS.dataLength) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) ? value : undefined;
}

function id(value: unknown, allowEmpty = false): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 0) return allowEmpty ? '' : undefined;
  if (value.length > SIGNAL_LIMITS.idLength || /[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

function ids(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > SIGNAL_LIMITS.invitees) return undefined;
  const result: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const one = id(value[i]);
    if (one === undefined) return undefined;
    result.push(one);
  }
  return result;
}

function integer(value: unknown, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
}

function roomIdOf(value: unknown): number | undefined {
  if (typeof value === 'string' && /^[0-9]{1,10}$/.test(value)) value = Number(value);
  const room = integer(value, SIGNAL_LIMITS.roomId);
  return room !== undefined && room > 0 ? room : undefined;
}

/** undefined for anything that is not a TSignaling signal of the av_call business, or malformed; never throws. */
export function decodeSignal(payload: { data?: unknown } | undefined): Signal | undefined {
  try {
    return decode(payload);
  } catch {
    return undefined;
  }
}

function decode(payload: { data?: unknown } | undefined): Signal | undefined {
  if (!isObject(payload)) return undefined;
  const envelope = parseObject(payload.data);
  if (!envelope || own(envelope, 'businessID') !== 1) return undefined;
  const actionType = own(envelope, 'actionType');
  if (typeof actionType !== 'number' || !Number.isInteger(actionType) || actionType < 1 || actionType > 5) return undefined;
  const action = ACTIONS[actionType - 1]!;
  const inviteId = id(own(envelope, 'inviteID'));
  const inviter = id(own(envelope, 'inviter'));
  const invitees = ids(own(envelope, 'inviteeList'));
  if (inviteId === undefined || inviter === undefined || invitees === undefined || invitees.length === 0) return undefined;
  const rawGroup = own(envelope, 'groupID');
  const groupId = rawGroup === undefined || rawGroup === null ? '' : id(rawGroup, true);
  if (groupId === undefined) return undefined;
  const rawTimeout = own(envelope, 'timeout');
  const timeout = rawTimeout === undefined || rawTimeout === null ? 0 : integer(rawTimeout, SIGNAL_LIMITS.timeout);
  if (timeout === undefined) return undefined;

  const inner = parseObject(own(envelope, 'data'));
  if (!inner) return undefined;
  const rawVersion = own(inner, 'version');
  const version = rawVersion === undefined ? 0 : integer(rawVersion, 1000);
  if (version === undefined) return undefined;
  const business = own(inner, 'businessID');
  // The legacy (version 0) format has no businessID; anything else must be av_call.
  if (business === undefined ? version !== 0 : business !== BUSINESS) return undefined;
  const rawData = own(inner, 'data');
  const data: Json = isObject(rawData) ? rawData : {};

  const rawCmd = own(data, 'cmd');
  let cmd = typeof rawCmd === 'string' && (COMMANDS as readonly string[]).includes(rawCmd) ? (rawCmd as CallCommand) : undefined;
  const rawCallType = own(inner, 'call_type');
  const callType: 'audio' | 'video' = rawCallType === 2 ? 'video' : rawCallType === 1 ? 'audio' : cmd === 'videoCall' ? 'video' : 'audio';
  const roomId = roomIdOf(own(inner, 'room_id')) ?? roomIdOf(own(data, 'room_id'));
  const callEnd = integer(own(inner, 'call_end'), SIGNAL_LIMITS.callEnd);
  const userIds = ids(own(data, 'userIDs'));

  if (action === 'invite') {
    const isGroup = groupId !== '' || invitees.length >= 2 || (userIds?.length ?? 0) >= 2;
    // TRTCCalling's reading of an INVITE: an explicit hangup; else (legacy) a call_end, or a group INVITE without room.
    if (cmd !== 'hangup' && cmd !== 'switchToAudio' && cmd !== 'switchToVideo') {
      if (callEnd !== undefined || (isGroup && roomId === undefined)) cmd = 'hangup';
      else if (own(inner, 'switch_to_audio_call') === SWITCH_TO_AUDIO_MARK) cmd = 'switchToAudio';
      else cmd ??= callCmd(callType);
    }
    if ((cmd === 'audioCall' || cmd === 'videoCall' || cmd === 'switchToAudio' || cmd === 'switchToVideo') && roomId === undefined) return undefined;
  } else if (cmd === undefined && own(inner, 'switch_to_audio_call') === SWITCH_TO_AUDIO_MARK) {
    cmd = 'switchToAudio';
  }

  const signal: Signal = { inviteId, inviter, action, invitees, groupId, timeout, callType, version };
  if (cmd !== undefined) signal.cmd = cmd;
  if (roomId !== undefined && cmd !== 'hangup') signal.roomId = roomId;
  if (userIds !== undefined) signal.userIds = userIds;
  if (action === 'reject') {
    const lineBusy = own(inner, 'line_busy');
    signal.busy = lineBusy === LINE_BUSY || lineBusy === '' || own(data, 'message') === BUSY_MESSAGE;
  }
  if (cmd === 'hangup') signal.callEnd = callEnd ?? 0;
  if (own(data, 'rejoins') === true) signal.rejoins = true;
  return signal;
}

/**
 * The onlineUserOnly flag of the TIM sendMessage carrying this signal. TSignaling
 * sends an INVITE with false and every later signal with the invitation's own flag,
 * so as TRTCCalling uses it every signal is sent with false (all stay in history,
 * which is what lets a late login see that an invitation was already answered).
 */
export function onlineUserOnly(signal: Signal): boolean {
  void signal;
  return false;
}

/** What an offline invitee's push notification says (TSignaling's `offlinePushInfo` title and description). */
export interface PushText {
  title: string;
  description: string;
}

/** TSignaling's push text when the caller gives none: no title, "您有一个通话请求" (you have a call request). */
export const TENCENT_PUSH_TEXT: PushText = { title: '', description: '您有一个通话请求' };

/** The second argument of TIM's `sendMessage` for a signal (see {@link sendOptions}). */
export interface SignalSendOptions {
  onlineUserOnly: boolean;
  messageControlInfo: { excludedFromContentModeration: boolean; excludedFromUnreadCount: boolean; excludedFromLastMessage: boolean };
  offlinePushInfo?: { title: string; description: string; androidOPPOChannelID: string; extension: string };
}

/**
 * How a signal is sent, as TSignaling sends TRTCCalling's: every signal is kept out of content
 * moderation (and counts as unread and as the conversation's last message); an INVITE also
 * carries the offline push, whose `extension` describes the call for the callee's app.
 */
export function sendOptions(signal: Signal, push: PushText = TENCENT_PUSH_TEXT, now = Date.now()): SignalSendOptions {
  const options: SignalSendOptions = {
    onlineUserOnly: onlineUserOnly(signal),
    messageControlInfo: { excludedFromContentModeration: true, excludedFromUnreadCount: false, excludedFromLastMessage: false },
  };
  if (signal.action !== 'invite') return options;
  // Keys in TSignaling's order; absent values (a hang-up INVITE has no room) are left out by JSON.
  const content = {
    action: ACTIONS.indexOf(signal.action) + 1,
    call_type: signal.callType === 'video' ? 2 : 1,
    room_id: signal.roomId,
    call_id: signal.inviteId,
    version: 4,
    invited_list: [...signal.invitees],
    ...(signal.groupId ? { group_id: signal.groupId } : {}),
  };
  const entity = { action: 2, chatType: signal.groupId ? 2 : 1, content: JSON.stringify(content), sendTime: Math.floor(now / 1000), sender: signal.inviter, version: 1 };
  options.offlinePushInfo = { title: push.title, description: push.description, androidOPPOChannelID: '', extension: JSON.stringify({ entity, userData: '' }) };
  return { offlinePushInfo: options.offlinePushInfo, onlineUserOnly: options.onlineUserOnly, messageControlInfo: options.messageControlInfo };
}

/** A version-4 UUID (lowercase, as TSignaling's uuidjs makes them). */
export function newInviteId(random: () => number = Math.random): string {
  const hex = (bits: number): string => {
    let out = '';
    for (let i = 0; i < bits / 4; i++) out += Math.min(15, Math.floor(random() * 16)).toString(16);
    return out;
  };
  const variant = (8 + Math.min(3, Math.floor(random() * 4))).toString(16);
  return `${hex(32)}-${hex(16)}-4${hex(12)}-${variant}${hex(12)}-${hex(48)}`;
}

/** A random TRTC room id in 1..1e8 (TRTCCalling uses round(1e8 * random), which can give 0; 0 is avoided here). */
export function newRoomId(random: () => number = Math.random): number {
  const r = random();
  const n = 1 + Math.floor((Number.isFinite(r) ? Math.min(Math.max(r, 0), 0.9999999999) : 0) * 1e8);
  return n;
}
