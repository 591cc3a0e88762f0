// Every file generated from custom-elements.json, as { path: text } (paths from the package root).
import { vscodeCustomData, webTypes } from './editors.mjs';
import { elementsOf } from './model.mjs';
import { reactJsx, reactWrappers } from './react.mjs';
import { vueGlobalComponents } from './vue.mjs';

/** The generated files for a manifest and the package's name and version. */
export function integrationFiles(manifest, pkg) {
  const elements = elementsOf(manifest);
  return {
    'src/react/index.ts': reactWrappers(elements),
    'src/react/jsx.ts': reactJsx(elements),
    'src/vue/global-components.ts': vueGlobalComponents(elements),
    'vscode.html-custom-data.json': vscodeCustomData(elements),
    'web-types.json': webTypes(elements, pkg),
  };
}
