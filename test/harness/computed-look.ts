/** The computed style properties {@link look} compares. */
export const STYLE_KEYS = [
  'color',
  'background-color',
  'border-top-color',
  'border-top-left-radius',
  'font-family',
  'aspect-ratio',
  'height',
  'fill',
  'stroke',
  'opacity',
  'outline-color',
] as const;

/** Computed styles of an element and everything in its shadow root, one line per node. */
export function look(el: Element): string[] {
  const nodes = [el, ...el.shadowRoot!.querySelectorAll('*')];
  return nodes.map((node) => {
    const style = getComputedStyle(node);
    return STYLE_KEYS.map((key) => style.getPropertyValue(key)).join('|');
  });
}
