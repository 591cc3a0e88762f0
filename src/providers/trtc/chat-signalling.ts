/**
 * The @tencentcloud/chat signalling adapter (a {@link SignalCarrier}): call signals through
 * chat's built-in signalling (`invite`, `inviteInGroup`, `accept`, `reject`, `cancel`,
 * `addSignalingListener`) instead of custom messages of ours. The wire is the same: chat wraps
 * our `av_call` data (inner version 4) in TSignaling's envelope (`businessID: 1`), so a chat
 * phone and a tim-js-sdk phone (or TRTCCalling) call each other.
 *
 * Differences the adapter hides: chat makes the invitation ids (ours are mapped to chat's);
 * chat runs the invitation timers and sends TIMEOUT itself (the callee's after the timeout,
 * the caller's 5 s later, TRTCCalling's rules), so a TIMEOUT of ours is not sent and the
 * callee's own timer reaches the call as a TIMEOUT from ourselves; chat picks up invitations
 * missed while logged out itself; chat's events carry no send time (the time of arrival is used).
 * @module
 */
import { CallError } from '../../base/errors.js';
import { decodeSignal, encodeSignal, sendOptions } from './signalling.js';
import type { PushText, Signal } from './signalling.js';
import type { ChatInstance, ChatSignalingEvent, ChatSignalingNames, TimInstance } from './sdk-types.js';
import type { SignalCarrier, SignalCarrierFactory, SignalDeliver, SignalDestination } from './tim-signalling.js';

/** The instance methods chat's signalling has (what tells a chat instance from a tim-js-sdk one). */
export const CHAT_SIGNALLING_METHODS = ['addSignalingListener', 'removeSignalingListener', 'invite', 'inviteInGroup', 'accept', 'reject', 'cancel'] as const;

/** `TencentCloudChat.TSignaling`'s event names in @tencentcloud/chat 3.x, for a shared instance given with a `TIM` that lacks them. */
export const CHAT_SIGNALING_NAMES: ChatSignalingNames = {
  NEW_INVITATION_RECEIVED: 'newInvitationReceived',
  INVITEE_ACCEPTED: 'ts_invitee_accepted',
  INVITEE_REJECTED: 'ts_invitee_rejected',
  INVITATION_CANCELLED: 'ts_invitation_cancelled',
  INVITATION_TIMEOUT: 'ts_invitation_timeout',
};

/** Whether `tim` has chat's built-in signalling. */
export function hasChatSignalling(tim: unknown): tim is ChatInstance {
  const record = tim as Partial<Record<string, unknown>> | null | undefined;
  return !!record && CHAT_SIGNALLING_METHODS.every((name) => typeof record[name] === 'function');
}

/**
 * The carrier factory for chat instances whose signalling event names are `names`
 * (`TencentCloudChat.TSignaling`); it throws `trtc/sdk-unavailable` for an instance without
 * chat's signalling.
 */
export function chatCarrier(names: ChatSignalingNames): SignalCarrierFactory {
  return (tim, user, deliver, debug) => {
    if (!hasChatSignalling(tim)) {
      throw new CallError(
        'trtc/sdk-unavailable',
        `The chat instance has no signalling (${CHAT_SIGNALLING_METHODS.join(', ')}): with @tencentcloud/chat's ES build, create it with its signalling module, ` +
          "TencentCloudChat.create({ SDKAppID, modules: { 'signaling-module': SignalingModule } }) (SignalingModule from '@tencentcloud/chat/modules/signaling-module.js'), and give it as sdk.tim.",
        { attribute: 'sdk' },
      );
    }
    return new ChatCarrier(tim, names, user, deliver, debug);
  };
}

type Listener = (event: { name?: string; data?: unknown }) => void;

/** One logged-in user's signals over chat's signalling. */
class ChatCarrier implements SignalCarrier {
  readonly #chat: ChatInstance;
  readonly #user: string;
  readonly #deliver: SignalDeliver;
  readonly #debug: (line: string) => void;
  readonly #listeners: [string, Listener][] = [];
  /** Our invitation id → chat's (once `invite` resolved). */
  readonly #sdkIds = new Map<string, Promise<string>>();
  /** Chat's invitation id → ours. */
  readonly #ourIds = new Map<string, string>();
  readonly #cancelled = new Set<string>();
  /** Chat refuses an accept/reject/cancel while another is under way: they go one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(tim: TimInstance, names: ChatSignalingNames, user: string, deliver: SignalDeliver, debug: (line: string) => void) {
    this.#chat = tim as ChatInstance;
    this.#user = user;
    this.#deliver = deliver;
    this.#debug = debug;
    this.#listen(names.NEW_INVITATION_RECEIVED, (d) => this.#received(d, 1, d.inviter, d.inviteeList));
    this.#listen(names.INVITEE_ACCEPTED, (d) => this.#received(d, 3, d.invitee, d.invitee ? [d.invitee] : undefined));
    this.#listen(names.INVITEE_REJECTED, (d) => this.#received(d, 4, d.invitee, d.invitee ? [d.invitee] : undefined));
    this.#listen(names.INVITATION_CANCELLED, (d) => this.#received(d, 2, d.inviter, [user]));
    this.#listen(names.INVITATION_TIMEOUT, (d) => {
      const list = Array.isArray(d.inviteeList) ? d.inviteeList : [];
      if (d.inviter === user) {
        // Ours: chat's caller timer fires with the session's own (timeout + 5 s), which ends the call.
        if (!d.isSelfTimeout) for (const invitee of list) this.#received(d, 5, invitee, [invitee]);
      } else this.#received(d, 5, d.isSelfTimeout ? user : d.inviter, [user]);
    });
  }

  async send(signal: Signal, to: SignalDestination, push?: PushText): Promise<void> {
    const data = (JSON.parse(encodeSignal(signal).data) as { data: string }).data;
    const options = sendOptions(signal, push);
    switch (signal.action) {
      case 'invite': {
        const info = options.offlinePushInfo;
        const common = {
          data,
          timeout: signal.timeout,
          onlineUserOnly: options.onlineUserOnly,
          ...(info ? { offlinePushInfo: { title: info.title, description: info.description, extension: info.extension } } : {}),
        };
        const sent = 'group' in to ? this.#chat.inviteInGroup({ ...common, groupID: to.group, inviteeList: signal.invitees }) : this.#chat.invite({ ...common, userID: to.user });
        const id = sent.then(inviteIdOf);
        this.#sdkIds.set(signal.inviteId, id);
        try {
          this.#ourIds.set(await id, signal.inviteId);
        } catch (error) {
          this.#sdkIds.delete(signal.inviteId);
          throw error;
        }
        return;
      }
      case 'cancel': {
        // Chat cancels an invitation for all its invitees at once.
        const id = await this.#sdkId(signal.inviteId);
        if (this.#cancelled.has(id)) return;
        this.#cancelled.add(id);
        await this.#serially(() => this.#chat.cancel({ inviteID: id, data }));
        return;
      }
      case 'accept':
      case 'reject': {
        const id = await this.#sdkId(signal.inviteId);
        await this.#serially(() => (signal.action === 'accept' ? this.#chat.accept({ inviteID: id, data }) : this.#chat.reject({ inviteID: id, data })));
        return;
      }
      case 'timeout':
        this.#debug(`chat sends the TIMEOUT of ${signal.inviteId} itself`);
    }
  }

  stop(): void {
    for (const [name, handler] of this.#listeners) this.#chat.removeSignalingListener(name, handler);
    this.#listeners.length = 0;
  }

  #listen(name: string, handler: (data: ChatSignalingEvent) => void): void {
    const listener: Listener = (event) => {
      const data = event?.data as ChatSignalingEvent | undefined;
      if (data && typeof data.inviteID === 'string') handler(data);
    };
    this.#chat.addSignalingListener(name, listener);
    this.#listeners.push([name, listener]);
  }

  async #sdkId(ours: string): Promise<string> {
    return (await this.#sdkIds.get(ours)) ?? ours;
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** A chat event as the TSignaling envelope it came in, decoded; `from` is who sent it (ourselves for our own timer). */
  #received(event: ChatSignalingEvent, actionType: number, from: string | undefined, invitees: string[] | undefined): void {
    if (typeof from !== 'string' || !from || !invitees?.length) return;
    if (from === this.#user && actionType !== 5) return;
    const inviteID = this.#ourIds.get(event.inviteID) ?? event.inviteID;
    const envelope = { businessID: 1, inviteID, inviter: event.inviter, actionType, inviteeList: invitees, data: event.data, timeout: 0, groupID: event.groupID ?? '' };
    const signal = decodeSignal({ data: JSON.stringify(envelope) });
    if (signal) this.#deliver(signal, from, Date.now());
  }
}

/** The invitation id chat's `invite` / `inviteInGroup` resolved with. */
function inviteIdOf(result: unknown): string {
  const record = result as { inviteID?: unknown; data?: { inviteID?: unknown } } | undefined;
  const id = record?.inviteID ?? record?.data?.inviteID;
  if (typeof id !== 'string' || !id) throw new Error('chat invite resolved without an inviteID');
  return id;
}
