import { CallError } from '../base/errors.js';

/** Maps a getUserMedia failure to a {@link CallError} whose message says what the user can do. */
export function mapMediaError(error: unknown): CallError {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new CallError(
        'media/permission-denied',
        'Microphone or camera access was denied. Allow it in the browser (the icon in the address bar) and try again.',
        { cause: error },
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return new CallError(
        'media/not-found',
        'No microphone or camera was found. Connect one, or check that the operating system exposes it.',
        { cause: error },
      );
    case 'NotReadableError':
    case 'TrackStartError':
      return new CallError(
        'media/in-use',
        'The microphone or camera could not be started: another application may be using it. Close it and try again.',
        { cause: error },
      );
    case 'AbortError':
      // Firefox and Safari say AbortError where the device is held by another app or failed to start.
      return new CallError(
        'media/in-use',
        'Starting the microphone or camera was interrupted (the device may be busy or was just unplugged). Close other apps using it, check the connection, and try again.',
        { cause: error },
      );
    case 'OverconstrainedError': {
      const constraint = (error as { constraint?: string }).constraint ?? 'unknown';
      return new CallError(
        'media/overconstrained',
        `No device satisfies the "${constraint}" constraint. Choose another device or relax that setting.`,
        { cause: error },
      );
    }
    default:
      return new CallError('media/failed', `Could not start the microphone or camera: ${String((error as Error)?.message ?? error)}`, {
        cause: error,
      });
  }
}

/**
 * Maps a `getDisplayMedia` failure: a closed or refused picker (`NotAllowedError`) is
 * `media/share-cancelled`, and so is a call outside a user gesture (`InvalidStateError`: Safari
 * and WebKit share only from a click or key press); anything else as {@link mapMediaError}.
 */
export function mapDisplayError(error: unknown): CallError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'NotAllowedError') {
    return new CallError('media/share-cancelled', 'Sharing was cancelled or blocked. Pick a screen, window or tab to share.', { cause: error });
  }
  if (name === 'InvalidStateError') {
    return new CallError('media/share-cancelled', 'The browser shares the screen only from a click or key press: start sharing from one (call shareScreen() in a click handler).', { cause: error });
  }
  return mapMediaError(error);
}
