// Tencent's TUICallEngine (tuicall-engine-webrtc, TRTCCalling's successor) in the test page, on
// the fake Tencent cloud: 1.6.1 over trtc-js-sdk 4 + tim-js-sdk + tsignaling, 3.1.7 over
// @tencentcloud/chat + trtc-cloud-js-sdk (trtc-sdk-v5). test/harness/trtc-calling-bundle.mjs
// bundles each onto the fakes; an engine user here is what a TUICallKit page holds.
import { SDK_APP_ID, trtcUser } from './trtc-helpers.js';
import { sleep, until } from './helpers.js';

/**
 * TUICallEvent names (keys and values of the engines' run-time `TUICallEvent`, which both versions
 * have but the last one, 3.1.7's; the listeners subscribe to the run-time object itself).
 */
export const TUI_EVENT = {
  ERROR: 'onError',
  SDK_READY: 'sdkReady',
  INVITED: 'onInvited',
  USER_ACCEPT: 'onUserAccept',
  USER_ENTER: 'onUserEnter',
  USER_LEAVE: 'onUserLeave',
  REJECT: 'onReject',
  NO_RESP: 'onNoResp',
  LINE_BUSY: 'onLineBusy',
  CALLING_CANCEL: 'onCallingCancel',
  KICKED_OUT: 'onKickedOut',
  CALLING_TIMEOUT: 'onCallingTimeout',
  CALL_END: 'onCallEnd',
  USER_VIDEO_AVAILABLE: 'onUserVideoAvailable',
  USER_AUDIO_AVAILABLE: 'onUserAudioAvailable',
  USER_VOICE_VOLUME: 'onUserVoiceVolume',
  GROUP_CALL_INVITEE_LIST_UPDATE: 'onGroupCallInviteeListUpdate',
  CALL_TYPE_CHANGED: 'onCallTypeChanged',
  DEVICED_UPDATED: 'onDeviceUpdated',
  MESSAGE_SENT_BY_ME: 'onMessageSentByMe',
  ON_CALL_BEGIN: 'onCallBegin',
  ON_CALL_RECEIVED: 'onCallReceived',
  ON_CALL_CANCELED: 'onCallCanceled',
  ON_USER_NETWORK_QUALITY_CHANGED: 'onUserNetworkQualityChanged',
} as const;

/** The part of a TUICallEngine instance the tests use (index.d.ts of both versions). */
export interface Engine {
  on(event: string, handler: (event: any) => void, context?: unknown): void;
  setLogLevel(level: number): void;
  login(options: { userID: string; userSig: string }): Promise<unknown>;
  logout(): Promise<unknown>;
  destroyInstance(): Promise<void>;
  call(options: { userID: string; type: 1 | 2; timeout?: number }): Promise<unknown>;
  groupCall(options: { userIDList: string[]; type: 1 | 2; groupID: string; timeout?: number }): Promise<unknown>;
  accept(): Promise<unknown>;
  reject(): Promise<unknown>;
  hangup(): Promise<unknown>;
  switchCallMediaType(type: 1 | 2): Promise<unknown>;
  openCamera(videoViewDomID: string): Promise<unknown>;
  startRemoteView(options: { userID: string; videoViewDomID: string }): Promise<unknown>;
}

/** One version of the engine and how to load it. */
export interface EngineVersion {
  name: string;
  bundle: string;
}

export const ENGINE_VERSIONS: EngineVersion[] = [
  { name: 'TUICallEngine 1.6.1 (trtc-js-sdk 4 + tim-js-sdk + tsignaling)', bundle: '/.cache/tuicall-engine-1.esm.js' },
  { name: 'TUICallEngine 3.1.7 (@tencentcloud/chat + trtc-cloud-js-sdk on trtc-sdk-v5)', bundle: '/.cache/tuicall-engine-3.esm.js' },
];

/** A logged-in engine user and the events it emitted, by name. */
export interface EngineUser {
  id: string;
  engine: Engine;
  events: Map<string, any[]>;
}

interface EngineModule {
  default: { TUICallEngine: { instance?: unknown; createInstance(options: { SDKAppID: number }): Engine }; TUICallEvent: Record<string, string> };
  TRTCCloud?: { shareInstance?: unknown };
}

const users: EngineUser[] = [];

/**
 * A new engine user of `version`, logged in (SDK_READY). The engine and TRTCCloud keep one
 * instance per page (createInstance, getTRTCShareInstance): each user here gets its own, as on
 * its own device.
 */
export async function engineUser(version: EngineVersion, prefix: string): Promise<EngineUser> {
  const module: EngineModule = await import(/* @vite-ignore */ version.bundle);
  const { TUICallEngine, TUICallEvent } = module.default;
  TUICallEngine.instance = undefined;
  if (module.TRTCCloud) module.TRTCCloud.shareInstance = undefined;
  const id = trtcUser(prefix);
  const engine = TUICallEngine.createInstance({ SDKAppID: SDK_APP_ID });
  engine.setLogLevel(4);
  const events = new Map<string, any[]>();
  for (const name of new Set(Object.values(TUICallEvent))) {
    events.set(name, []);
    engine.on(name, (event: unknown) => events.get(name)!.push(event));
  }
  const user = { id, engine, events };
  users.push(user);
  await engine.login({ userID: id, userSig: `sig-${id}` });
  return user;
}

export const seen = (user: EngineUser, event: string): any[] => user.events.get(event)!;
export const waitFor = (user: EngineUser, event: string, ms = 10_000): Promise<void> => until(() => seen(user, event).length > 0, ms, `${user.id} ${event}`);

/** Hangs up and logs out every engine user made since the last call. */
export async function disposeEngines(): Promise<void> {
  for (const view of views.splice(0)) view.remove();
  const all = users.splice(0);
  for (const user of all) await user.engine.hangup().catch(() => {});
  // The engine resets itself after a hang-up, asynchronously: let it finish before destroying.
  await sleep(300);
  for (const user of all) await user.engine.destroyInstance().catch(() => {});
}

/** Opens the user's camera into a view of its own, as TUICallKit does for a video call. */
export async function openCamera(user: EngineUser): Promise<void> {
  await user.engine.openCamera(view(`view-${user.id}`));
}

/** Shows (and so plays) `remote` at the user, as TUICallKit does once its video is available. */
export async function remoteView(user: EngineUser, remote: string): Promise<void> {
  await user.engine.startRemoteView({ userID: remote, videoViewDomID: view(`view-${user.id}-${remote}`) });
}

/** A hidden element of the page with this id (removed by disposeEngines). */
function view(id: string): string {
  const element = document.createElement('div');
  element.id = id;
  element.hidden = true;
  document.body.append(element);
  views.push(element);
  return id;
}

const views: HTMLElement[] = [];
