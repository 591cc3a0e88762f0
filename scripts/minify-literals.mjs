// Minifies the text of Lit's tagged templates (html`…`, svg`…`, css`…`) in TypeScript or
// JavaScript source, leaving every `${}` expression and everything outside the templates as
// written. Used by the CDN build (scripts/build-cdn.mjs) as an esbuild plugin.
//
// What it does, and why it is safe:
// - css`…` without expressions goes through esbuild's CSS minifier (no targets: nothing is
//   lowered or prefixed). With expressions, comments are dropped and whitespace collapsed only.
// - html`…`/svg`…`: HTML comments are dropped (Lit's own markers are made at run time, not
//   written in source), and every run of whitespace that contains a line break becomes one
//   space. Under `white-space: normal` one space renders exactly as any run of whitespace, so
//   the page looks the same; no template here has <pre> or <textarea>, and a template that
//   does is left alone. Whitespace inside `<…>` between attributes also becomes one space.
import { transform } from 'esbuild';
import ts from 'typescript';

const TAGS = new Set(['html', 'svg', 'css']);

/**
 * One space for every whitespace run with a line break, comments out: the HTML of a template part.
 * @param {string} text
 */
export function minifyHtmlPart(text) {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/[ \t]*(?:\r?\n)\s*/g, ' ');
}

/**
 * Comments out and whitespace runs collapsed: a CSS part next to expressions.
 * @param {string} text
 */
export function collapseCssPart(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ');
}

/**
 * Minifies a whole CSS text with esbuild.
 * @param {string} text
 */
export async function minifyCss(text) {
  // utf8: a character such as `content: '⚠'` stays as written (esbuild's default, ASCII, writes
  // it as a CSS escape, a backslash the template would then have to escape too).
  const { code } = await transform(text, { loader: 'css', minify: true, charset: 'utf8', logLevel: 'silent' });
  return code.trim();
}

/**
 * Returns `source` with the text of its html`…`, svg`…` and css`…` templates minified, or
 * `source` itself when it has none.
 * @param {string} source
 * @param {string} [fileName]
 */
export async function minifyLiterals(source, fileName = 'source.ts') {
  if (!/\b(?:html|svg|css)`/.test(source)) return source;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];
  /** @type {Promise<void>[]} */
  const pending = [];

  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const tag = node.tag.text;
      const template = node.template;
      // Each literal piece: its text span inside the delimiters (` … ${, } … ${, } … `).
      const pieces = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      const spans = pieces.map((piece) => {
        const start = piece.getStart(file) + 1;
        const end = piece.getEnd() - (ts.isTemplateTail(piece) || ts.isNoSubstitutionTemplateLiteral(piece) ? 1 : 2);
        return { start, end, text: source.slice(start, end) };
      });
      const whole = spans.map((s) => s.text).join('');
      // Escapes are kept as written: a backslash before a line break (a line continuation) is left alone.
      if (/\\\r?\n/.test(whole)) return;
      if (tag === 'css') {
        // Backslashes mean escapes in two languages at once (template and CSS): left as written.
        if (whole.includes('\\')) return;
        if (spans.length === 1) {
          pending.push(
            minifyCss(whole).then((text) => {
              if (!/[`\\]|\$\{/.test(text)) edits.push({ ...spans[0], text });
            }),
          );
        } else {
          for (const span of spans) edits.push({ ...span, text: collapseCssPart(span.text) });
        }
      } else if (!/<(?:pre|textarea|script|style)\b/i.test(whole)) {
        for (const span of spans) edits.push({ ...span, text: minifyHtmlPart(span.text) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  await Promise.all(pending);
  let out = source;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/**
 * A rolldown plugin that minifies the templates of the project's own `.ts` files (not
 * node_modules: Lit's packages ship no templates of this kind).
 * @param {{ filter?: RegExp }} [options]
 * @returns {import('rolldown').Plugin}
 */
export function minifyLiteralsPlugin({ filter = /[\\/]src[\\/].*\.ts$/ } = {}) {
  return {
    name: 'minify-lit-literals',
    async load(id) {
      if (!filter.test(id)) return null;
      const { readFile } = await import('node:fs/promises');
      return { code: await minifyLiterals(await readFile(id, 'utf8'), id), moduleType: 'ts' };
    },
  };
}
