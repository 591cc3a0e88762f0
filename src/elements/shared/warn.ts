/** What each element has warned about already. */
const warned = new WeakMap<Element, Set<string>>();

/**
 * The one way elements warn about their setup (a bad attribute value, no controller):
 * `[call-elements] <tag>: message`, at most once per element and `key`. Elements warn; they
 * never throw for bad input.
 */
export function warnOnce(element: Element, key: string, message: string): void {
  let keys = warned.get(element);
  if (!keys) warned.set(element, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  console.warn(`[call-elements] <${element.localName}>: ${message}`);
}
