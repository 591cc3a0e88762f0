import type { CallController } from '../../core/call-controller.js';
import { toCallError } from '../../base/errors.js';
import type { CallError } from '../../base/errors.js';

/**
 * Runs an element action so that it never throws: a failure becomes a `call-error` event and
 * a console warning (once), and the result says whether it worked.
 */
export async function guarded(controller: CallController, action: () => Promise<unknown> | unknown, failed?: (error: CallError) => void): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    failed?.(report(controller, error));
    return false;
  }
}

/** Synchronous {@link guarded}. */
export function guardedSync(controller: CallController, action: () => unknown, failed?: (error: CallError) => void): boolean {
  try {
    action();
    return true;
  } catch (error) {
    failed?.(report(controller, error));
    return false;
  }
}

/** Reports an error as `call-error` (the controller reports each error once, so its own rejections are not doubled). */
function report(controller: CallController, error: unknown): CallError {
  return controller.fail(toCallError(error, 'call/invalid-state'));
}
