// Editor data: VS Code's HTML custom data and JetBrains' web-types, for completion and hover docs.

import { literalValues } from './model.mjs';

const text = (value) => (value ?? '').trim();


/** The reference line of an element: its status attributes, parts, CSS properties, events and slots. */
function reference(e) {
  const list = (title, items) => (items.length ? `\n\n**${title}:** ${items.map((i) => `\`${i.name || '(default)'}\``).join(', ')}` : '');
  return `${text(e.summary) || text(e.description)}${list('Read-only status attributes (set by the element, for CSS)', e.statusAttributes)}${list('Events', e.events)}${list('Parts', e.parts)}${list('CSS properties', e.cssProperties)}${list('Slots', e.slots)}`;
}

/** `vscode.html-custom-data.json` (VS Code `html.customData`). */
export function vscodeCustomData(elements) {
  const data = {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((e) => ({
      name: e.tag,
      description: reference(e),
      attributes: e.attributes.map((a) => {
        const values = literalValues(a);
        return { name: a.name, description: text(a.description), ...(a.type?.text === 'boolean' ? { valueSet: 'v' } : {}), ...(values.length ? { values: values.map((name) => ({ name })) } : {}) };
      }),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** `web-types.json` (JetBrains IDEs, package.json `web-types`). */
/** The README section of each element (its heading's anchor), where it differs from the tag. */
export const README_ANCHORS = { 'call-phone': 'call-phone-attributes', 'call-quality-meter': 'call-quality' };

export function webTypes(elements, { name, version }) {
  const data = {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name,
    version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: elements.map((e) => ({
          name: e.tag,
          description: `${text(e.description) || text(e.summary)}${e.statusAttributes.length ? `\n\nRead-only status attributes (set by the element, for CSS): ${e.statusAttributes.map((a) => `\`${a.name}\``).join(', ')}.` : ''}`,
          'doc-url': `https://www.npmjs.com/package/${name}#${README_ANCHORS[e.tag] ?? e.tag}`,
          source: { module: `${name}/${e.tag}`, symbol: e.className },
          attributes: e.attributes.map((a) => {
            const values = literalValues(a);
            const boolean = a.type?.text === 'boolean';
            return {
              name: a.name,
              description: text(a.description),
              ...(a.default !== undefined ? { default: String(a.default) } : {}),
              value: boolean ? { type: 'boolean', required: false } : values.length ? { type: values.map((v) => `'${v}'`).join(' | ') } : { type: a.type?.text ?? 'string' },
            };
          }),
          events: e.events.map((ev) => ({ name: ev.name, description: text(ev.description), ...(ev.type?.text ? { value: { type: ev.type.text } } : {}) })),
          slots: e.slots.map((s) => ({ name: s.name, description: text(s.description) })),
          js: {
            properties: [
              ...e.properties.map((p) => ({ name: p.name, description: text(p.description), ...(p.type?.text ? { value: { type: p.type.text } } : {}) })),
              ...e.statusAttributes.map((a) => ({ name: a.fieldName, description: text(a.description), value: { type: a.type?.text ?? 'string' } })),
            ],
            events: e.events.map((ev) => ({ name: ev.name, description: text(ev.description) })),
          },
        })),
      },
      css: {
        properties: uniqueByName(elements.flatMap((e) => e.cssProperties)).map((p) => ({ name: p.name, description: text(p.description) })),
        parts: uniqueByName(elements.flatMap((e) => e.parts)).map((p) => ({ name: p.name, description: text(p.description) })),
      },
    },
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The first of each name, in order. */
function uniqueByName(items) {
  const seen = new Set();
  return items.filter((i) => !seen.has(i.name) && seen.add(i.name));
}
