// Type-level conformance of the Tencent SDK fakes with the real SDKs' shipped types
// (trtc-js-sdk/index.d.ts, tim-js-sdk/tim-js.d.ts). Nothing runs: `npx tsc --noEmit -p
// tsconfig.json` fails when a fake drifts from the real API.
import type TRTC from 'trtc-js-sdk';
import type { Client, LocalStream, RemoteStream, RtcError } from 'trtc-js-sdk';
import type TIM from 'tim-js-sdk';
import type { ChatSDK, Message } from 'tim-js-sdk';
import FakeTIM, { type FakeTimInstance } from './fake-tim.js';
import FakeTRTC, { FakeClient, FakeLocalStream, FakeRemoteStream, FakeRtcError } from './fake-trtc.js';

// ---------------------------------------------------------------- trtc-js-sdk: the whole API

/** The fake `TRTC` is a complete `typeof TRTC` (VERSION, Logger, checks, device lists, factories). */
export const trtcConforms: typeof TRTC = FakeTRTC;
/** Clients and streams implement the full interfaces (also enforced by `implements`). */
export type TrtcClassesConform = [FakeClient extends Client ? true : never, FakeLocalStream extends LocalStream ? true : never, FakeRemoteStream extends RemoteStream ? true : never, FakeRtcError extends RtcError ? true : never];
export const trtcClassesConform: TrtcClassesConform = [true, true, true, true];

// ---------------------------------------------------------------- tim-js-sdk: a subset

/**
 * tim-js-sdk's `ChatSDK` has ~120 methods (friends, topics, profiles...). The fake implements
 * the ones below, which tsignaling 1.0.8, trtc-calling-js 1.0.6 and a calling app use, with
 * the real signatures; the rest is deliberately absent (a call to it fails loudly).
 */
type UsedChatSDK = Pick<
  ChatSDK,
  | 'login'
  | 'logout'
  | 'destroy'
  | 'on'
  | 'off'
  | 'setLogLevel'
  | 'registerPlugin'
  | 'createCustomMessage'
  | 'createTextMessage'
  | 'sendMessage'
  | 'getConversationList'
  | 'getMessageList'
  | 'setMessageRead'
  | 'createGroup'
  | 'joinGroup'
  | 'quitGroup'
  | 'getGroupMemberList'
  | 'getMyProfile'
>;
export const timInstanceConforms: (instance: FakeTimInstance) => UsedChatSDK = (instance) => instance;

/** `TIM.create` takes the real options and gives (the used subset of) a ChatSDK. */
export const timCreateConforms: (options: Parameters<typeof TIM.create>[0]) => UsedChatSDK = (options) => FakeTIM.create(options);

/** The fake's messages have every field of the real `Message`. */
export const timMessageConforms: (instance: FakeTimInstance) => Message = (instance) =>
  instance.createCustomMessage({ to: 'u2', conversationType: 'C2C', payload: { data: '' } });

/**
 * `TIM.EVENT` / `TIM.TYPES` are TypeScript enums in the d.ts, so a plain object cannot be
 * assigned to them; instead every key must exist with exactly the enum member's value.
 */
type EnumValues<E> = { readonly [K in keyof E]: E[K] extends number ? (`${E[K]}` extends `${infer N extends number}` ? N : never) : `${E[K] & string}` };
export const timEventsConform: EnumValues<typeof TIM.EVENT> = FakeTIM.EVENT;
export const timTypesConform: EnumValues<typeof TIM.TYPES> = FakeTIM.TYPES;
/** And no key the real enums lack. */
export const timNoExtraKeys: [Exclude<keyof typeof FakeTIM.EVENT, keyof typeof TIM.EVENT>, Exclude<keyof typeof FakeTIM.TYPES, keyof typeof TIM.TYPES>] extends [never, never] ? true : never = true;

// ---------------------------------------------------------------- trtc-sdk-v5 and @tencentcloud/chat: the used subsets
import type TRTCv5 from 'trtc-sdk-v5';
import type TencentCloudChat from '@tencentcloud/chat';
import type { ChatSDK as CloudChatSDK } from '@tencentcloud/chat';
import FakeChat, { type FakeChatInstance } from './fake-chat.js';
import FakeTRTCV5, { type FakeTRTCv5 } from './fake-trtc-v5.js';

/** The TRTC object's methods the fake implements, with the real signatures. */
type UsedTrtcV5 = Pick<
  TRTCv5,
  | 'enterRoom'
  | 'exitRoom'
  | 'destroy'
  | 'startLocalAudio'
  | 'updateLocalAudio'
  | 'stopLocalAudio'
  | 'startLocalVideo'
  | 'updateLocalVideo'
  | 'stopLocalVideo'
  | 'startRemoteVideo'
  | 'stopRemoteVideo'
  | 'getAudioTrack'
  | 'getVideoTrack'
  | 'muteRemoteAudio'
  | 'setRemoteAudioVolume'
  | 'enableAudioVolumeEvaluation'
>;
export const trtcV5Conforms: (fake: FakeTRTCv5) => UsedTrtcV5 = (fake) => fake;
/** `TRTC.EVENT` of the fake has exactly the real values and keys. */
export const trtcV5EventsConform: typeof TRTCv5.EVENT = FakeTRTCV5.EVENT;
export const trtcV5NoExtraEvents: Exclude<keyof typeof FakeTRTCV5.EVENT, keyof typeof TRTCv5.EVENT> extends never ? true : never = true;

/** Chat's signalling and the instance methods the provider uses, with the real signatures. */
type UsedCloudChat = Pick<
  CloudChatSDK,
  'login' | 'logout' | 'on' | 'off' | 'createCustomMessage' | 'sendMessage' | 'getMyProfile' | 'addSignalingListener' | 'removeSignalingListener' | 'invite' | 'inviteInGroup' | 'accept' | 'reject' | 'cancel' | 'getSignalingInfo' | 'callExperimentalAPI'
>;
export const chatInstanceConforms: (instance: FakeChatInstance) => UsedCloudChat = (instance) => instance;
export const chatEventsConform: EnumValues<typeof TencentCloudChat.EVENT> = FakeChat.EVENT;
// TYPES follows the package as it runs (3.6.6), which differs from its own d.ts (e.g.
// CONV_MARK_TYPE_FOLD is 4, the d.ts says 3; keys like MSG_SOUND are missing from the d.ts):
// test/node/tencent-sdks.test.ts compares it with the loaded package instead.
export const chatSignalingConforms: EnumValues<typeof TencentCloudChat.TSignaling> = FakeChat.TSignaling;
/** No signalling name the real enum lacks (EVENT and TYPES: runtime keys beyond the d.ts, checked in Node). */
export const chatNoExtraSignalingKeys: Exclude<keyof typeof FakeChat.TSignaling, keyof typeof TencentCloudChat.TSignaling> extends never ? true : never = true;
