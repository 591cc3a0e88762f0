/**
 * Gets a call's media path back after it was lost: watches the ICE connection state of a
 * peer connection and, on `disconnected` that lasts past a short grace or on `failed`, asks
 * for ICE restarts (each a renegotiation with new ICE credentials) with jittered backoff until
 * media flows again or a time limit passes. A path that ICE still calls connected but over which
 * nothing arrives ({@link MediaStallWatch}: Firefox under total loss) is lost too; it counts as
 * back once anything arrives again.
 * @module
 */
import { backoffDelay, timerMs } from '../../core/backoff.js';
import type { MediaReconnectCause } from '../../core/provider.js';
import { MEDIA_STALL_DEFAULTS, MediaStallWatch } from './media-stall.js';
import type { MediaStallOptions } from './media-stall.js';

/** Timing of {@link IceRecovery}. */
export interface IceRecoveryOptions {
  /** How long `disconnected` may last before a restart (ICE often recovers by itself within it). */
  graceMs: number;
  /** Give up after this long without media (0: never try, the call ends when ICE fails). */
  timeoutMs: number;
  /** Longest wait between two restarts. */
  maxDelayMs: number;
  /** How the receive counters are watched (default {@link MEDIA_STALL_DEFAULTS}). */
  stall?: MediaStallOptions;
}

/** What {@link IceRecovery} drives. */
export interface IceRecoveryHost {
  /** Sends an ICE-restart offer and resolves when it was answered; rejects when it could not be sent or was refused. */
  restart(): Promise<void>;
  /** Media was lost; restarts begin. */
  lost(cause: MediaReconnectCause): void;
  /** Media flows again. */
  recovered(): void;
  /** The time limit passed without media: end the call. */
  gaveUp(): void;
  /** Whether media should be arriving now: the call is confirmed and neither side holds it. */
  mediaExpected(): boolean;
}

/** The default timing: 1.5 s grace, restarts at most 5 s apart. */
export const ICE_RECOVERY_DEFAULTS = { graceMs: 1500, maxDelayMs: 5000 } as const;

/** The wait before the second restart; later waits double up to `maxDelayMs` (jittered). */
const FIRST_RETRY_MS = 2000;

/** One peer connection's recovery (see the module comment). */
export class IceRecovery {
  readonly #pc: RTCPeerConnection;
  readonly #host: IceRecoveryHost;
  readonly #options: IceRecoveryOptions;
  #graceTimer?: ReturnType<typeof setTimeout>;
  #retryTimer?: ReturnType<typeof setTimeout>;
  #limitTimer?: ReturnType<typeof setTimeout>;
  #active = false;
  #attempt = 0;
  #restarting = false;
  #disposed = false;
  #cause?: MediaReconnectCause;
  /** ICE left `connected` during a recovery begun for stalled media. */
  #iceWentDown = false;
  readonly #stall?: MediaStallWatch;
  readonly #onChange = () => this.#changed();

  constructor(pc: RTCPeerConnection, host: IceRecoveryHost, options: IceRecoveryOptions) {
    this.#pc = pc;
    this.#host = host;
    this.#options = options;
    pc.addEventListener('iceconnectionstatechange', this.#onChange);
    if (!this.enabled) return;
    this.#stall = new MediaStallWatch(
      pc,
      { expected: () => host.mediaExpected(), stalled: () => this.#stalled(), flowing: () => this.#flowing() },
      options.stall ?? MEDIA_STALL_DEFAULTS,
    );
  }

  /** Whether enabled: a time limit above 0 was given. */
  get enabled(): boolean {
    return this.#options.timeoutMs > 0;
  }

  /** Whether media is lost and restarts are under way. */
  get active(): boolean {
    return this.#active;
  }

  /** Stops watching; no callback fires afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.#pc.removeEventListener('iceconnectionstatechange', this.#onChange);
    this.#stall?.dispose();
    this.#clearTimers();
  }

  /** Nothing arrives: lost, unless ICE noticed first (its grace or restarts are under way). */
  #stalled(): void {
    const state = this.#pc.iceConnectionState;
    if (this.#disposed || this.#active || this.#graceTimer || (state !== 'connected' && state !== 'completed')) return;
    this.#begin('media-stalled');
  }

  #flowing(): void {
    if (this.#active && this.#cause === 'media-stalled') this.#recovered();
  }

  #changed(): void {
    if (this.#disposed || !this.enabled) return;
    const state = this.#pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') {
      clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
      // ICE back counts when ICE was what went away; stalled media is back when media arrives.
      if (this.#active && (this.#cause !== 'media-stalled' || this.#iceWentDown)) this.#recovered();
    } else if (state === 'disconnected') {
      if (this.#active) this.#iceWentDown = true;
      if (this.#active || this.#graceTimer) return;
      this.#graceTimer = setTimeout(() => {
        this.#graceTimer = undefined;
        const now = this.#pc.iceConnectionState;
        if (!this.#active && (now === 'disconnected' || now === 'failed')) this.#begin('ice-disconnected');
      }, timerMs(this.#options.graceMs));
    } else if (state === 'failed') {
      clearTimeout(this.#graceTimer);
      this.#graceTimer = undefined;
      if (this.#active) this.#iceWentDown = true;
      else this.#begin('ice-failed');
    } else if (state === 'closed') {
      this.dispose();
    }
  }

  #begin(cause: MediaReconnectCause): void {
    this.#active = true;
    this.#cause = cause;
    this.#iceWentDown = false;
    this.#attempt = 0;
    this.#host.lost(cause);
    this.#limitTimer = setTimeout(() => {
      if (!this.#active || this.#disposed) return;
      this.dispose();
      this.#host.gaveUp();
    }, timerMs(this.#options.timeoutMs));
    this.#restart();
  }

  /** One restart, then the next one after a backoff unless media is back by then. */
  #restart(): void {
    if (!this.#active || this.#disposed || this.#restarting) return;
    this.#restarting = true;
    const attempt = this.#attempt++;
    this.#host
      .restart()
      .catch(() => undefined)
      .finally(() => {
        this.#restarting = false;
        if (!this.#active || this.#disposed) return;
        clearTimeout(this.#retryTimer);
        this.#retryTimer = setTimeout(() => this.#restart(), backoffDelay(attempt, this.#options.maxDelayMs, FIRST_RETRY_MS));
      });
  }

  #recovered(): void {
    this.#active = false;
    this.#clearTimers();
    this.#host.recovered();
  }

  #clearTimers(): void {
    clearTimeout(this.#graceTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#limitTimer);
    this.#graceTimer = this.#retryTimer = this.#limitTimer = undefined;
  }
}
