/**
 * How an outgoing call is placed, for a dial or for following a transfer: `call-outgoing`, the
 * other calls held, media captured, then the provider opens the session. Loaded with the calls'
 * code (`call-parts.ts`).
 * @module
 */
import { CallError, toCallError } from '../base/errors.js';
import type { Call } from './call.js';
import type { EmitFn } from './events.js';
import type { ProviderSession, SessionHandlers } from './provider.js';

/** What placing a call needs of the controller. */
export interface OutgoingHost {
  emit: EmitFn;
  /** Holds every other call (one call is live at a time). */
  holdOthers(call: Call): Promise<void>;
  /** Captures with the chosen devices. */
  capture(request: { audio: boolean; video: boolean }): Promise<MediaStream>;
  /** Stops the tracks of a capture nobody uses. */
  release(stream: MediaStream): void;
  /** Reports an error as `call-error`; returns it. */
  fail(error: CallError, call: Call): CallError;
}

/**
 * Places `call`; `open` hands it to the provider. Returns `placed`, `gone` (the call ended
 * meanwhile: nothing captured is kept) or the error, already reported, that ended it
 * (`media/…` from capture, else the provider's).
 */
export async function placeOutgoing(
  host: OutgoingHost,
  call: Call,
  video: boolean,
  open: (stream: MediaStream, handlers: SessionHandlers) => ProviderSession,
): Promise<'placed' | 'gone' | CallError> {
  host.emit('call-outgoing', { call });
  await host.holdOthers(call);
  if (call.ended) return 'gone';
  let stream: MediaStream;
  try {
    stream = await host.capture({ audio: true, video });
  } catch (error) {
    const callError = toCallError(error, 'media/failed');
    call.abort('media', 'local', callError.code);
    return host.fail(callError, call);
  }
  if (call.ended) {
    host.release(stream);
    return 'gone';
  }
  call.setLocalStream(stream);
  try {
    call.attach((handlers) => open(stream, handlers));
  } catch (error) {
    const callError = toCallError(error, 'provider/failed');
    call.abort('failed', 'local', callError.code);
    return host.fail(callError, call);
  }
  return 'placed';
}
