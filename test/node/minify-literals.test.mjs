// The CDN build's template minifier (scripts/minify-literals.mjs) and its JsSIP `debug` stand-in.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { minifyHtmlPart, minifyLiterals } from '../../scripts/minify-literals.mjs';

test('html templates: whitespace runs with line breaks become one space, expressions stay as written', async () => {
  const source = "const t = html`<div\n    class=\"a\"\n    @click=${() => go(`x ${y}`)}\n  >\n    <!-- note -->\n    <span>${a}</span>\n    <b>x</b> <i>y</i>\n  </div>`;";
  const out = await minifyLiterals(source);
  assert.equal(out, 'const t = html`<div class="a" @click=${() => go(`x ${y}`)} > <span>${a}</span> <b>x</b> <i>y</i> </div>`;');
});

test('css templates are minified; text outside templates is untouched', async () => {
  const source = "/* keep */ const s = css`\n  :host {\n    display: block;\n    color: var(--_fg);\n  }\n  .a  .b:hover { margin : 0 }\n`; const h = `  two  spaces  `;";
  const out = await minifyLiterals(source);
  assert.match(out, /^\/\* keep \*\/ const s = css`:host\{display:block;color:var\(--_fg\)\}\.a \.b:hover\{margin:0\}`;/);
  assert.ok(out.endsWith("const h = `  two  spaces  `;"));
});

test('css templates with characters beyond ASCII are minified too, the characters as written', async () => {
  const out = await minifyLiterals("css`\n  .w li::before {\n    content: '⚠ ';\n  }\n`");
  assert.equal(out, 'css`.w li:before{content:"⚠ "}`');
});

test('templates with <pre>, <textarea> or line continuations are left alone', async () => {
  for (const source of ['html`<pre>\n  a\n</pre>`', 'html`<textarea>\n x</textarea>`', 'html`a\\\n  b`']) {
    assert.equal(await minifyLiterals(source), source);
  }
  assert.equal(minifyHtmlPart('a  b'), 'a  b', 'runs without a line break stay');
});

test('the debug stand-in: namespaces, wildcards and skips like the debug package', () => {
  const debug = createRequire(import.meta.url)('../../scripts/cdn-shims/debug.cjs');
  const lines = [];
  const log = debug.default('JsSIP:UA');
  log.log = (...args) => lines.push(args.join(' '));
  log('off');
  debug.enable('JsSIP:*,-JsSIP:RTCSession');
  log('on %s', 'x');
  assert.equal(debug.enabled('JsSIP:RTCSession'), false);
  assert.equal(log.enabled, true);
  assert.deepEqual(lines, ['JsSIP:UA on %s x']);
  debug.disable();
  assert.equal(log.enabled, false);
});
