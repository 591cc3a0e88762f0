import type { CallController } from '../../core/call-controller.js';
import { CallError } from '../../core/errors.js';

/**
 * Runs an element action so that it never throws: a failure becomes a `call-error` event and
 * a console warning (once), and the result says whether it worked.
 */
export async function guarded(controller: CallController, action: () => Promise<unknown> | unknown): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    report(controller, error);
    return false;
  }
}

/** Synchronous {@link guarded}. */
export function guardedSync(controller: CallController, action: () => unknown): boolean {
  try {
    action();
    return true;
  } catch (error) {
    report(controller, error);
    return false;
  }
}

/** Reports an error unless the controller already did (its own methods report before rejecting). */
function report(controller: CallController, error: unknown): void {
  if (controller.wasReported(error)) return;
  const callError =
    error instanceof CallError ? error : new CallError('call/invalid-state', String((error as Error)?.message ?? error), { cause: error });
  controller.fail(callError);
}
