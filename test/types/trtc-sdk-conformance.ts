// Type-level test, nothing runs: Tencent's shipped types (trtc-js-sdk/index.d.ts,
// tim-js-sdk/tim-js.d.ts) satisfy the narrow interfaces the adapters use (src/providers/trtc/sdk-types.ts), so the
// adapters cannot call what the real SDKs lack. `npx tsc --noEmit -p tsconfig.json` (part of
// the test suite's typecheck) fails when either side drifts. The test fakes are held to the real
// types in test/fakes/tencent/conformance.ts; together the fakes cannot drift from what we use.
import type TRTC from 'trtc-js-sdk';
import type { Client, LocalStream, RemoteStream } from 'trtc-js-sdk';
import type TIM from 'tim-js-sdk';
import type { ChatSDK } from 'tim-js-sdk';
import type { TimInstance, TimSdk, TrtcClient, TrtcLocalStream, TrtcSdk, TrtcStream } from '../../src/providers/trtc/sdk-types.js';

/** The real `TRTC` namespace, its client and streams. */
export const trtcSdk = (real: typeof TRTC): TrtcSdk => real;
export const trtcClient = (real: Client): TrtcClient => real;
export const trtcLocalStream = (real: LocalStream): TrtcLocalStream => real;
export const trtcRemoteStream = (real: RemoteStream): TrtcStream => real;

/** The real `TIM` namespace (factory, EVENT and TYPES values) and its instance. */
export const timSdk = (real: typeof TIM): TimSdk => real;
export const timInstance = (real: ChatSDK): TimInstance => real;

// ---------------------------------------------------------------- the current generation
// trtc-sdk-v5 (index.d.ts) and @tencentcloud/chat (index.d.ts) satisfy the v5 and chat interfaces.
import type TRTCv5 from 'trtc-sdk-v5';
import type TencentCloudChat from '@tencentcloud/chat';
import type { ChatSDK as CloudChatSDK } from '@tencentcloud/chat';
import type { ChatInstance, TrtcV5Client, TrtcV5Sdk } from '../../src/providers/trtc/sdk-types.js';

/** The real trtc-sdk-v5 `TRTC` class and a TRTC object. */
export const trtcV5Sdk = (real: typeof TRTCv5): TrtcV5Sdk => real;
export const trtcV5Client = (real: TRTCv5): TrtcV5Client => real;

/** The real `TencentCloudChat` namespace (factory, EVENT, TYPES, TSignaling) and a chat instance. */
export const chatSdk = (real: typeof TencentCloudChat): TimSdk => real;
export const chatInstance = (real: CloudChatSDK): ChatInstance => real;
