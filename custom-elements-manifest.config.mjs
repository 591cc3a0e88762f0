// Used by `cem analyze` (npm run analyze); the manifest documents the public elements only,
// as published: module paths under dist/, no private members, secrets as properties only.
// Two facts are declared once in the source, outside the element classes, and added here:
// `<call-phone>`'s settings (the table in src/core/settings.ts: attribute, type, default, doc)
// and the events with their detail types (CallEventDetails in src/core/event-details.ts, with `Call`).
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const SETTINGS_FILE = 'src/core/settings.ts';
const EVENTS_FILE = 'src/core/event-details.ts';
const PHONE_MODULE = 'src/elements/call-phone/call-phone.ts';

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
const docOf = (node) => ts.getJSDocCommentsAndTags(node).map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join('\n').trim();
const nameOf = (name) => (ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText());

/** The settings table, read from its source: one entry per setting with the facts the manifest needs. */
function readSettings() {
  const source = parse(SETTINGS_FILE);
  let table;
  source.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'SETTINGS') table = node.initializer;
    else node.forEachChild(visit);
  });
  if (!table || !ts.isObjectLiteralExpression(table)) throw new Error(`${SETTINGS_FILE}: no SETTINGS object`);
  return table.properties.map((property) => {
    const spec = property.initializer.arguments[0];
    const field = (key) => spec.properties.find((p) => nameOf(p.name) === key)?.initializer;
    const literal = (key) => {
      const value = field(key);
      if (!value) return undefined;
      if (ts.isStringLiteral(value)) return value.text;
      if (value.kind === ts.SyntaxKind.TrueKeyword) return true;
      if (value.kind === ts.SyntaxKind.FalseKeyword) return false;
      return value.getText();
    };
    const initial = field('default');
    const plain = initial && ts.isAsExpression(initial) ? initial.expression : initial;
    const kind = literal('kind');
    const type = initial && ts.isAsExpression(initial) ? initial.type.getText() : { number: 'number', boolean: 'boolean', text: 'string' }[kind] ?? 'object';
    return {
      name: nameOf(property.name),
      description: docOf(property),
      attribute: literal('attribute'),
      secret: literal('secret') === true,
      negatedProperty: literal('negatedProperty'),
      kind,
      type,
      default: plain?.getText(),
    };
  });
}

/** The events and their detail types, read from CallEventDetails (as CallEventDetailMap has them). */
function readEvents() {
  const source = parse(EVENTS_FILE);
  const events = [];
  source.forEachChild(function visit(node) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'CallEventDetails') {
      for (const member of node.members) {
        // The map is generic over the call type; pages see it with `Call` (CallEventDetailMap).
        const detail = member.type.getText().replace(/\s+/g, ' ').replace(/\bTCall\b/g, 'Call');
        events.push({ name: nameOf(member.name), type: { text: `CustomEvent<${detail}>` }, description: docOf(member) });
      }
    } else node.forEachChild(visit);
  });
  return events;
}

/** Adds the table's settings to `<call-phone>` as attributes and fields. */
function addSettings(phone) {
  const attributes = [];
  const members = [];
  for (const setting of readSettings()) {
    if (setting.attribute === false || setting.attribute === undefined) continue;
    const fieldName = setting.negatedProperty ?? setting.name;
    // An unset value (`undefined`: the provider's own default) is no value an attribute can hold.
    const type = { text: setting.negatedProperty ? 'boolean' : setting.type.replace(/\s*\|\s*undefined\b/g, '') };
    const defaultText = setting.negatedProperty ? String(setting.default !== 'true') : setting.default === 'undefined' ? undefined : setting.default;
    const description = setting.negatedProperty ? `The \`${setting.name}\` setting, negated. ${setting.description}` : setting.description;
    if (setting.secret) {
      members.push({ kind: 'field', name: fieldName, type, description: `${setting.description} A \`${setting.attribute}\` attribute given in HTML is read once and removed; removing it afterwards (\`removeAttribute\`) sets the default again.` });
      continue;
    }
    attributes.push({ name: setting.attribute, type, default: defaultText, description, fieldName });
    members.push({ kind: 'field', name: fieldName, type, default: defaultText, description, attribute: setting.attribute });
  }
  const names = new Set(members.map((m) => m.name));
  phone.attributes = [...attributes, ...(phone.attributes ?? []).filter((a) => !attributes.some((b) => b.name === a.name))];
  phone.members = [...members, ...(phone.members ?? []).filter((m) => !names.has(m.name))];
}

/** The published file for a source path: `src/a/b.ts` (or `/src/a/b.js`) → `dist/a/b.js`. */
const toDist = (path) => path.replace(/^\/?src\/(.*)\.(ts|js)$/, 'dist/$1.js');

/** Whether a member is part of the public API: not private, protected, `#private`, `_`-prefixed or static. */
const isPublic = (member) => !member.privacy && !member.static && !/^[#_]/.test(member.name);

/** Rewrites every module reference under `value` from the source to the published file. */
function rewritePaths(value) {
  if (Array.isArray(value)) return value.map(rewritePaths);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, (key === 'module' || key === 'path') && typeof v === 'string' ? toDist(v) : rewritePaths(v)]));
}

/** Names of the set accessors declared in a source file (cem reads a setter over an inherited abstract getter as read-only). */
function settersIn(file) {
  const names = new Set();
  parse(file).forEachChild(function visit(node) {
    if (ts.isSetAccessorDeclaration(node)) names.add(nameOf(node.name));
    node.forEachChild(visit);
  });
  return names;
}

/**
 * What a user can import: the element modules (`src/elements/<tag>/call-*.ts`, their class
 * with its public members only) and the define modules that register the tags, with paths
 * under `dist/`, sorted (cem lists modules in the order its file reads finish).
 */
function publicModules(modules) {
  const elementModule = /^src\/elements\/[^/]+\/call-[^/.]+\.ts$/;
  const defineModule = /^src\/elements\/[^/]+\/define\.ts$/;
  const classes = new Map();
  const kept = [];
  for (const module of modules) {
    if (elementModule.test(module.path)) {
      const declarations = (module.declarations ?? []).filter((d) => d.customElement && d.tagName);
      if (!declarations.length) continue;
      const setters = settersIn(module.path);
      for (const declaration of declarations) {
        declaration.members = (declaration.members ?? []).filter(isPublic);
        for (const member of declaration.members) if (member.readonly && setters.has(member.name)) delete member.readonly;
        // `id` is observed (elements follow a phone by its id) but is HTML's, not the element's own.
        declaration.attributes = (declaration.attributes ?? []).filter((a) => a.name !== 'id' && (!a.fieldName || declaration.members.some((m) => m.name === a.fieldName)));
        classes.set(declaration.name, module.path);
      }
      const names = new Set(declarations.map((d) => d.name));
      kept.push({ ...module, declarations, exports: (module.exports ?? []).filter((e) => names.has(e.declaration?.name)) });
    } else if (defineModule.test(module.path)) {
      kept.push(module);
    }
  }
  for (const module of kept.filter((m) => defineModule.test(m.path))) {
    module.exports = (module.exports ?? [])
      .filter((e) => classes.has(e.declaration?.name))
      .map((e) => ({ ...e, declaration: { name: e.declaration.name, module: classes.get(e.declaration.name) } }));
  }
  return rewritePaths(kept).sort((a, b) => a.path.localeCompare(b.path));
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  litelement: true,
  // Never rewrite package.json (the freshness test analyses into a scratch folder).
  packagejson: false,
  plugins: [
    {
      name: 'call-elements-settings-and-events',
      packageLinkPhase({ customElementsManifest }) {
        const events = readEvents();
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            if (module.path === PHONE_MODULE && declaration.name === 'CallPhone') {
              addSettings(declaration);
              // The phone re-dispatches every controller event; its own (document) events stay.
              const own = (declaration.events ?? []).filter((e) => !events.some((known) => known.name === e.name));
              declaration.events = [...events, ...own];
            }
            // CallElement.emit(type, …) reads to cem as an event named "type": keep documented events only.
            declaration.events = (declaration.events ?? []).filter((event) => event.description || events.some((e) => e.name === event.name));
            for (const event of declaration.events) {
              const known = events.find((e) => e.name === event.name);
              if (known && !event.type) event.type = known.type;
            }
          }
        }
      },
    },
    {
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules = publicModules(customElementsManifest.modules);
      },
    },
  ],
};
