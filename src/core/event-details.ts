/**
 * The events' detail types, generic over the call type so that `call.ts` can use them without
 * a circle of imports (`events.ts` instantiates them with `Call`).
 * @module
 */
import type { CallError } from '../base/errors.js';
import type { Participant } from './participant.js';
import type { MediaReconnectCause, TransferState } from './provider.js';
import type { EndReason } from './end-reason.js';
import type { CallElsewhere, CallState, CallSummary, MediaKind, RegistrationState, RemoteParty } from './types.js';
import type { DeviceSlot, MediaDevice } from '../media/device-manager.js';
import type { RecordingState } from '../media/call-recorder.js';
import type { CallReport } from '../quality/call-quality.js';
import type { QualitySample } from '../quality/sample.js';
import type { QualityWarning } from '../quality/warnings.js';

/**
 * Every event of call-elements and its `detail`, for calls of type `TCall` (see
 * `CallEventDetailMap` in `events.ts`, the map pages use, where `TCall` is `Call`). Kept apart
 * so that `Call` can emit typed events without importing the module that names it.
 */
export interface CallEventDetails<TCall> {
  /** Connection/registration state changed. */
  'call-registration-change': { state: RegistrationState; error?: CallError };
  /** Registered: calls can be made and received. */
  'call-registered': { user: string };
  /** No longer registered (stopped, or the transport dropped). */
  'call-unregistered': { user: string };
  /** A call is arriving: answer or reject it. */
  'call-incoming': { call: TCall };
  /**
   * An arriving call was turned away before it showed (no `Call`, no `call-incoming`): `busy`
   * beyond `maxCalls`, with `callWaiting` `busy`, or while the provider takes no second call
   * (TRTC: in a call, the caller hears line busy); `decline` with `callWaiting` `reject`.
   * `remote` is the caller; `video`, whether it offered video.
   */
  'call-refused': { remote: RemoteParty; reason: 'busy' | 'decline'; video: boolean };
  /** An outgoing call was started. */
  'call-outgoing': { call: TCall };
  /** Any call changed state. */
  'call-state-change': { call: TCall; state: CallState; previous: CallState };
  /** The far end is ringing. */
  'call-ringing': { call: TCall; earlyMedia: boolean };
  /** The call is answered and confirmed. */
  'call-connected': { call: TCall };
  /** Hold changed on either side. */
  'call-hold': { call: TCall; local: boolean; remote: boolean };
  /** Local audio or video was muted or unmuted. */
  'call-mute': { call: TCall; kind: MediaKind; muted: boolean };
  /** DTMF sent (`out`) or received by SIP INFO (`in`). */
  'call-dtmf': { call: TCall; tones: string; direction: 'in' | 'out' };
  /** A SIP INFO (or provider message) was sent or received. Body is peer data: treat as text. */
  'call-info': { call: TCall; contentType: string; body: string; direction: 'in' | 'out' };
  /**
   * The call's media path was lost (ICE `disconnected` past a short grace, or `failed`) and an
   * ICE restart is under way; the call is still up. Ends with `call-reconnected`, or with
   * `call-ended` (reason `network`) after `mediaReconnectTimeout`.
   */
  'call-reconnecting': { call: TCall; cause: MediaReconnectCause };
  /** Media flows again after `call-reconnecting`; `durationMs` is how long it was lost. */
  'call-reconnected': { call: TCall; cause: MediaReconnectCause; durationMs: number };
  /**
   * Progress of a transfer we started with `call.transfer(target)`: `trying`, `ringing`,
   * `accepted` (the call then ends with reason `transferred`) or `failed` (the call stays).
   */
  'call-transfer': { call: TCall; state: TransferState; statusCode?: number };
  /**
   * The far end asks us to call `target` in its place (it transfers us). Cancelable: call
   * `preventDefault()` to refuse; else the new call starts (`call-outgoing`) and this one
   * ends when the far end hangs up. Refused without an event when `allowTransfer` is false.
   */
  'call-refer': { call: TCall; target: string };
  /** Recording of a call started, paused, resumed (`recording`) or stopped (with the file). */
  'call-recording': { call: TCall; state: RecordingState; blob?: Blob };
  /** Two calls were merged into a 3-way conference mixed here (`merged`), or split again. */
  'call-conference': { calls: readonly TCall[]; merged: boolean };
  /** A remote track arrived, of `participant` (its id; for SIP the remote party's user part). */
  'call-remote-track': { call: TCall; track: MediaStreamTrack; participant: string };
  /** A participant joined the call (its media is with us; for SIP the remote party, when the call connects). */
  'call-participant-joined': { call: TCall; participant: Participant };
  /** A participant left, or its invitation ended (`participant.state`: `left`, `rejected`, `busy`, `no-answer`, `cancelled`). */
  'call-participant-left': { call: TCall; participant: Participant };
  /** A participant was invited or rings, or its microphone, camera or name changed. */
  'call-participant-change': { call: TCall; participant: Participant };
  /** The call ended (always fired, once). */
  'call-ended': { call: TCall; summary: CallSummary };
  /** The call ended without ever connecting, for a reason other than our own cancel. */
  'call-failed': { call: TCall; summary: CallSummary };
  /** A quality sample of a connected call (every stats interval, default 1 s). */
  'call-quality': { call: TCall; sample: QualitySample };
  /** A quality warning was raised (e.g. `high-rtt`), with the figure that raised it. */
  'call-quality-warning': { call: TCall; warning: QualityWarning };
  /** A quality warning cleared after its condition was absent for a while. */
  'call-quality-warning-cleared': { call: TCall; warning: QualityWarning };
  /** The periodic full report (default every 3 s). */
  'call-report': { call: TCall; report: CallReport };
  /**
   * A device choice changed: chosen by the user (`selected`), or the chosen device was
   * unplugged and the system default took over (`unplugged`, with the device that was `lost`).
   */
  'call-device-change': { slot: DeviceSlot; deviceId: string; previous: string; reason: 'selected' | 'unplugged'; lost?: MediaDevice };
  /** Microphones, cameras or speakers were plugged in or out (or labels became known). */
  'call-device-list-change': { devices: MediaDevice[] };
  /** Our outgoing tracks changed (device switch, screen share, camera on/off, video added or removed). */
  'call-local-media': { call: TCall; stream: MediaStream };
  /** Video was added to or removed from a call by either side. */
  'call-video-change': { call: TCall; video: boolean; remoteVideo: boolean; originator: 'local' | 'remote' };
  /**
   * A participant started or stopped speaking: `local` for our microphone (silent while muted),
   * else the far end (`participant` is its id). Levels are measured on the tracks with
   * hysteresis: on after ≥ 0.3 for 100 ms, off after < 0.15 for 800 ms.
   */
  'call-speaking': { call: TCall; participant: string; local: boolean; speaking: boolean };
  /** Screen sharing started or stopped (also when stopped from the browser's own button). */
  'call-screen-share': { call: TCall; sharing: boolean };
  /** The browser refused to play sound until the user interacts with the page (autoplay policy). */
  'call-sound-blocked': { what: 'tones' | 'audio' };
  /** Sound plays again after {@link CallController.resumeAudio} ran in a user gesture. */
  'call-sound-unblocked': Record<string, never>;
  /** The list of calls changed. */
  'call-list-change': { calls: readonly TCall[] };
  /**
   * The calls this phone's other tabs hold changed (one phone across tabs): `calls` is
   * `controller.callsElsewhere` now; `ended`, when one of them ended, says how.
   */
  'call-elsewhere-change': { calls: readonly CallElsewhere[]; ended?: { call: CallElsewhere; reason: EndReason; duration: number } };
  /** Something went wrong; `error.code` is stable, `error.message` says how to fix it. */
  'call-error': { error: CallError; call?: TCall };
}

/** The name of an event. */
export type CallEventNameOf = keyof CallEventDetails<unknown>;

/** Emits typed events about calls of type `TCall`. */
export type EmitFnOf<TCall> = <K extends CallEventNameOf>(type: K, detail: CallEventDetails<TCall>[K]) => void;
