import type { ReactiveElement } from 'lit';

/** Counts the renders of one element from now on (wraps its `update`; elements keep no test hooks). */
export function countRenders(element: ReactiveElement): { readonly count: number } {
  const counter = { count: 0 };
  const host = element as unknown as { update(changed: unknown): void };
  const update = host.update;
  host.update = function (this: unknown, changed: unknown) {
    counter.count++;
    update.call(this, changed);
  };
  return counter;
}
