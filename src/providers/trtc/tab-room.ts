/**
 * A TRTC call whose media is in another tab of a phone shared across tabs (`src/core/tabs`):
 * the leading tab keeps the TIM login and the call's signalling ({@link TrtcSession}); the tab
 * where the user dialled or answered joins the call's room itself, with its own copy of the
 * userSig, and publishes and plays there ({@link TabRoom}). The leading tab's session drives it
 * through a {@link ChannelRoom}, a {@link MediaRoom} whose requests and events cross tabs. No
 * credential and no track crosses: only the room id, mute changes, and who entered with which
 * kinds of media.
 * @module
 */
import { CallError, toCallError } from '../../base/errors.js';
import type { MediaChannel, ProviderConfig, SessionSnapshot, StatsSource, TabMedia, TabMediaHandlers } from '../../core/provider.js';
import type { MediaRoom, RoomHandlers } from './media-room.js';
import { openRoom } from './rooms.js';
import type { TencentSdkPair } from './sdk-types.js';

/** The leading tab's stand-in figures: the call's quality is read where its media is. */
const NO_STATS: StatsSource = {
  getStats: async () => new Map() as unknown as RTCStatsReport,
  signalingState: 'stable',
  iceConnectionState: 'new',
};

/** The room of a call whose media is in another tab, as the leading tab's session sees it (see the module comment). */
export class ChannelRoom implements MediaRoom {
  readonly #channel: MediaChannel;

  /** `joined`: the room is joined in the media tab already (a call taken over): it is told to report here now. */
  constructor(channel: MediaChannel, handlers: RoomHandlers, joined = false) {
    this.#channel = channel;
    if (joined) void channel.request('attach').catch(() => undefined);
    channel.listen((name, args) => {
      const [user, value] = args as [string, unknown];
      if (name === 'entered') handlers.entered(user, (value as string[]).map(standIn));
      else if (name === 'left') handlers.left(user);
      else if (name === 'media') handlers.media(user, value as { audio?: boolean; video?: boolean });
      else if (name === 'banned') handlers.banned(user);
      else if (name === 'debug') handlers.debug(user);
    });
  }

  async join(roomId: number): Promise<void> {
    await this.#channel.request('join', { roomId });
  }

  /** The media tab switches its own tracks. */
  async replaceTrack(): Promise<void> {}

  mute(kind: 'audio' | 'video', muted: boolean): void {
    void this.#channel.request('mute', { kind, muted }).catch(() => undefined);
  }

  statsSource(): StatsSource {
    return NO_STATS;
  }

  async leave(): Promise<void> {
    await this.#channel.request('leave').catch(() => undefined);
  }
}

/**
 * A remote track of a kind, as the leading tab learns of it: the session reads its kind; it is
 * never played there (remote tracks play in the media tab).
 */
function standIn(kind: string): MediaStreamTrack {
  return { kind } as MediaStreamTrack;
}

/** A TRTC call's state as another tab takes it over (`TrtcSession.snapshot`, `TrtcSession.adopt`). */
export interface TrtcSnapshot {
  [field: string]: unknown;
  remote: string;
  invitees: string[];
  roomId: number;
  groupId: string;
  callType: 'audio' | 'video';
  members: string[];
  joined: string[];
  connectedAt: number;
  /** The peers that wait for a rejoin (`rejoin.ts`). */
  rejoins: string[];
}

/** `snapshot` as a {@link TrtcSnapshot}; throws `call/invalid-state` when it is not one. */
export function readSnapshot(snapshot: SessionSnapshot): TrtcSnapshot {
  const { remote, invitees, roomId, groupId, callType, members, joined, connectedAt, rejoins } = snapshot as Partial<TrtcSnapshot>;
  if (typeof remote !== 'string' || typeof roomId !== 'number' || !Array.isArray(joined) || !Array.isArray(members) || typeof connectedAt !== 'number') {
    throw new CallError('call/invalid-state', 'Cannot take the TRTC call over: its state from the closed tab is incomplete.');
  }
  const waiting = Array.isArray(rejoins) ? rejoins.filter((user) => typeof user === 'string') : [];
  return { remote, invitees: invitees ?? [remote], roomId, groupId: groupId ?? '', callType: callType === 'video' ? 'video' : 'audio', members, joined, connectedAt, rejoins: waiting };
}

/** What a {@link TabRoom} needs of its provider. */
export interface TabRoomHost {
  config(): ProviderConfig;
  /** The SDKs, loaded once for the provider. */
  sdks(): Promise<TencentSdkPair>;
}

/** A call's room in the tab that holds its media, driven by the leading tab (see the module comment). */
export class TabRoom implements TabMedia {
  readonly #host: TabRoomHost;
  readonly #stream: MediaStream;
  readonly #handlers: TabMediaHandlers;
  #room?: MediaRoom;
  #closed = false;

  constructor(host: TabRoomHost, stream: MediaStream, handlers: TabMediaHandlers) {
    this.#host = host;
    this.#stream = stream;
    this.#handlers = handlers;
  }

  async handle(op: string, fields: Record<string, unknown>): Promise<unknown> {
    if (op === 'join') return this.#join(fields.roomId as number);
    if (op === 'attach') return undefined; // a new leading tab takes the call over: its channel now gets the events
    // Answered once out of the room: a call moving to another tab enters from there only then.
    if (op === 'leave') return this.#leave();
    if (op === 'mute') this.#room?.mute(fields.kind as 'audio' | 'video', !!fields.muted);
    else throw new CallError('call/unsupported', `A TRTC room has no operation "${op}".`);
    return undefined;
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    await this.#room?.replaceTrack(kind, track);
  }

  statsSource(): StatsSource | undefined {
    return this.#room?.statsSource();
  }

  close(): void {
    void this.#leave();
  }

  async #leave(): Promise<void> {
    this.#closed = true;
    await this.#room?.leave();
  }

  async #join(roomId: number): Promise<void> {
    if (this.#room) throw new CallError('call/invalid-state', 'This call is in its room already.');
    let sdks: TencentSdkPair;
    try {
      sdks = await this.#host.sdks();
    } catch (error) {
      throw toCallError(error, 'trtc/sdk-unavailable');
    }
    if (this.#closed) return;
    const { sdkAppId, user, userSig } = this.#host.config();
    const emit = this.#handlers.emit;
    this.#room = openRoom(sdks.TRTC, { sdkAppId, user, userSig: userSig ?? '' }, {
      entered: (userId, tracks) => {
        for (const track of tracks) this.#handlers.remoteTrack(track, userId);
        emit('entered', [userId, tracks.map((t) => t.kind)]);
      },
      left: (userId) => emit('left', [userId]),
      media: (userId, change) => emit('media', [userId, change]),
      banned: (reason) => emit('banned', [reason]),
      debug: (line) => emit('debug', [line]),
    });
    await this.#room.join(roomId, this.#stream);
  }
}
