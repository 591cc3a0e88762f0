// React: @lit/react wrappers (call-elements/react) and React 19 JSX types for the raw tags.
import { HEADER, attributeValueType, docComment, pascal } from './model.mjs';

/** `src/react/index.ts`: one `createComponent` per element, events as `onCallIncoming`-style props. */
export function reactWrappers(elements) {
  let out = `${HEADER}// React components for the call-elements tags (@lit/react): properties as props, events as
// onCallIncoming-style props, refs typed as the element class. Importing this module defines the tags.
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import type { CallElementsEventMap } from '../elements/events.js';
`;
  for (const e of elements) out += `import { ${e.className} as ${e.className}Element } from '${e.importPath.replace(/[^/]+\.js$/, 'define.js')}';\n`;
  out += `\nexport type { ${elements.map((e) => `${e.className}Element`).join(', ')} };\nexport type { CallElementsEventMap } from '../elements/events.js';\n`;
  const takesFor = (e) => e.attributes.some((a) => a.name === 'for');
  if (elements.some(takesFor)) {
    out += `
/**
 * A wrapper that also takes \`for\`, written as in HTML (React's own name for it, \`htmlFor\`,
 * works as well): @lit/react passes it to React as the \`for\` attribute.
 */
type TakingFor<C> = C extends React.ForwardRefExoticComponent<infer P> ? React.ForwardRefExoticComponent<P & { for?: string }> : C;
const takingFor = <C,>(component: C) => component as TakingFor<C>;
`;
  }
  for (const e of elements) {
    const forNote = takesFor(e) ? '\n`for` (or `htmlFor`): the id of the `<call-phone>` to follow.' : '';
    out += `\n${docComment(`\`<${e.tag}>\` as a React component. ${e.summary}${forNote}\nEvent props: ${e.events.map((ev) => `\`on${pascal(ev.name)}\``).join(', ') || 'none'}.`)}`;
    out += `export const ${e.className} = ${takesFor(e) ? 'takingFor(' : ''}createComponent({\n  react: React,\n  tagName: '${e.tag}',\n  elementClass: ${e.className}Element,\n  events: {\n`;
    for (const ev of e.events) out += `    on${pascal(ev.name)}: '${ev.name}' as EventName<CallElementsEventMap['${ev.name}']>,\n`;
    out += `  },\n  displayName: '${e.className}',\n})${takesFor(e) ? ')' : ''};\n`;
  }
  return out;
}

/** `src/react/jsx.ts`: `IntrinsicElements` for React 19 (properties, kebab-case attributes, `oncall-*` listeners). */
export function reactJsx(elements) {
  let out = `${HEADER}// React 19 JSX types for the raw tags: <call-phone server="…" oncall-incoming={(e) => …} />.
// React 19 sets a prop as a property when the element has it (password, iceServers, controller),
// else as an attribute; \`oncall-incoming\` listens to \`call-incoming\`. Without React installed
// this augmentation is inert (the reference below is for our build only: TypeScript does not
// keep it in the .d.ts).
/// <reference types="react" />
import type { CallElementsEventMap } from '../elements/events.js';
`;
  for (const e of elements) out += `import type { ${e.className} } from '${e.importPath}';\n`;
  out += `\ndeclare module 'react' {\n  namespace JSX {\n    interface IntrinsicElements {\n`;
  for (const e of elements) {
    const props = e.properties.map((p) => `'${p.name}'`).join(' | ');
    const attributes = e.attributes.filter((a) => a.name !== a.fieldName);
    out += docComment(`\`<${e.tag}>\`: ${e.summary}`, '      ');
    out += `      '${e.tag}': React.DetailedHTMLProps<React.HTMLAttributes<${e.className}>, ${e.className}> &\n        Partial<Pick<${e.className}, ${props}>> & {\n`;
    for (const a of attributes) out += `          '${a.name}'?: ${attributeValueType(a)};\n`;
    for (const ev of e.events) out += `          'on${ev.name}'?: (event: CallElementsEventMap['${ev.name}']) => void;\n`;
    out += `        };\n`;
  }
  out += `    }\n  }\n}\n`;
  return out;
}
