// The last step of the package's JsSIP module (scripts/build-cdn.mjs, `buildJssipModule`):
// terser with three compress passes, and JsSIP's property names shortened, consistently in the
// one file JsSIP is. The module is the SIP provider's own (it is no export of the package), so
// every property name JsSIP defines is shortened — its internals (`this._status`,
// `C.STATUS_CONFIRMED`, `timer_F`, `via_branch`) and the parts of its API we never call
// (`setParam`, `isMuted`, …) — except every name that
// - any of our sources (src/, dev-server/) spells out anywhere (but
//   src/providers/sip/jssip-dialogs.ts, bundled inside JsSIP's module and shortened with it):
//   the SIP provider reads `ua._transport`, sets `rtc._rtcOfferConstraints`, calls `ua.call`, …,
// - appears in a string anywhere in JsSIP (an event named like a method, `'_failed'`; a
//   property looked up by its quoted name; a configuration key),
// - the browser or JavaScript defines (terser's list of DOM properties and builtins, and every
//   word of TypeScript's DOM and ES typings: the keys of what JsSIP hands the browser, such as
//   an RTCConfiguration's),
// - is a key of an object literal in JsSIP, unless an underscore or capital name (a key may be
//   looked up by a string made at run time: `headerize` maps 'Cseq' to 'CSeq' through
//   `exceptions[name]`),
// - JsSIP does not define itself (a key, a member or an assignment in the bundle; a shorthand
//   `{ name }` counts as not defining it), so nothing the browser or our code hands JsSIP is
//   renamed; checked again on what terser renamed.
// Shortening only the underscore and capital names gave 1.9 KiB gz; the others, 0.4 more.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { minify } from 'terser';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/**
 * Our module bundled inside the JsSIP module, beside JsSIP (scripts/build-cdn.mjs): it touches
 * JsSIP's private fields, so its names are shortened with JsSIP's, not kept.
 */
export const JSSIP_BUNDLED_SOURCE = join(root, 'src/providers/sip/jssip-dialogs.ts');

/** JsSIP's internal names: an underscore first, or a constant in capitals. */
const JSSIP_INTERNAL = /^(?:_[A-Za-z]\w*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,})$/;

/** A property name terser may shorten in JsSIP's module: any, but for those reserved (see the header). */
export const JSSIP_PROPERTY = /^[A-Za-z_$][\w$]*$/;

/** TypeScript's typings of the browser and of JavaScript: their words are never shortened. */
const PLATFORM_TYPINGS = /^lib\.(?:dom|es5|es20\d\d(?:\.\w+)?)\.d\.ts$/;

/** Every file below `dir` whose name ends with one of `ends`. */
function filesUnder(dir, ends) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && ends.some((end) => entry.name.endsWith(end)) && !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every word our sources and the platform's typings spell out: never shortened. */
export function reservedNames() {
  const names = new Set();
  const ours = ['src', 'dev-server'].flatMap((dir) => filesUnder(join(root, dir), ['.ts', '.mjs', '.js'])).filter((file) => file !== JSSIP_BUNDLED_SOURCE);
  const lib = dirname(require.resolve('typescript/lib/lib.dom.d.ts'));
  const platform = readdirSync(lib).filter((file) => PLATFORM_TYPINGS.test(file)).map((file) => join(lib, file));
  for (const file of [...ours, ...platform]) for (const [name] of readFileSync(file, 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) names.add(name);
  for (const name of exportedTypeMembers(JSSIP_BUNDLED_SOURCE)) names.add(name);
  return names;
}

/**
 * The member names of the types a source exports (the bundled module's snapshot of a dialog is
 * plain data our code keeps and another tab may read: its names stay as written).
 * @param {string} file
 */
function exportedTypeMembers(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = [];
  const visit = (node) => {
    if (ts.isPropertySignature(node) && node.name && ts.isIdentifier(node.name)) names.push(node.name.text);
    ts.forEachChild(node, visit);
  };
  for (const statement of source.statements) {
    const exported = ts.getModifiers?.(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement))) visit(statement);
  }
  return names;
}

/**
 * The text of every string and template literal in `code`.
 * @param {string} code
 */
function stringsOf(code) {
  const texts = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) texts.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('jssip.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return texts;
}

/**
 * Whether `code` defines the property `name`: an object key, an assignment, a class member.
 * @param {string} code
 * @param {string} name
 */
function definedIn(code, name) {
  const n = name.replace(/\$/g, '\\$');
  return new RegExp(`[{,]\\s*${n}\\s*:|\\.${n}\\s*=(?!=)|^\\s*(?:static\\s+)?(?:(?:get|set|async)\\s+)?${n}\\s*[(=;]`, 'm').test(code);
}

/**
 * Minifies the bundled JsSIP module, its property names shortened (see the header). Throws if
 * a name it would mangle is not one JsSIP defines.
 * @param {string} code the bundled module
 * @param {string} banner the comment to head the output (JsSIP's licence)
 * @returns {Promise<string>}
 */
export async function minifyJssip(code, banner) {
  const reserved = reservedNames();
  for (const text of stringsOf(code)) for (const [name] of text.matchAll(/[\w$]+/g)) reserved.add(name);
  // A name JsSIP reads but never defines (an event's `candidate`) stays as it is, and so does
  // one it writes as a shorthand `{ name }` (also how it reads one off an object it is handed).
  for (const name of new Set([...code.matchAll(/\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))) if (!reserved.has(name) && !definedIn(code, name)) reserved.add(name);
  for (const [, name] of code.matchAll(/[{,]\s*([A-Za-z_$][\w$]*)\s*(?=[,}])/g)) reserved.add(name);
  // An object literal's key may be looked up by a string made at run time (`exceptions[name]`
  // in its headerize, whose `Cseq` no string spells): only the internal names keep theirs short.
  for (const [, name] of code.matchAll(/[{,]\s*([A-Za-z_$][\w$]*)\s*:/g)) if (!JSSIP_INTERNAL.test(name)) reserved.add(name);
  const nameCache = {};
  const { code: out } = await minify(code, {
    module: true,
    ecma: 2022,
    compress: { passes: 3 },
    mangle: { properties: { regex: JSSIP_PROPERTY, reserved: [...reserved], keep_quoted: true } },
    nameCache,
    format: { comments: false, preamble: banner },
  });
  const mangled = Object.keys(nameCache.props?.props ?? {}).map((key) => key.replace(/^\$/, ''));
  const notJssips = mangled.filter((name) => !definedIn(code, name));
  if (notJssips.length) {
    throw new Error(`scripts/minify-jssip.mjs: would rename ${notJssips.join(', ')}, which JsSIP does not define itself; reserve them.`);
  }
  return out;
}
