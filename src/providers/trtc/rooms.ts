/**
 * Opens a media room with the adapter of the TRTC generation the page gave: trtc-sdk-v5
 * (`TRTC.create`) or trtc-js-sdk 4 (`TRTC.createClient`).
 * @module
 */
import { isTrtcV5 } from './media-room.js';
import type { MediaRoom, RoomHandlers, RoomOptions } from './media-room.js';
import type { TrtcSdk, TrtcV5Sdk } from './sdk-types.js';
import { TrtcRoom } from './trtc-room.js';
import { TrtcV5Room } from './trtc-v5-room.js';

/** A room for one call on `sdk` (either generation). */
export function openRoom(sdk: TrtcSdk | TrtcV5Sdk, options: RoomOptions, handlers: RoomHandlers): MediaRoom {
  return isTrtcV5(sdk) ? new TrtcV5Room(sdk, options, handlers) : new TrtcRoom(sdk, options, handlers);
}
