import type { Call } from './call.js';
import type { CallError } from './errors.js';
import type { Participant } from './participant.js';
import type { MediaReconnectCause, TransferState } from './provider.js';
import type { CallState, CallSummary, MediaKind, RegistrationState } from './types.js';
import type { DeviceSlot, MediaDevice } from '../media/device-manager.js';
import type { RecordingState } from '../media/call-recorder.js';
import type { CallReport } from '../quality/call-quality.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

/**
 * Every event of call-elements and its `detail`. The controller dispatches them as
 * `CustomEvent`s; elements re-dispatch the same names, bubbling and composed.
 */
export interface CallEventDetailMap {
  /** Connection/registration state changed. */
  'call-registration-change': { state: RegistrationState; error?: CallError };
  /** Registered: calls can be made and received. */
  'call-registered': { user: string };
  /** No longer registered (stopped, or the transport dropped). */
  'call-unregistered': { user: string };
  /** A call is arriving: answer or reject it. */
  'call-incoming': { call: Call };
  /** An outgoing call was started. */
  'call-outgoing': { call: Call };
  /** Any call changed state. */
  'call-state-change': { call: Call; state: CallState; previous: CallState };
  /** The far end is ringing. */
  'call-ringing': { call: Call; earlyMedia: boolean };
  /** The call is answered and confirmed. */
  'call-connected': { call: Call };
  /** Hold changed on either side. */
  'call-hold': { call: Call; local: boolean; remote: boolean };
  /** Local audio or video was muted or unmuted. */
  'call-mute': { call: Call; kind: MediaKind; muted: boolean };
  /** DTMF sent (`out`) or received by SIP INFO (`in`). */
  'call-dtmf': { call: Call; tones: string; direction: 'in' | 'out' };
  /** A SIP INFO (or provider message) was sent or received. Body is peer data: treat as text. */
  'call-info': { call: Call; contentType: string; body: string; direction: 'in' | 'out' };
  /**
   * The call's media path was lost (ICE `disconnected` past a short grace, or `failed`) and an
   * ICE restart is under way; the call is still up. Ends with `call-reconnected`, or with
   * `call-ended` (reason `network`) after `mediaReconnectTimeout`.
   */
  'call-reconnecting': { call: Call; cause: MediaReconnectCause };
  /** Media flows again after `call-reconnecting`; `durationMs` is how long it was lost. */
  'call-reconnected': { call: Call; cause: MediaReconnectCause; durationMs: number };
  /**
   * Progress of a transfer we started with `call.transfer(target)`: `trying`, `ringing`,
   * `accepted` (the call then ends with reason `transferred`) or `failed` (the call stays).
   */
  'call-transfer': { call: Call; state: TransferState; statusCode?: number };
  /**
   * The far end asks us to call `target` in its place (it transfers us). Cancelable: call
   * `preventDefault()` to refuse; else the new call starts (`call-outgoing`) and this one
   * ends when the far end hangs up. Refused without an event when `allowTransfer` is false.
   */
  'call-refer': { call: Call; target: string };
  /** Recording of a call started, paused, resumed (`recording`) or stopped (with the file). */
  'call-recording': { call: Call; state: RecordingState; blob?: Blob };
  /** Two calls were merged into a 3-way conference mixed here (`merged`), or split again. */
  'call-conference': { calls: readonly Call[]; merged: boolean };
  /** A remote track arrived, of `participant` (its id; for SIP the remote party's user part). */
  'call-remote-track': { call: Call; track: MediaStreamTrack; participant: string };
  /** A participant joined the call (its media is with us; for SIP the remote party, when the call connects). */
  'call-participant-joined': { call: Call; participant: Participant };
  /** A participant left, or its invitation ended (`participant.state`: `left`, `rejected`, `busy`, `no-answer`, `cancelled`). */
  'call-participant-left': { call: Call; participant: Participant };
  /** A participant was invited or rings, or its microphone, camera or name changed. */
  'call-participant-change': { call: Call; participant: Participant };
  /** The call ended (always fired, once). */
  'call-ended': { call: Call; summary: CallSummary };
  /** The call ended without ever connecting, for a reason other than our own cancel. */
  'call-failed': { call: Call; summary: CallSummary };
  /** A quality sample of a connected call (every stats interval, default 1 s). */
  'call-quality': { call: Call; sample: QualitySample };
  /** A quality warning was raised (e.g. `high-rtt`), with the figure that raised it. */
  'call-quality-warning': { call: Call; warning: QualityWarning };
  /** A quality warning cleared after its condition was absent for a while. */
  'call-quality-warning-cleared': { call: Call; warning: QualityWarning };
  /** The periodic full report (default every 3 s). */
  'call-report': { call: Call; report: CallReport };
  /**
   * A device choice changed: chosen by the user (`selected`), or the chosen device was
   * unplugged and the system default took over (`unplugged`, with the device that was `lost`).
   */
  'call-device-change': { slot: DeviceSlot; deviceId: string; previous: string; reason: 'selected' | 'unplugged'; lost?: MediaDevice };
  /** Microphones, cameras or speakers were plugged in or out (or labels became known). */
  'call-device-list-change': { devices: MediaDevice[] };
  /** Our outgoing tracks changed (device switch, screen share, camera on/off, video added or removed). */
  'call-local-media': { call: Call; stream: MediaStream };
  /** Video was added to or removed from a call by either side. */
  'call-video-change': { call: Call; video: boolean; remoteVideo: boolean; originator: 'local' | 'remote' };
  /**
   * A participant started or stopped speaking: `local` for our microphone (silent while muted),
   * else the far end (`participant` is its id). Levels are measured on the tracks with
   * hysteresis: on after ≥ 0.3 for 100 ms, off after < 0.15 for 800 ms.
   */
  'call-speaking': { call: Call; participant: string; local: boolean; speaking: boolean };
  /** Screen sharing started or stopped (also when stopped from the browser's own button). */
  'call-screen-share': { call: Call; sharing: boolean };
  /** The browser refused to play sound until the user interacts with the page (autoplay policy). */
  'call-sound-blocked': { what: 'tones' | 'audio' };
  /** Sound plays again after {@link CallController.resumeAudio} ran in a user gesture. */
  'call-sound-unblocked': Record<string, never>;
  /** The list of calls changed. */
  'call-list-change': { calls: readonly Call[] };
  /** Something went wrong; `error.code` is stable, `error.message` says how to fix it. */
  'call-error': { error: CallError; call?: Call };
}

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
  'call-error': true,
};

/** All event names, e.g. for forwarding them from a controller to an element. */
export const CALL_EVENT_NAMES = Object.keys(EVENT_KEYS) as readonly CallEventName[];

/** Emits typed events; implemented by the controller and handed to calls. */
export type EmitFn = <K extends CallEventName>(type: K, detail: CallEventDetailMap[K]) => void;
