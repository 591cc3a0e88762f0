/**
 * The parts of Tencent's SDKs the TRTC provider uses, as narrow interfaces: `tim-js-sdk` 2.x
 * (TIM, signalling) and `trtc-js-sdk` 4.x (TRTC, media rooms). Only the adapters
 * (`tim-signalling.ts`, `trtc-room.ts`) touch them, so an adapter for another SDK generation
 * (`@tencentcloud/chat`, `trtc-sdk-v5`) is a new file. A type-level test checks that the real
 * SDKs' shipped types satisfy these, so neither these nor the test fakes can drift.
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

/** The `TIM` namespace of tim-js-sdk: its factory and the constants the provider uses. */
export interface TimSdk {
  create(options: { SDKAppID: number }): TimInstance;
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

/** Both SDKs, as loaded or injected, and the page's own TIM instance when it shares one. */
export interface TencentSdkPair {
  TRTC: TrtcSdk;
  TIM: TimSdk;
  /** The page's TIM instance (`TIM.create({ SDKAppID })`), used instead of creating one; the page owns it. */
  tim?: TimInstance;
}
