// Vue 3: GlobalComponents types for the tags (props and onCall… events typed in templates).
import { HEADER, docComment, pascal } from './model.mjs';

/** `src/vue/global-components.ts`: each tag as a component type whose `$props` are the element's. */
export function vueGlobalComponents(elements) {
  let out = `${HEADER}// Vue 3 types for the tags: :server="…", :password="…", @call-incoming="(e) => …" are checked by
// vue-tsc. Vue still needs compilerOptions.isCustomElement = (tag) => tag.startsWith('call-').
// It names no Vue type, so without Vue installed it is inert (the reference below is for our
// build only: TypeScript does not keep it in the .d.ts). Other attributes (class, style, id…) pass.
/// <reference types="vue" />
import type { CallElementsEventMap } from '../elements/events.js';
`;
  for (const e of elements) out += `import type { ${e.className} } from '${e.importPath}';\n`;
  out += `\ndeclare module 'vue' {\n  interface GlobalComponents {\n`;
  for (const e of elements) {
    const props = e.properties.map((p) => `'${p.name}'`).join(' | ');
    out += docComment(`\`<${e.tag}>\`: ${e.summary}`, '    ');
    out += `    '${e.tag}': new () => ${e.className} & {\n      /** Template prop types only: do not read \`$props\` from an element ref. */\n      $props: Partial<Pick<${e.className}, ${props}>> & { [attribute: string]: unknown } & {\n`;
    for (const ev of e.events) out += `        on${pascal(ev.name)}?: (event: CallElementsEventMap['${ev.name}']) => void;\n`;
    out += `      };\n    };\n`;
  }
  out += `  }\n}\n`;
  return out;
}
