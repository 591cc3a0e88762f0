/**
 * What a TRTC call needs of a media room, whichever TRTC generation carries it: trtc-js-sdk 4
 * (`trtc-room.ts`) or trtc-sdk-v5 (`trtc-v5-room.ts`). The session (`trtc-session.ts`) sees only
 * this; `rooms.ts` picks the adapter from the SDK object.
 * @module
 */
import type { StatsSource } from '../../core/provider.js';
import type { TrtcSdk, TrtcV5Sdk } from './sdk-types.js';

/** What the room reports. */
export interface RoomHandlers {
  /** A remote user's media is with us: its tracks (the user "entered"); again when they change. */
  entered(userId: string, tracks: MediaStreamTrack[]): void;
  /** A remote user left the room. */
  left(userId: string): void;
  /** A remote user muted or unmuted its microphone or camera. */
  media(userId: string, change: { audio?: boolean; video?: boolean }): void;
  /** We were removed from the room (kicked, banned, room disbanded). */
  banned(reason: string): void;
  debug(line: string): void;
}

/** Who enters the room. The userSig is only handed to the SDK, never logged. */
export interface RoomOptions {
  sdkAppId: number;
  user: string;
  userSig: string;
}

/** One user in one TRTC room, publishing the controller's own tracks. */
export interface MediaRoom {
  /** Enters `roomId` and publishes the tracks of `stream`; rejects with `trtc/room-failed`. */
  join(roomId: number, stream: MediaStream): Promise<void>;
  /** Sends `track` in place of the one of its kind (device switch, screen share); null stops sending that kind. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Mutes or unmutes what we publish; the others are told. */
  mute(kind: 'audio' | 'video', muted: boolean): void;
  /** The SDK's figures shaped as a stats report, for call quality. */
  statsSource(): StatsSource;
  /** Leaves the room; our tracks stay ours to release. */
  leave(): Promise<void>;
}

/** Whether `sdk` is trtc-sdk-v5's `TRTC` (`TRTC.create`) rather than trtc-js-sdk 4's (`TRTC.createClient`). */
export function isTrtcV5(sdk: TrtcSdk | TrtcV5Sdk): sdk is TrtcV5Sdk {
  return typeof (sdk as Partial<TrtcV5Sdk>).create === 'function' && typeof (sdk as Partial<TrtcSdk>).createClient !== 'function';
}

/** `handlers` that do nothing once `current` says false (a room the call left for another, see `TrtcSession.moveMedia`). */
export function whileCurrent(current: () => boolean, handlers: RoomHandlers): RoomHandlers {
  const guarded = {} as Record<string, (...args: never[]) => void>;
  for (const [name, handler] of Object.entries(handlers) as [string, (...args: never[]) => void][]) {
    guarded[name] = (...args) => {
      if (current()) handler(...args);
    };
  }
  return guarded as unknown as RoomHandlers;
}
