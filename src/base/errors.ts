/**
 * The one error type of call-elements and its codes: the lowest layer, imported by every other
 * (core, media, quality, providers, elements), importing nothing.
 * @module
 */
/**
 * Stable error codes, `area/what`. The code is the contract; the message is for humans.
 */
export type CallErrorCode =
  | 'config/invalid-server'
  | 'config/invalid-user'
  | 'config/invalid-ice-servers'
  | 'config/unknown-provider'
  | 'config/invalid-header'
  | 'config/invalid-sdk-app-id'
  | 'provider/load-failed'
  /** A provider failed with something other than a `CallError` (a defect of that provider). */
  | 'provider/failed'
  | 'call/invalid-target'
  | 'call/invalid-dtmf'
  | 'call/invalid-header'
  | 'call/invalid-state'
  | 'call/signalling-down'
  | 'call/not-found'
  | 'media/permission-denied'
  | 'media/not-found'
  | 'media/in-use'
  | 'media/overconstrained'
  | 'media/insecure-context'
  | 'media/unsupported'
  | 'media/failed'
  | 'media/share-cancelled'
  | 'media/device-lost'
  | 'media/renegotiation-failed'
  | 'network/connect-timeout'
  | 'network/disconnected'
  | 'sip/registration-failed'
  | 'sip/call-failed'
  | 'sip/request-failed'
  | 'call/unsupported'
  | 'trtc/sdk-unavailable'
  | 'trtc/login-failed'
  | 'trtc/user-sig-expired'
  | 'trtc/kicked-out'
  | 'trtc/room-failed'
  | 'trtc/signal-failed';

/** Options accepted by {@link CallError}. */
export interface CallErrorOptions {
  /** The original error or provider payload. Never contains secrets. */
  cause?: unknown;
  /** The attribute or option that was wrong, when the error is about configuration. */
  attribute?: string;
}

/**
 * The one error type of call-elements. `code` is stable; `message` says how to fix it.
 */
export class CallError extends Error {
  /** Stable machine-readable code, e.g. `media/permission-denied`. */
  readonly code: CallErrorCode;
  /** The attribute or option at fault, for configuration errors. */
  readonly attribute?: string;

  constructor(code: CallErrorCode, message: string, options: CallErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CallError';
    this.code = code;
    this.attribute = options.attribute;
  }
}

/** Whether a value is a {@link CallError}. */
export function isCallError(value: unknown): value is CallError {
  return value instanceof CallError;
}

/**
 * The {@link CallError} an unknown failure stands for: the error itself when it is one, else a
 * new one with `fallbackCode`, the failure's message and the failure as its `cause`.
 */
export function toCallError(error: unknown, fallbackCode: CallErrorCode): CallError {
  if (error instanceof CallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CallError(fallbackCode, message, { cause: error });
}
