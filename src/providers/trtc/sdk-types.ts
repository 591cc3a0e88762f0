/**
 * The parts of Tencent's SDKs the TRTC provider uses, as narrow interfaces, for both
 * generations: `tim-js-sdk` 2.x or `@tencentcloud/chat` 3.x (IM login and signalling: the same
 * instance API, chat adding its built-in signalling) and `trtc-js-sdk` 4.x or `trtc-sdk-v5`
 * (media rooms). Only the adapters (`tim-signalling.ts`, `chat-signalling.ts`, `trtc-room.ts`,
 * `trtc-v5-room.ts`) touch them. A type-level test checks that the real SDKs' shipped types
 * satisfy these, so neither these nor the test fakes can drift.
 * @module
 */
import type { SignalSendOptions } from './signalling.js';

/** A TIM message as received (`payload` of a custom message: `{ data, description, extension }`). */
export interface TimMessage {
  ID?: string;
  type: string;
  from: string;
  to: string;
  conversationType: string;
  /** Seconds since epoch. */
  time: number;
  payload: { data?: unknown; description?: unknown; extension?: unknown } | unknown;
}

/** Options of `createCustomMessage`. */
export interface TimCustomMessageOptions {
  to: string;
  /** A `TIM.TYPES` value (`CONV_C2C`, `CONV_GROUP`); the SDK types them as its enum. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  conversationType: any;
  /** A `TIM.TYPES` value (`MSG_PRIORITY_HIGH`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  priority?: any;
  payload: { data: string; description: string; extension: string };
}

/** An event TIM emits: `{ name, data }`. */
export interface TimEvent {
  name?: string;
  data?: unknown;
}

/** One TIM instance (one logged-in user). */
export interface TimInstance {
  login(options: { userID: string; userSig: string }): Promise<unknown>;
  logout(): Promise<unknown>;
  on(event: string, handler: (event: TimEvent) => void, context?: unknown): void;
  off(event: string, handler: (event: TimEvent) => void, context?: unknown): void;
  createCustomMessage(options: TimCustomMessageOptions): unknown;
  sendMessage(message: never, options?: SignalSendOptions): Promise<unknown>;
  getMessageList(options: { conversationID: string; count?: number }): Promise<unknown>;
  getConversationList?(): Promise<unknown>;
  /** The logged-in user's profile (`data.userID`): checks a shared instance's login. */
  getMyProfile?(): Promise<unknown>;
  setLogLevel?(level: number): void;
}

/** The `TIM` namespace of tim-js-sdk (or `TencentCloudChat` of @tencentcloud/chat): its factory and the constants the provider uses. */
export interface TimSdk {
  create(options: { SDKAppID: number }): TimInstance;
  /** @tencentcloud/chat only: its signalling's event names (`TencentCloudChat.TSignaling`). */
  TSignaling?: ChatSignalingNames;
  EVENT: {
    SDK_READY: string;
    SDK_NOT_READY: string;
    MESSAGE_RECEIVED: string;
    KICKED_OUT: string;
    NET_STATE_CHANGE: string;
    ERROR: string;
  };
  TYPES: {
    MSG_CUSTOM: string;
    MSG_PRIORITY_HIGH: string;
    CONV_C2C: string;
    CONV_GROUP: string;
    KICKED_OUT_USERSIG_EXPIRED: string;
    NET_STATE_CONNECTED: string;
    NET_STATE_CONNECTING: string;
    NET_STATE_DISCONNECTED: string;
  };
}

/** A stream in a TRTC room (ours or a remote user's). */
export interface TrtcStream {
  getUserId(): string;
  getId(): string;
  getAudioTrack(): MediaStreamTrack | null;
  getVideoTrack(): MediaStreamTrack | null;
  hasAudio(): boolean;
  hasVideo(): boolean;
  stop(): void;
  close(): void;
}

/** Our published stream. */
export interface TrtcLocalStream extends TrtcStream {
  initialize(): Promise<void>;
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  addTrack(track: MediaStreamTrack): Promise<void>;
  removeTrack(track: MediaStreamTrack): Promise<void>;
  muteAudio(): boolean;
  unmuteAudio(): boolean;
  muteVideo(): boolean;
  unmuteVideo(): boolean;
}

/** Figures of `network-quality` (every 2 s): 0 unknown, 1 excellent … 6 down; rtt ms, loss %. */
export interface TrtcNetworkQuality {
  uplinkNetworkQuality: number;
  downlinkNetworkQuality: number;
  uplinkRTT: number;
  uplinkLoss: number;
  downlinkRTT: number;
  downlinkLoss: number;
}

/** One TRTC client: one user in one room. */
export interface TrtcClient {
  join(options: { roomId: number | string }): Promise<void>;
  leave(): Promise<void>;
  publish(stream: never): Promise<void>;
  unpublish(stream: never): Promise<void>;
  subscribe(stream: never, options?: { audio?: boolean; video?: boolean }): Promise<void>;
  // The SDK types each event's payload by name; the room checks what it reads at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: string, handler: (event: any) => void): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, handler: (event: any) => void): void;
  getTransportStats(): Promise<{ rtt: number; downlinksRTT?: Record<string, number> }>;
  getLocalAudioStats(): Promise<Record<string, { bytesSent: number; packetsSent: number }>>;
  getRemoteAudioStats(): Promise<Record<string, { bytesReceived: number; packetsReceived: number; packetsLost: number }>>;
  destroy?(): void;
}

/** The `TRTC` namespace of trtc-js-sdk. */
export interface TrtcSdk {
  createClient(config: { mode: 'rtc' | 'live'; sdkAppId: number; userId: string; userSig: string }): TrtcClient;
  createStream(config: { userId?: string; audio?: boolean; video?: boolean; audioSource?: MediaStreamTrack; videoSource?: MediaStreamTrack }): TrtcLocalStream;
}

/** The event names of @tencentcloud/chat's signalling (`TencentCloudChat.TSignaling`). */
export interface ChatSignalingNames {
  NEW_INVITATION_RECEIVED: string;
  INVITEE_ACCEPTED: string;
  INVITEE_REJECTED: string;
  INVITATION_CANCELLED: string;
  INVITATION_TIMEOUT: string;
}

/** What @tencentcloud/chat's signalling events carry (`event.data`). */
export interface ChatSignalingEvent {
  inviteID: string;
  inviter: string;
  groupID: string;
  /** The `data` the sender gave (for calls: TRTCCalling's `av_call` JSON). */
  data: string;
  /** NEW_INVITATION_RECEIVED and INVITATION_TIMEOUT: the invitees. */
  inviteeList?: string[];
  /** INVITEE_ACCEPTED / INVITEE_REJECTED: who answered. */
  invitee?: string;
  /** INVITATION_TIMEOUT: whether our own timer fired (else the far end's TIMEOUT arrived). */
  isSelfTimeout?: boolean;
}

/** Options common to chat's invite calls. */
export interface ChatInviteOptions {
  data: string;
  timeout: number;
  onlineUserOnly: boolean;
  offlinePushInfo?: { title?: string; description?: string; extension?: string };
}

/** A @tencentcloud/chat instance: a {@link TimInstance} with the built-in signalling. */
export interface ChatInstance extends TimInstance {
  addSignalingListener(eventName: string, handler: (event: { name?: string; data?: unknown }) => void, context?: unknown): void;
  removeSignalingListener(eventName: string, handler: (event: { name?: string; data?: unknown }) => void, context?: unknown): void;
  invite(options: ChatInviteOptions & { userID: string }): Promise<unknown>;
  inviteInGroup(options: ChatInviteOptions & { groupID: string; inviteeList: string[] }): Promise<unknown>;
  cancel(options: { inviteID: string; data?: string }): Promise<unknown>;
  accept(options: { inviteID: string; data?: string }): Promise<unknown>;
  reject(options: { inviteID: string; data?: string }): Promise<unknown>;
}

/** trtc-sdk-v5's figures of its STATISTICS event (every 2 s). */
export interface TrtcV5Statistics {
  rtt: number;
  /** Loss in %. */
  downLoss: number;
  upLoss: number;
  bytesSent: number;
  bytesReceived: number;
  remoteStatistics: { userId: string; audio: { bitrate: number } }[];
}

/** One trtc-sdk-v5 `TRTC` object: one user in one room. */
export interface TrtcV5Client {
  enterRoom(config: { sdkAppId: number; userId: string; userSig: string; roomId?: number; strRoomId?: string; autoReceiveAudio?: boolean }): Promise<void>;
  exitRoom(): Promise<void>;
  startLocalAudio(config?: { publish?: boolean; option?: { audioTrack?: MediaStreamTrack } }): Promise<void>;
  updateLocalAudio(config: { mute?: boolean; option?: { audioTrack?: MediaStreamTrack } }): Promise<void>;
  stopLocalAudio(): Promise<void>;
  startLocalVideo(config?: { view?: null; publish?: boolean; option?: { videoTrack?: MediaStreamTrack } }): Promise<void>;
  updateLocalVideo(config: { mute?: boolean; option?: { videoTrack?: MediaStreamTrack } }): Promise<void>;
  stopLocalVideo(): Promise<void>;
  // The SDK types `streamType` as its const enum ('main' | 'sub').
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  startRemoteVideo(config: { userId: string; streamType: any; view?: null }): Promise<void>;
  /** Playback volume of a remote user's audio (0: received, not played by the SDK). */
  setRemoteAudioVolume(userId: string, volume: number): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getAudioTrack(config?: { userId?: string } | string): MediaStreamTrack | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getVideoTrack(config?: { userId?: string; streamType?: any }): MediaStreamTrack | null;
  // The SDK types each event's arguments by name; the room checks what it reads at run time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: any, handler: (event: any) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: any, handler: (event: any) => void): unknown;
  destroy(): void;
}

/** The `TRTC` class of trtc-sdk-v5: `TRTC.create()` and its event names. */
export interface TrtcV5Sdk {
  create(): TrtcV5Client;
  EVENT: {
    REMOTE_USER_EXIT: string;
    REMOTE_AUDIO_AVAILABLE: string;
    REMOTE_AUDIO_UNAVAILABLE: string;
    REMOTE_VIDEO_AVAILABLE: string;
    REMOTE_VIDEO_UNAVAILABLE: string;
    NETWORK_QUALITY: string;
    STATISTICS: string;
    KICKED_OUT: string;
    ERROR: string;
  };
}

/** Both SDKs, as loaded or injected, and the page's own TIM instance when it shares one. */
export interface TencentSdkPair {
  /** trtc-js-sdk 4 (`createClient`) or trtc-sdk-v5 (`create`). */
  TRTC: TrtcSdk | TrtcV5Sdk;
  TIM: TimSdk;
  /** The page's TIM instance (`TIM.create({ SDKAppID })`), used instead of creating one; the page owns it. */
  tim?: TimInstance;
}
