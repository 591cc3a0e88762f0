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
