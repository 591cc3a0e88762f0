// The last step of the package's JsSIP module (scripts/build-cdn.mjs, `buildJssipModule`):
// terser with three compress passes, and JsSIP's internal property names shortened. JsSIP marks
// its internals with a leading underscore (`this._status`, `ua._transactions`) and names its
// constants in capitals (`C.STATUS_CONFIRMED`, `JsSIP_C.causes.BUSY`); both are mangled,
// consistently in the one file JsSIP is, except every name that
// - any of our sources (src/, dev-server/; only the SIP provider holds JsSIP objects) uses as a property
//   (but src/providers/sip/jssip-dialogs.ts, bundled inside JsSIP's module and shortened with it) (the SIP provider reads
//   `ua._transport`, sets `rtc._rtcOfferConstraints`, …) or JsSIP's shipped typings declare
//   (its public API: `RTCSession.C`, `causes`, …),
// - appears in a string anywhere in JsSIP (an event named like a method, `'_failed'`; a
//   property looked up by its quoted name), or
// - the browser defines (terser's list of DOM properties).
// - JsSIP does not define itself (a key, a member or an assignment in the bundle), so nothing
//   the browser or our code hands JsSIP is renamed; checked again on what terser renamed.
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
export const JSSIP_INTERNAL = /^(?:_[A-Za-z]\w*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{3,})$/;

/** Every file below `dir` whose name ends with one of `ends`. */
function filesUnder(dir, ends) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && ends.some((end) => entry.name.endsWith(end)) && !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The property names our sources and JsSIP's typings use: never mangled. */
export function reservedNames() {
  const names = new Set();
  const ours = ['src', 'dev-server'].flatMap((dir) => filesUnder(join(root, dir), ['.ts', '.mjs', '.js'])).filter((file) => file !== JSSIP_BUNDLED_SOURCE);
  const typings = filesUnder(dirname(require.resolve('jssip/lib/JsSIP.js')), ['.d.ts']);
  for (const file of [...ours, ...typings]) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/\b([A-Za-z_$][\w$]*)\b/g)) if (JSSIP_INTERNAL.test(name)) names.add(name);
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
 * Minifies the bundled JsSIP module, its internal names shortened (see the header). Throws if
 * a name it would mangle is not one JsSIP defines.
 * @param {string} code the bundled module
 * @param {string} banner the comment to head the output (JsSIP's licence)
 * @returns {Promise<string>}
 */
export async function minifyJssip(code, banner) {
  const reserved = reservedNames();
  for (const text of stringsOf(code)) for (const [name] of text.matchAll(/[\w$]+/g)) if (JSSIP_INTERNAL.test(name)) reserved.add(name);
  // A name JsSIP reads but never defines (`this._source` of its grammar) stays as it is.
  for (const [, name] of code.matchAll(/\.([A-Za-z_$][\w$]*)/g)) if (JSSIP_INTERNAL.test(name) && !definedIn(code, name)) reserved.add(name);
  const nameCache = {};
  const { code: out } = await minify(code, {
    module: true,
    ecma: 2022,
    compress: { passes: 3 },
    mangle: { properties: { regex: JSSIP_INTERNAL, reserved: [...reserved], keep_quoted: true } },
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
