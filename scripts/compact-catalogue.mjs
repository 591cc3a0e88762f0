// A translated catalogue (src/i18n/zh-CN.ts) as the builds ship it: its strings in the order of
// the English catalogue's keys (src/i18n/en.ts), without the keys, which the module puts back
// at load time from the English catalogue every page has loaded already. The source stays keyed
// (what a translator reads and edits, typed against the English keys); only the built module
// changes. Used by the CDN build (a rolldown plugin, scripts/build-cdn.mjs) and by the package
// build (scripts/build.mjs, the module tsc compiles into dist/i18n/), so bundled apps get it too.
// ~0.8 of the chunk's 3.6 KiB gz are the keys.
//
// Why no string can land on another key: the order is taken from en.ts when the build runs and
// the module zips with the same en.ts's `Object.keys` when it loads (one build, one en.ts); the
// transform refuses a catalogue whose keys are not exactly the English ones (none missing, none
// extra, none twice) or whose values are not plain string literals, and
// test/node/cdn-build.test.mjs checks that the module it writes yields the keyed catalogue.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** A translated catalogue's module: one of src/i18n/ but the English catalogue and the tests. */
export const TRANSLATION = /[\\/]src[\\/]i18n[\\/](?!en\.ts$)[\w-]+(?<!\.test)\.ts$/;

/** The English catalogue's export, whose keys order every translation. */
const ENGLISH = 'en';

/** The name a property of an object literal has in source, or undefined if it is computed. */
function keyOf(property, file) {
  if (!ts.isPropertyAssignment(property)) return undefined;
  const name = property.name;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return name.text;
  throw new Error(`scripts/compact-catalogue.mjs: ${file}: a key written as ${name.getText()} (write it as a string)`);
}

/** Every `export const name = { … }` (possibly with a type) of `source`: its object literal by name. */
function exportedObjects(source, file) {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  for (const statement of tree.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer && ts.isObjectLiteralExpression(declaration.initializer)) {
        found.push({ name: declaration.name.text, literal: declaration.initializer, tree });
      }
    }
  }
  return found;
}

/** The keys of the English catalogue, in order. */
export function englishKeys(englishSource, file = 'en.ts') {
  const english = exportedObjects(englishSource, file).find((o) => o.name === ENGLISH);
  if (!english) throw new Error(`scripts/compact-catalogue.mjs: ${file} has no "export const ${ENGLISH} = { … }"`);
  return english.literal.properties.map((p) => keyOf(p, file));
}

/**
 * `source` (a translated catalogue module) with each exported object literal that has exactly
 * the English keys written as its strings in the English keys' order, zipped with those keys at
 * load time (see the header). Other exports (the errors' wording, keyed by error code) stay as
 * written. Returns `source` itself when it has no such literal.
 * @param {string} source the translation's TypeScript source
 * @param {string} englishSource src/i18n/en.ts
 * @param {string} [file] for error messages
 */
export function compactCatalogue(source, englishSource, file = 'catalogue.ts') {
  const keys = englishKeys(englishSource);
  const english = new Set(keys);
  const edits = [];
  for (const { name, literal, tree } of exportedObjects(source, file)) {
    const values = new Map();
    for (const property of literal.properties) {
      const key = keyOf(property, file);
      if (key === undefined) throw new Error(`scripts/compact-catalogue.mjs: ${file}: ${name} has a member that is not "key: 'text'"`);
      if (values.has(key)) throw new Error(`scripts/compact-catalogue.mjs: ${file}: ${name} has "${key}" twice`);
      const value = property.initializer;
      if (!ts.isStringLiteral(value) && !ts.isNoSubstitutionTemplateLiteral(value)) {
        throw new Error(`scripts/compact-catalogue.mjs: ${file}: ${name}["${key}"] is not a plain string literal`);
      }
      values.set(key, value.text);
    }
    // A catalogue of the English keys; anything else (the errors' wording) is left as it is.
    if (![...values.keys()].some((key) => english.has(key))) continue;
    const missing = keys.filter((key) => !values.has(key));
    const extra = [...values.keys()].filter((key) => !english.has(key));
    if (missing.length || extra.length) {
      throw new Error(`scripts/compact-catalogue.mjs: ${file}: ${name} ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? `has keys English has not: ${extra.join(', ')}` : ''}`);
    }
    const strings = JSON.stringify(keys.map((key) => values.get(key)));
    const text = `((strings: string[]) => Object.fromEntries(Object.keys(${ENGLISH}$).map((key, i) => [key, strings[i]])) as Record<keyof typeof ${ENGLISH}$, string>)(${strings})`;
    edits.push({ start: literal.getStart(tree), end: literal.getEnd(), text });
  }
  if (edits.length === 0) return source;
  let out = source;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return `import { ${ENGLISH} as ${ENGLISH}$ } from './en.js';\n${out}`;
}

/**
 * The module `file` (its text `source`) as the builds ship it: {@link compactCatalogue} with the
 * English catalogue beside it when it is a {@link TRANSLATION}, else `source` as it is.
 * @param {string} file
 * @param {string} [source]
 */
export function shippedCatalogue(file, source = readFileSync(file, 'utf8')) {
  return TRANSLATION.test(file) ? compactCatalogue(source, readFileSync(join(dirname(file), 'en.ts'), 'utf8'), file) : source;
}
