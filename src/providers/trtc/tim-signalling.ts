/**
 * The IM adapter: one user's login to Tencent IM (tim-js-sdk or @tencentcloud/chat: the same
 * login API) and the call signals it carries: TSignaling's custom messages (`signalling.ts`)
 * for tim-js-sdk, or chat's built-in signalling through a {@link SignalCarrier}. It maps TIM's login and network states to the
 * provider states, turns KICKED_OUT into `trtc/kicked-out` or `trtc/user-sig-expired`, and
 * hands decoded signals up. It never logs or forwards the userSig.
 *
 * The TIM instance is its own (`TIM.create`, logged out on stop) or the page's (`sdk.tim`: an
 * app that already uses TIM for chat shares it, Tencent allowing one instance per SDKAppID in a
 * page): then it logs in only when the page has not, takes a login already made as its own, and
 * never logs the instance out.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { ProviderState } from '../../core/provider.js';
import { decodeSignal, encodeSignal, sendOptions } from './signalling.js';
import type { PushText, Signal } from './signalling.js';
import type { TimEvent, TimInstance, TimMessage, TimSdk } from './sdk-types.js';

/** TIM's error code for an expired userSig at login. */
const USER_SIG_EXPIRED_CODES = new Set([70001]);
/** TIM's error code for a login while another is under way (the page's own, on a shared instance). */
const LOGIN_IN_PROGRESS = 2025;
/** The IM server's codes for a message to a group that does not exist, or of which the sender is no member. */
const NOT_IN_GROUP_CODES = new Set([10010, 10007]);
/** How old an unanswered invitation found in history may be to still ring (TSignaling's rule), ms. */
export const HISTORY_PICKUP_MS = 30_000;
/** How many conversations and messages per conversation the pickup reads (TSignaling's limits). */
const HISTORY_CONVERSATIONS = 20;
const HISTORY_MESSAGES = 15;

/** Where a signal goes: a user, or an IM group (group calls with a group id). */
export type SignalDestination = { user: string } | { group: string };

/** Hands a received signal to the adapter: from whom, sent when (ms since epoch). */
export type SignalDeliver = (signal: Signal, from: string, sentAt: number) => void;

/**
 * How signals travel when the IM SDK carries them itself (@tencentcloud/chat's built-in
 * signalling, `chat-signalling.ts`) instead of as custom messages of ours: the carrier sends,
 * receives (through `deliver`), times invitations and picks up missed ones.
 */
export interface SignalCarrier {
  /** Sends one signal; rejects with the SDK's error. */
  send(signal: Signal, to: SignalDestination, push?: PushText): Promise<void>;
  /** Stops listening. */
  stop(): void;
}

/** Makes the carrier for a logged-in instance. */
export type SignalCarrierFactory = (tim: TimInstance, user: string, deliver: SignalDeliver, debug: (line: string) => void) => SignalCarrier;

/** What the adapter reports. */
export interface SignallingHandlers {
  state(state: ProviderState, error?: CallError): void;
  /**
   * A signal arrived; `sentAt` in ms since epoch, from TIM's whole seconds: the signal left in
   * the second that follows (see {@link sinceSent}).
   */
  signal(signal: Signal, from: string, sentAt: number): void;
  debug(line: string): void;
}

/** One user's TIM login and signalling. */
export class TimSignalling {
  readonly #sdk: TimSdk;
  readonly #tim: TimInstance;
  /** Whether the instance is ours (created here) rather than the page's. */
  readonly #owned: boolean;
  readonly #user: string;
  readonly #handlers: SignallingHandlers;
  #userSig: string;
  #loggedIn = false;
  #everReady = false;
  #stopped = false;
  readonly #listeners: [string, (event: TimEvent) => void][] = [];
  readonly #carrier?: SignalCarrier;

  /**
   * `shared`: the page's TIM instance to use instead of creating one (see the module comment);
   * `carrier`: the SDK's own signalling to use instead of custom messages (chat's).
   */
  constructor(
    sdk: TimSdk,
    options: { sdkAppId: number; user: string; userSig: string },
    handlers: SignallingHandlers,
    shared?: TimInstance,
    carrier?: SignalCarrierFactory,
  ) {
    this.#sdk = sdk;
    this.#user = options.user;
    this.#userSig = options.userSig;
    this.#handlers = handlers;
    this.#owned = !shared;
    this.#tim = shared ?? sdk.create({ SDKAppID: options.sdkAppId });
    // The page's instance logs as the page set it.
    if (this.#owned) this.#tim.setLogLevel?.(4);
    const { EVENT } = sdk;
    this.#listen(EVENT.SDK_READY, () => this.#ready());
    this.#listen(EVENT.SDK_NOT_READY, () => {
      if (!this.#loggedIn || this.#stopped) return;
      this.#loggedIn = false;
    });
    if (carrier) {
      this.#carrier = carrier(this.#tim, this.#user, (signal, from, sentAt) => {
        if (!this.#stopped) handlers.signal(signal, from, sentAt);
      }, handlers.debug);
    } else this.#listen(EVENT.MESSAGE_RECEIVED, (event) => this.#received(event.data));
    this.#listen(EVENT.KICKED_OUT, (event) => this.#kickedOut(event.data));
    this.#listen(EVENT.NET_STATE_CHANGE, (event) => this.#netState(event.data));
    this.#listen(EVENT.ERROR, (event) => {
      const data = event.data as { code?: unknown; message?: unknown } | undefined;
      handlers.debug(`TIM error ${String(data?.code ?? '')}: ${String(data?.message ?? '')}`);
    });
  }

  /** Whether the user is logged in. */
  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** Logs in; the state becomes `registered` on TIM's SDK_READY, `failed` when refused. */
  async login(): Promise<void> {
    this.#handlers.state('connecting');
    try {
      const result = (await this.#tim.login({ userID: this.#user, userSig: this.#userSig })) as { data?: { repeatLogin?: unknown } } | undefined;
      // Logged in already (the page's login of a shared instance): no SDK_READY follows.
      if (result?.data?.repeatLogin === true && !this.#stopped && (await this.#loggedInAsUs())) this.#ready();
    } catch (error) {
      if (this.#stopped) return;
      const code = Number((error as { code?: unknown })?.code);
      // The page is logging its instance in: its SDK_READY is ours.
      if (code === LOGIN_IN_PROGRESS && !this.#owned) return;
      if (USER_SIG_EXPIRED_CODES.has(code)) this.#handlers.state('failed', this.#expired());
      else {
        this.#handlers.state(
          'failed',
          new CallError('trtc/login-failed', `TIM login of "${this.#user}" failed (${code || 'no code'}): check sdk-app-id, user and userSig.`, { attribute: 'userSig' }),
        );
      }
    }
  }

  /** Logs in again with a new userSig (after `trtc/user-sig-expired`). */
  async renew(userSig: string): Promise<void> {
    if (userSig === this.#userSig && this.#loggedIn) return;
    this.#userSig = userSig;
    // The page's login stands (the new userSig is for the media rooms); only a lost one is redone.
    if (!this.#owned && this.#loggedIn) return;
    if (this.#loggedIn) await this.#tim.logout().catch(() => undefined);
    this.#loggedIn = false;
    await this.login();
  }

  /** Sends one signal as a high-priority custom message (INVITEs also to offline users, for history pickup; `push` is their offline notification). */
  async send(signal: Signal, to: SignalDestination, push?: PushText): Promise<void> {
    const { TYPES } = this.#sdk;
    const group = 'group' in to;
    this.#handlers.debug(`TIM send ${signal.action}${signal.cmd ? ` ${signal.cmd}` : ''} ${signal.inviteId} to ${group ? `group ${to.group}` : to.user}`);
    try {
      if (this.#carrier) await this.#carrier.send(signal, to, push);
      else {
        const message = this.#tim.createCustomMessage({
          to: group ? to.group : to.user,
          conversationType: group ? TYPES.CONV_GROUP : TYPES.CONV_C2C,
          priority: TYPES.MSG_PRIORITY_HIGH,
          payload: encodeSignal(signal),
        });
        await this.#tim.sendMessage(message as never, sendOptions(signal, push));
      }
    } catch (cause) {
      if (group && NOT_IN_GROUP_CODES.has(Number((cause as { code?: unknown })?.code))) {
        throw new CallError(
          'trtc/signal-failed',
          `Tencent IM did not send the call's ${signal.action} to IM group "${to.group}": it does not exist or "${this.#user}" is not a member. ` +
            'The phone never creates or joins groups: create the group with every caller and callee as members (your server: the REST API create_group / add_group_member; or the page: createGroup / joinGroup on the TIM instance given as sdk.tim), then call with its groupId.',
          { attribute: 'groupId', cause },
        );
      }
      throw new CallError('trtc/signal-failed', `Tencent IM did not send the call's ${signal.action}: ${String((cause as Error)?.message ?? cause)}`, { cause });
    }
  }

  /**
   * Rings for invitations sent while we were logged out, as TSignaling does at login: from the
   * first {@link HISTORY_CONVERSATIONS} conversations with unread messages, the signals of the
   * last {@link HISTORY_PICKUP_MS}, minus the invitations a later signal answered.
   */
  async #pickUpMissed(): Promise<void> {
    const now = Date.now();
    const fresh = (seconds: unknown) => now - Number(seconds) * 1000 <= HISTORY_PICKUP_MS;
    try {
      const listed = (await this.#tim.getConversationList?.()) as { data?: { conversationList?: unknown } } | undefined;
      const conversations = listed?.data?.conversationList;
      if (!Array.isArray(conversations)) return;
      const recent = conversations
        .slice(0, HISTORY_CONVERSATIONS)
        .filter((c: { unreadCount?: unknown; lastMessage?: { lastTime?: unknown } }) => Number(c?.unreadCount) > 0 && fresh(c?.lastMessage?.lastTime));
      const messages: TimMessage[] = [];
      for (const conversation of recent) {
        const count = Math.min(Number(conversation.unreadCount), HISTORY_MESSAGES);
        const result = (await this.#tim.getMessageList({ conversationID: String(conversation.conversationID), count })) as { data?: { messageList?: unknown } };
        const list = result?.data?.messageList;
        if (Array.isArray(list)) messages.push(...list.filter((m: TimMessage) => m?.type === this.#sdk.TYPES.MSG_CUSTOM && fresh(m?.time)));
      }
      if (this.#stopped) return;
      messages.sort((a, b) => Number(a.time) - Number(b.time));
      const decoded = messages.map((message) => ({ message, signal: decodeSignal(message.payload as { data?: unknown }) }));
      const answered = new Set(decoded.filter(({ signal }) => signal && signal.action !== 'invite').map(({ signal }) => signal!.inviteId));
      // A picked-up invitation rings for its full timeout again (TSignaling restarts its timer).
      this.#received(decoded.filter(({ signal }) => signal?.action === 'invite' && !answered.has(signal.inviteId)).map(({ message }) => ({ ...message, time: now / 1000 })));
    } catch (error) {
      this.#handlers.debug(`TIM history pickup failed: ${String((error as Error)?.message ?? error)}`);
    }
  }

  /** Stops listening, and logs out of an instance of its own (never the page's). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#carrier?.stop();
    for (const [event, handler] of this.#listeners) this.#tim.off(event, handler);
    if (this.#loggedIn && this.#owned) await this.#tim.logout().catch(() => undefined);
    this.#loggedIn = false;
  }

  /** Whether a shared instance's existing login is our user's; if not, says so (`trtc/login-failed`). */
  async #loggedInAsUs(): Promise<boolean> {
    const profile = (await this.#tim.getMyProfile?.().catch(() => undefined)) as { data?: { userID?: unknown } } | undefined;
    const user = profile?.data?.userID;
    if (typeof user !== 'string' || !user || user === this.#user) return true;
    this.#handlers.state(
      'failed',
      new CallError('trtc/login-failed', `The TIM instance given as sdk.tim is logged in as "${user.slice(0, 32)}", not "${this.#user}": set user to that user, or log the instance in as "${this.#user}".`, { attribute: 'user' }),
    );
    return false;
  }

  /** TIM is ready (SDK_READY, or a login that was already made): registered; the first time, missed invitations ring. */
  #ready(): void {
    const first = !this.#everReady;
    this.#everReady = true;
    this.#loggedIn = true;
    this.#handlers.state('registered');
    // A carrier (chat's signalling) picks up missed invitations itself.
    if (first && !this.#carrier) void this.#pickUpMissed();
  }

  #listen(event: string, handler: (event: TimEvent) => void): void {
    const guarded = (e: TimEvent) => {
      if (!this.#stopped) handler(e ?? {});
    };
    this.#tim.on(event, guarded);
    this.#listeners.push([event, guarded]);
  }

  #received(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const message of data as TimMessage[]) {
      if (!message || message.type !== this.#sdk.TYPES.MSG_CUSTOM) continue;
      const signal = decodeSignal(message.payload as { data?: unknown });
      const from = typeof message.from === 'string' ? message.from : '';
      if (!signal || !from || from === this.#user) continue;
      const time = Number(message.time);
      this.#handlers.signal(signal, from, Number.isFinite(time) && time > 0 ? time * 1000 : Date.now());
    }
  }

  #kickedOut(data: unknown): void {
    this.#loggedIn = false;
    const type = String((data as { type?: unknown } | undefined)?.type ?? '');
    if (type === this.#sdk.TYPES.KICKED_OUT_USERSIG_EXPIRED) {
      this.#handlers.state('failed', this.#expired());
      return;
    }
    this.#handlers.state(
      'failed',
      new CallError(
        'trtc/kicked-out',
        `"${this.#user}" was logged out by the server (${type || 'unknown reason'}): the same user logged in elsewhere (another tab or device) or was removed. Start the phone again to take the login back.`,
        { cause: { reason: type } },
      ),
    );
  }

  #netState(data: unknown): void {
    if (!this.#loggedIn) return;
    const state = String((data as { state?: unknown } | undefined)?.state ?? '');
    const { TYPES } = this.#sdk;
    if (state === TYPES.NET_STATE_CONNECTED) this.#handlers.state('registered');
    else if (state === TYPES.NET_STATE_CONNECTING || state === TYPES.NET_STATE_DISCONNECTED) {
      this.#handlers.state('reconnecting', new CallError('network/disconnected', 'The connection to Tencent IM was lost: reconnecting.'));
    }
  }

  #expired(): CallError {
    return new CallError('trtc/user-sig-expired', `The userSig of "${this.#user}" has expired: get a new one from your server and set phone.userSig (no reload needed).`, {
      attribute: 'userSig',
    });
  }
}

/**
 * How long ago a signal stamped `sentAt` (TIM's whole seconds, in ms) was sent, at least: the
 * stamp is the start of its second, so counting from it would make timers up to 1 s early.
 */
export function sinceSent(sentAt: number, now = Date.now()): number {
  return Math.max(0, now - sentAt - 999);
}
