import type { Call } from './call.js';
import type { CallEventDetails, EmitFnOf } from './event-details.js';

/**
 * Every event of call-elements and its `detail`. The controller dispatches them as
 * `CustomEvent`s; elements re-dispatch the same names, bubbling and composed. (Each event's
 * documentation is in `event-details.ts`.)
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CallEventDetailMap extends CallEventDetails<Call> {}

/** Names of all call-elements events. */
export type CallEventName = keyof CallEventDetailMap;

/** A typed call-elements event. */
export type CallEvent<K extends CallEventName = CallEventName> = CustomEvent<CallEventDetailMap[K]>;

/** One key per event of {@link CallEventDetailMap}: a missing or extra name fails type checking. */
const EVENT_KEYS: { readonly [K in CallEventName]: true } = {
  'call-registration-change': true,
  'call-registered': true,
  'call-unregistered': true,
  'call-incoming': true,
  'call-refused': true,
  'call-outgoing': true,
  'call-state-change': true,
  'call-ringing': true,
  'call-connected': true,
  'call-hold': true,
  'call-mute': true,
  'call-dtmf': true,
  'call-info': true,
  'call-reconnecting': true,
  'call-reconnected': true,
  'call-transfer': true,
  'call-refer': true,
  'call-recording': true,
  'call-conference': true,
  'call-remote-track': true,
  'call-participant-joined': true,
  'call-participant-left': true,
  'call-participant-change': true,
  'call-ended': true,
  'call-failed': true,
  'call-quality': true,
  'call-quality-warning': true,
  'call-quality-warning-cleared': true,
  'call-report': true,
  'call-device-change': true,
  'call-device-list-change': true,
  'call-local-media': true,
  'call-video-change': true,
  'call-screen-share': true,
  'call-speaking': true,
  'call-sound-blocked': true,
  'call-sound-unblocked': true,
  'call-list-change': true,
  'call-elsewhere-change': true,
  'call-error': true,
};

/** All event names, e.g. for forwarding them from a controller to an element. */
export const CALL_EVENT_NAMES = Object.keys(EVENT_KEYS) as readonly CallEventName[];

/** Emits typed events; implemented by the controller and handed to calls. */
export type EmitFn = EmitFnOf<Call>;
