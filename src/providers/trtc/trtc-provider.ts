import { CallError, toCallError } from '../../base/errors.js';
import { CHAT_SIGNALING_NAMES, chatCarrier, hasChatSignalling } from './chat-signalling.js';
import type { CallProvider, DialRequest, MediaChannel, PeerConnectionFactory, ProviderConfig, ProviderHandlers, ProviderSession, SessionHandlers, SessionSnapshot, TabMedia, TabMediaHandlers } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { loadSdks } from './sdk-loader.js';
import type { TencentSdkPair } from './sdk-types.js';
import { TENCENT_PUSH_TEXT, newRoomId } from './signalling.js';
import type { Signal } from './signalling.js';
import { sinceSent, TimSignalling } from './tim-signalling.js';
import type { SignalDestination } from './tim-signalling.js';
import { TabRoom } from './tab-room.js';
import { answerDestination, replyTo } from './call-signals.js';
import { post } from './session-host.js';
import { TrtcSession } from './trtc-session.js';
import type { TrtcSessionHost } from './session-host.js';


/** The invitation timeout when the page sets none (`no-answer-timeout`): TRTCCalling's and TUICallKit's, s. */
export const TRTC_INVITE_TIMEOUT_S = 30;
/** TRTC and TIM user ids: letters, digits, `_` and `-`, at most 32 characters (Tencent's rule). */
const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Tencent TRTC media with TIM signalling, interoperating with Tencent's TRTCCalling: login
 * through TIM (its network state as the registration state), one-to-one and group calls
 * ({@link TrtcSession}), busy answers while in a call. The SDKs load at first start
 * (`sdk-loader.ts`); the userSig stays in this object's private fields.
 */
export class TrtcProvider implements CallProvider {
  readonly name = 'trtc';
  /** Its phone is shared across tabs: one TIM login, each call's room joined where its media is (`tab-room.ts`). */
  readonly remoteMedia = true;
  #config: ProviderConfig;
  readonly #handlers: ProviderHandlers;
  readonly #sessions = new Set<TrtcSession>();
  #sdks?: TencentSdkPair;
  /** The SDKs loading, for a call's room in this tab when another tab holds the login (see {@link tabMedia}). */
  #loading?: Promise<TencentSdkPair>;
  #signalling?: TimSignalling;
  #stopped = false;
  /** Set once the login was refused for good (kicked out): only a new start or userSig logs in again. */
  #refused = false;

  constructor(config: ProviderConfig, handlers: ProviderHandlers) {
    this.#config = config;
    this.#handlers = handlers;
  }

  start(): void {
    void this.#start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const session of [...this.#sessions]) session.hangup();
    await this.#signalling?.stop();
  }

  checkTarget(target: string): RemoteParty {
    if (!USER_ID.test(target)) {
      throw new CallError('call/invalid-target', `Cannot call ${JSON.stringify(target.slice(0, 40))}: a TRTC user id has 1–32 letters, digits, "_" or "-".`, { attribute: 'target' });
    }
    return { uri: target, user: target, displayName: '' };
  }

  checkDial(): void {
    if (!this.#signalling?.loggedIn) throw new CallError('call/signalling-down', 'Cannot call: not logged in to Tencent IM yet (wait for call-registered).');
  }

  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    this.checkDial();
    const host = this.#host();
    // Ourselves in a group call's list is left out; a call to nobody else is refused.
    const targets = request.targets.filter((user) => user !== this.#config.user);
    if (!targets.length) {
      throw new CallError('call/invalid-target', `Cannot call "${request.target}": that is this phone's own user id.`, { attribute: 'target' });
    }
    const session = TrtcSession.outgoing(host, handlers, {
      targets,
      groupId: request.groupId,
      stream: request.stream,
      video: request.video,
      roomId: newRoomId(Math.random),
      mediaChannel: request.mediaChannel,
    });
    this.#sessions.add(session);
    return session;
  }

  /**
   * Takes over a call whose signalling was in a tab that closed, its room still joined in the
   * tab that holds its media (`mediaChannel`); see `TrtcSession.adopt`.
   */
  adopt(snapshot: SessionSnapshot, handlers: SessionHandlers, _peerConnection: PeerConnectionFactory, mediaChannel?: MediaChannel): ProviderSession {
    if (!mediaChannel) throw new CallError('call/unsupported', 'A TRTC call is taken over only with its media in another tab.');
    const session = TrtcSession.adopt(this.#host(), handlers, snapshot, mediaChannel);
    this.#sessions.add(session);
    return session;
  }

  /** A call's room in this tab, for the leading tab's signalling; the SDKs load when it first joins. */
  tabMedia(stream: MediaStream, handlers: TabMediaHandlers): TabMedia {
    return new TabRoom({ config: () => this.#config, sdks: () => this.#sdkPair() }, stream, handlers);
  }

  update(config: ProviderConfig): void {
    const renewed = config.userSig !== this.#config.userSig;
    this.#config = config;
    if (renewed && config.userSig && this.#signalling) {
      this.#refused = false;
      void this.#signalling.renew(config.userSig);
    }
  }

  retryNow(): void {
    if (!this.#refused && this.#signalling && !this.#signalling.loggedIn && this.#config.userSig) void this.#signalling.login();
  }

  async #start(): Promise<void> {
    const { user } = this.#config;
    this.#handlers.registration('connecting');
    try {
      this.#sdks = await this.#sdkPair();
    } catch (error) {
      if (!this.#stopped) this.#handlers.registration('failed', error as CallError);
      return;
    }
    if (this.#stopped) return;
    try {
      this.#signalling = this.#newSignalling(this.#sdks);
    } catch (error) {
      this.#handlers.registration('failed', toCallError(error, 'trtc/sdk-unavailable'));
      return;
    }
    if (!this.#config.userSig) {
      this.#handlers.registration('failed', new CallError('trtc/login-failed', `Set phone.userSig (a property) to log "${user}" in: get it from your server.`, { attribute: 'userSig' }));
      return;
    }
    await this.#signalling.login();
  }

  /** The SDKs, loaded once (a failed load is tried again next time). */
  #sdkPair(): Promise<TencentSdkPair> {
    this.#loading ??= loadSdks(this.#config.sdk).catch((error) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  /**
   * The IM adapter of the generation the page gave: @tencentcloud/chat (its `TSignaling` names,
   * or a shared instance with `addSignalingListener`) signals through chat's built-in
   * signalling, tim-js-sdk through custom messages.
   */
  #newSignalling(sdks: TencentSdkPair): TimSignalling {
    const { sdkAppId, user } = this.#config;
    const chat = !!sdks.TIM.TSignaling || hasChatSignalling(sdks.tim);
    const carrier = chat ? chatCarrier(sdks.TIM.TSignaling ?? CHAT_SIGNALING_NAMES) : undefined;
    return new TimSignalling(sdks.TIM, { sdkAppId, user, userSig: this.#config.userSig ?? '' }, {
      state: (state, error) => {
        if (this.#stopped) return;
        if (error?.code === 'trtc/kicked-out') {
          this.#refused = true;
          for (const session of [...this.#sessions]) session.abort({ reason: 'failed', endedBy: 'system', rawCause: 'trtc/kicked-out' });
        }
        this.#handlers.registration(state, error);
      },
      signal: (signal, from, sentAt) => this.#onSignal(signal, from, sentAt),
      debug: (line) => this.#handlers.debug(line),
    }, sdks.tim, carrier);
  }

  /**
   * What sessions use of the provider. A call taken over from another tab may be made before the
   * SDKs and the login are here (see {@link adopt}): its room is in the media tab, and what it
   * sends before the login fails with `call/signalling-down` (and is logged).
   */
  #host(): TrtcSessionHost {
    const config = () => this.#config;
    const sdks = () => this.#sdks;
    const signalling = () => {
      const up = this.#signalling;
      if (!up) throw new CallError('call/signalling-down', 'Not logged in to Tencent IM yet.');
      return up;
    };
    return {
      user: config().user,
      sdkAppId: config().sdkAppId,
      get userSig() {
        return config().userSig ?? '';
      },
      get trtc() {
        const loaded = sdks();
        if (!loaded) throw new CallError('trtc/sdk-unavailable', 'The TRTC SDK is not loaded yet.');
        return loaded.TRTC;
      },
      get inviteTimeout() {
        return config().noAnswerTimeout ?? TRTC_INVITE_TIMEOUT_S;
      },
      // Every signal says we wait for a peer that moves the call between its tabs (`rejoin.ts`).
      send: async (signal: Signal, to: SignalDestination) => signalling().send({ ...signal, rejoins: true }, to, { ...TENCENT_PUSH_TEXT, ...config().pushNotification }),
      random: Math.random,
      debug: (line) => this.#handlers.debug(line),
      report: (error) => this.#handlers.error(error),
      ended: (session) => this.#sessions.delete(session as TrtcSession),
    };
  }

  #onSignal(signal: Signal, from: string, sentAt: number): void {
    for (const session of this.#sessions) {
      if (session.owns(signal, from)) {
        session.handle(signal, from);
        return;
      }
    }
    const me = this.#config.user;
    const isCall = signal.action === 'invite' && (signal.cmd === 'audioCall' || signal.cmd === 'videoCall');
    if (!isCall || !signal.invitees.includes(me) || signal.roomId === undefined) return;
    // An invitation that already timed out on the caller's side is not worth ringing for.
    if (signal.timeout > 0 && sinceSent(sentAt) > signal.timeout * 1000) return;
    const host = this.#host();
    this.#handlers.incoming({
      remote: { uri: from, user: from, displayName: '' },
      remoteOffersVideo: signal.callType === 'video',
      headers: {},
      // One call at a time, as TRTCCalling: while one rings or is up, the controller refuses (line busy).
      busy: [...this.#sessions].some((session) => session.active),
      take: (handlers) => {
        const session = TrtcSession.incoming(host, handlers, signal, from, sentAt);
        this.#sessions.add(session);
        return session;
      },
      // No session takes it (we are in another call): REJECT, busy (`line_busy`) or declined.
      refuse: (kind) => post(host, replyTo(signal, 'reject', host.user, kind === 'busy'), answerDestination(signal, from)),
    });
  }
}
