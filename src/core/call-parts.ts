/**
 * What a controller needs only once calls exist — the {@link Call} class with its parts (media,
 * participants, recording, quality), conferences, transfers, placing and receiving calls — as
 * one module the controller imports lazily, together with the provider, so that a page paints
 * without it.
 * @module
 */
export { Call } from './call.js';
export { Conference } from './conference.js';
export { receiveIncoming } from './incoming-calls.js';
export { placeOutgoing } from './outgoing-calls.js';
export { followRefer, whenSettled } from './transfers.js';
