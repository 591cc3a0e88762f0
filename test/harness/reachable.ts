import { Call } from '../../src/core/call.js';
import { CallController } from '../../src/core/call-controller.js';

/**
 * Walks everything a page can reach from `root` without private access: own data properties
 * (enumerable or not, symbols too), Map and Set entries, and the public getters of calls and
 * controllers. Cycle-safe. DOM nodes other than the root and the window are not entered (they
 * lead to the whole page).
 * Returns the path to the first string containing `needle`.
 */
export function pathTo(root: unknown, needle: string): string | undefined {
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[root, '$']];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(needle)) return path;
      continue;
    }
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
    if (seen.has(value) || value === globalThis || (value instanceof Node && value !== root)) continue;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) stack.push([descriptor.value, `${path}.${String(key)}`]);
    }
    if (value instanceof Map) for (const [k, v] of value) stack.push([k, `${path}<key>`], [v, `${path}<value>`]);
    if (value instanceof Set) for (const v of value) stack.push([v, `${path}<entry>`]);
    if (value instanceof Call || value instanceof CallController) {
      const proto = Object.getPrototypeOf(value) as object;
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (descriptor.get) stack.push([descriptor.get.call(value), `${path}.${key}`]);
      }
    }
  }
  return undefined;
}
