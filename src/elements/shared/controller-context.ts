import { createContext } from '@lit/context';
import type { CallController } from '../../core/call-controller.js';

/** Context through which `<call-phone>` provides its controller to descendants. */
export const callControllerContext = createContext<CallController | undefined>(Symbol.for('call-elements/controller'));
