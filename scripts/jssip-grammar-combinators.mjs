// The last step of JsSIP's smaller grammar (scripts/jssip-grammar.mjs): PEG.js 0.7 spells out
// every rule as a function of nested if/else blocks (a sequence of five items is ~40 lines),
// which stays ~6 KiB gz even minified. This step reads those functions back into the grammar's
// expressions (sequence, choice, optional, zero or more, one or more, action, rule reference,
// literal, character class) and writes the grammar again as calls of ten small combinators
// that do the same in the same order, with JsSIP's own action code unchanged: the same
// results, the same side effects on `data`, the same positions on failure. A rule used once is
// written in place of its use; the others are entries of one array, the most used first.
//
// It reads only the shapes PEG.js 0.7 generates (after jssip-grammar.mjs's steps: failure
// reporting gone, literal and class matches as `$ch`/`$str`/`$istr`/`$cls` calls); any other
// shape, or any other statement in the parser, leaves the text as it is.
// test/node/cdn-build.test.mjs compares the result with JsSIP's own grammar on every start rule.
import ts from 'typescript';

/** Thrown (and caught in {@link combinatorGrammar}) where the text is not a shape this step reads. */
class UnknownShape extends Error {}

/** @param {boolean} ok @param {string} what */
function expect(ok, what) {
  if (!ok) throw new UnknownShape(what);
}

const isId = (node, name) => !!node && ts.isIdentifier(node) && (name === undefined || node.text === name);

/** `name = value;` as `{ name, value }`, else undefined. */
function assignment(statement) {
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const e = statement.expression;
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(e.left)) return undefined;
  return { name: e.left.text, value: e.right };
}

/** Whether `node` is `name === null` (`strict`) or `name !== null`. */
function nullTest(node, name, equal) {
  const kind = equal ? ts.SyntaxKind.EqualsEqualsEqualsToken : ts.SyntaxKind.ExclamationEqualsEqualsToken;
  return ts.isBinaryExpression(node) && node.operatorToken.kind === kind && isId(node.left, name) && node.right.kind === ts.SyntaxKind.NullKeyword;
}

/** The statements of a block (or the one statement that stands for it). */
const statements = (node) => (node && ts.isBlock(node) ? [...node.statements] : node ? [node] : []);

/** Whether `statements` are `target = null; pos = posVar;` (a sequence giving up). */
function givesUp(list, target, posVar) {
  const [a, b] = list.map(assignment);
  return list.length === 2 && a?.name === target && a.value.kind === ts.SyntaxKind.NullKeyword && b?.name === 'pos' && isId(b.value, posVar);
}

/**
 * Reads the grammar expressions of a rule function's statements.
 * @param {ts.SourceFile} source
 */
function reader(source) {
  const text = (node) => node.getText(source);
  /** A statement's text with its white space folded (a repeated one is indented deeper). */
  const folded = (node) => text(node).replace(/\s+/g, ' ');

  /** `stmts[i…]` as one expression and its postfixes: [expression, next index, result variable]. */
  function expression(stmts, i) {
    let [node, j, target] = primary(stmts, i);
    for (;;) {
      const s = stmts[j];
      const a = assignment(s);
      // e? : target = target !== null ? target : "";
      if (a?.name === target && ts.isConditionalExpression(a.value) && nullTest(a.value.condition, target, false) && isId(a.value.whenTrue, target) && ts.isStringLiteral(a.value.whenFalse) && a.value.whenFalse.text === '') {
        node = { kind: 'opt', item: node };
        j++;
        continue;
      }
      if (s && ts.isIfStatement(s) && nullTest(s.expression, target, true) && !s.elseStatement) {
        const body = statements(s.thenStatement);
        // `if (target === null) { pos = posN; }` closes an action: not a choice.
        if (body.length === 1 && assignment(body[0])?.name === 'pos') break;
        // a / b : if (target === null) { <b> }
        const [alternative, k, t] = expression(body, 0);
        expect(k === body.length && t === target, 'a choice');
        node = { kind: 'alt', items: [node, ...(alternative.kind === 'alt' ? alternative.items : [alternative])] };
        j++;
        continue;
      }
      // e+ : if (item !== null) { list = []; while (item !== null) { list.push(item); <e> } } else { list = null; }
      if (s && ts.isIfStatement(s) && nullTest(s.expression, target, false) && s.elseStatement) {
        const then = statements(s.thenStatement);
        const otherwise = statements(s.elseStatement).map(assignment);
        const list = assignment(then[0]);
        if (then.length === 2 && list && ts.isArrayLiteralExpression(list.value) && !list.value.elements.length && otherwise.length === 1 && otherwise[0]?.name === list.name && otherwise[0].value.kind === ts.SyntaxKind.NullKeyword) {
          expect(repeats(then[1], list.name, target, stmts.slice(i, j)), 'one or more');
          node = { kind: 'plus', item: node };
          target = list.name;
          j++;
          continue;
        }
      }
      break;
    }
    return [node, j, target];
  }

  /** Whether `loop` is `while (item !== null) { list.push(item); <item's statements again> }`. */
  function repeats(loop, list, item, itemStatements) {
    if (!ts.isWhileStatement(loop) || !nullTest(loop.expression, item, false)) return false;
    const [push, ...again] = statements(loop.statement);
    const pushText = `${list}.push(${item});`;
    return !!push && text(push) === pushText && again.length === itemStatements.length && again.every((s, k) => folded(s) === folded(itemStatements[k]));
  }

  /** The expression that starts at `stmts[i]`, without postfixes. */
  function primary(stmts, i) {
    const a = assignment(stmts[i]);
    expect(!!a, `an expression at "${stmts[i] ? text(stmts[i]).slice(0, 60) : 'the end'}"`);
    // posN = pos; then a sequence or an action.
    if (/^pos\d+$/.test(a.name) && isId(a.value, 'pos')) return sequenceOrAction(stmts, i + 1, a.name);
    if (ts.isCallExpression(a.value) && ts.isIdentifier(a.value.expression)) {
      const callee = a.value.expression.text;
      const args = a.value.arguments;
      if (/^parse_\w+$/.test(callee) && !args.length) return [{ kind: 'ref', rule: callee.slice('parse_'.length) }, i + 1, a.name];
      if (callee === '$ch' && args.length === 2 && ts.isStringLiteral(args[1]) && ts.isNumericLiteral(args[0]) && String.fromCharCode(Number(args[0].text)) === args[1].text) {
        return [{ kind: 'lit', literal: text(args[1]) }, i + 1, a.name];
      }
      if ((callee === '$str' || callee === '$istr') && args.length === 2 && ts.isStringLiteral(args[1]) && ts.isNumericLiteral(args[0]) && Number(args[0].text) === args[1].text.length) {
        return [{ kind: callee === '$str' ? 'lit' : 'ilit', literal: text(args[1]) }, i + 1, a.name];
      }
      if (callee === '$cls' && args.length === 1 && ts.isRegularExpressionLiteral(args[0])) return [{ kind: 'cls', regex: text(args[0]) }, i + 1, a.name];
    }
    // e* : list = []; item = <e>; while (item !== null) { list.push(item); <e> }
    if (ts.isArrayLiteralExpression(a.value) && !a.value.elements.length) {
      const [item, j, t] = expression(stmts, i + 1);
      expect(repeats(stmts[j], a.name, t, stmts.slice(i + 1, j)), 'zero or more');
      return [{ kind: 'star', item }, j + 1, a.name];
    }
    throw new UnknownShape(`an expression at "${text(stmts[i]).slice(0, 60)}"`);
  }

  /** After `posVar = pos;`: a sequence (its first item at `stmts[i]`) or an action on an expression. */
  function sequenceOrAction(stmts, i, posVar) {
    const [first, j, target] = expression(stmts, i);
    const next = stmts[j];
    expect(!!next && ts.isIfStatement(next) && nullTest(next.expression, target, false), 'a sequence or an action');
    if (next.elseStatement) {
      expect(givesUp(statements(next.elseStatement), target, posVar), 'a sequence');
      return [{ kind: 'seq', items: [first, ...sequenceRest(statements(next.thenStatement), target, posVar, [target])] }, j + 1, target];
    }
    // if (target !== null) { target = (function (offset, …) {…})(posVar, target, target[n], …); }
    // if (target === null) { pos = posVar; }
    const [call] = statements(next.thenStatement);
    const a = assignment(call);
    expect(statements(next.thenStatement).length === 1 && a?.name === target && ts.isCallExpression(a.value), 'an action');
    const fn = a.value.expression;
    expect(ts.isParenthesizedExpression(fn) && ts.isFunctionExpression(fn.expression) && isId(a.value.arguments[0], posVar), 'an action');
    const picks = a.value.arguments.slice(1).map((arg) => {
      if (isId(arg, target)) return -1;
      expect(ts.isElementAccessExpression(arg) && isId(arg.expression, target) && ts.isNumericLiteral(arg.argumentExpression), 'an action argument');
      return Number(arg.argumentExpression.text);
    });
    const code = text(fn.expression);
    // The action reads only what the combinators keep: input, pos, data, startRule, its arguments.
    expect(!/\b(?:result|pos)\d+\b|\breportFailures\b|\bparse_\w+/.test(code), 'an action that reads the parser’s own variables');
    const restore = stmts[j + 1];
    expect(!!restore && ts.isIfStatement(restore) && nullTest(restore.expression, target, true) && !restore.elseStatement, 'the end of an action');
    const [back] = statements(restore.thenStatement);
    expect(statements(restore.thenStatement).length === 1 && assignment(back)?.name === 'pos' && isId(assignment(back).value, posVar), 'the end of an action');
    return [{ kind: 'act', item: first, code, picks }, j + 2, target];
  }

  /** The items of a sequence after its first, from the block that runs when the one before matched. */
  function sequenceRest(stmts, target, posVar, vars) {
    const done = assignment(stmts[0]);
    if (stmts.length === 1 && done?.name === target && ts.isArrayLiteralExpression(done.value)) {
      expect(done.value.elements.map(text).join() === vars.join(), 'the end of a sequence');
      return [];
    }
    const [item, j, t] = expression(stmts, 0);
    const next = stmts[j];
    expect(j === stmts.length - 1 && ts.isIfStatement(next) && nullTest(next.expression, t, false) && givesUp(statements(next.elseStatement), target, posVar), 'a sequence item');
    return [item, ...sequenceRest(statements(next.thenStatement), target, posVar, [...vars, t])];
  }

  return { expression };
}

/** The combinators, defined inside the grammar module (they read and move its `pos`). */
const RUNTIME = `
    // The parse under way (saved and restored around a parse, so a nested one is safe). URI and
    // NameAddrHeader are required at each parse, as JsSIP's grammar does: they require the
    // grammar themselves, so at its first evaluation they may not be there yet.
    var input, pos, data, startRule, URI, NameAddrHeader;
    var rules;
    function ref(i) { return function () { return rules[i](); }; }
    function lit(text) { return function () { if (input.substr(pos, text.length) === text) { pos += text.length; return text; } return null; }; }
    function ilit(lower) { return function () { var text = input.substr(pos, lower.length); if (text.toLowerCase() === lower) { pos += lower.length; return text; } return null; }; }
    function cls(re) { return function () { var c = input.charAt(pos); if (re.test(c)) { pos++; return c; } return null; }; }
    function seq() { var items = arguments; return function () { var start = pos, out = []; for (var i = 0; i < items.length; i++) { var r = items[i](); if (r === null) { pos = start; return null; } out.push(r); } return out; }; }
    function alt() { var items = arguments; return function () { for (var i = 0; i < items.length; i++) { var r = items[i](); if (r !== null) return r; } return null; }; }
    function opt(item) { return function () { var r = item(); return r !== null ? r : ""; }; }
    function star(item) { return function () { var out = [], r; while ((r = item()) !== null) out.push(r); return out; }; }
    function plus(item) { return function () { var r = item(); if (r === null) return null; var out = []; while (r !== null) { out.push(r); r = item(); } return out; }; }
    function act(item, action) { var picks = [].slice.call(arguments, 2); return function () { var start = pos, r = item(); if (r !== null) r = action.apply(null, [start].concat(picks.map(function (p) { return p < 0 ? r : r[p]; }))); if (r === null) pos = start; return r; }; }
`;

/**
 * The grammar's text with its rules as combinator calls (see the header), or the text as it is
 * when it holds a shape this step does not read.
 * @param {string} text a grammar after jssip-grammar.mjs's other steps
 */
export function combinatorGrammar(text) {
  try {
    return rewrite(text);
  } catch (error) {
    if (error instanceof UnknownShape) return text;
    throw error;
  }
}

/** What the parser's `parse` holds besides its rule functions, each as PEG.js 0.7 writes it. */
const PARSER_STATEMENTS = [
  /^var parseFunctions = \{/,
  /^if \(startRule !== undefined\) \{/,
  /^var (?:pos = 0|reportFailures = 0|rightmostFailuresPos = 0|rightmostFailuresExpected = \[\]);$/,
  /^var URI = require\('\.\/URI'\);$/,
  /^var NameAddrHeader = require\('\.\/NameAddrHeader'\);$/,
  /^var data = \{\};$/,
  /^var result = parseFunctions\[startRule\]\(\);$/,
  /^if \(result === null \|\| pos !== input\.length\) \{/,
  /^return data;$/,
];
/** Its helpers that only failure reporting used. */
const HELPERS = new Set(['padLeft', 'escape', '$ch', '$str', '$istr', '$cls', 'matchFailed', 'cleanupExpected', 'computeErrorPosition']);

function rewrite(text) {
  const source = ts.createSourceFile('Grammar.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let parse;
  const find = (node) => {
    if (ts.isPropertyAssignment(node) && isId(node.name, 'parse') && ts.isFunctionExpression(node.initializer)) parse = node.initializer;
    else ts.forEachChild(node, find);
  };
  find(source);
  expect(!!parse && parse.parameters.map((p) => p.name.getText(source)).join() === 'input,startRule', 'the parse function');
  const { expression } = reader(source);
  const rules = new Map();
  let starts;
  for (const s of parse.body.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && /^parse_\w+$/.test(s.name.text)) {
      const body = [...s.body.statements];
      while (body.length && ts.isVariableStatement(body[0])) body.shift();
      const last = body.pop();
      expect(!!last && ts.isReturnStatement(last) && isId(last.expression, 'result0'), `the end of ${s.name.text}`);
      const [node, j, target] = expression(body, 0);
      expect(j === body.length && target === 'result0', `all of ${s.name.text}`);
      rules.set(s.name.text.slice('parse_'.length), node);
    } else if (ts.isFunctionDeclaration(s)) {
      expect(HELPERS.has(s.name?.text ?? ''), `the helper ${s.name?.text}`);
    } else {
      const line = s.getText(source);
      expect(PARSER_STATEMENTS.some((re) => re.test(line)), `the statement "${line.slice(0, 60)}"`);
      if (/^var parseFunctions = /.test(line)) {
        const map = s.declarationList.declarations[0].initializer;
        starts = map.properties.map((p) => {
          expect(ts.isPropertyAssignment(p) && ts.isStringLiteral(p.name) && isId(p.initializer, `parse_${p.name.text}`), 'the start rules');
          return p.name.text;
        });
      }
    }
  }
  expect(!!starts && starts.every((rule) => rules.has(rule)), 'the start rules');

  // How often each rule is referred to (a start rule counts once more): one use is written in place.
  const uses = new Map([...rules.keys()].map((rule) => [rule, 0]));
  const count = (node) => {
    if (node.kind === 'ref') {
      expect(rules.has(node.rule), `the rule ${node.rule}`);
      uses.set(node.rule, uses.get(node.rule) + 1);
    }
    for (const child of node.items ?? (node.item ? [node.item] : [])) count(child);
  };
  for (const node of rules.values()) count(node);
  for (const rule of starts) uses.set(rule, uses.get(rule) + 1);
  const kept = [...uses].filter(([rule, n]) => n > 1 || starts.includes(rule)).sort((a, b) => b[1] - a[1]).map(([rule]) => rule);
  const slot = new Map(kept.map((rule, i) => [rule, i]));
  const placing = new Set();
  const write = (node) => {
    switch (node.kind) {
      case 'ref': {
        if (slot.has(node.rule) || placing.has(node.rule)) return `ref(${slot.get(node.rule) ?? expect(false, 'a loop of rules used once')})`;
        placing.add(node.rule);
        const code = write(rules.get(node.rule));
        placing.delete(node.rule);
        return code;
      }
      case 'lit':
        return `lit(${node.literal})`;
      case 'ilit':
        return `ilit(${node.literal})`;
      case 'cls':
        return `cls(${node.regex})`;
      case 'seq':
      case 'alt':
        return `${node.kind}(${node.items.map(write).join(', ')})`;
      case 'opt':
      case 'star':
      case 'plus':
        return `${node.kind}(${write(node.item)})`;
      case 'act':
        return `act(${[write(node.item), node.code, ...node.picks].join(', ')})`;
      default:
        throw new UnknownShape(node.kind);
    }
  };
  const table = kept.map((rule) => `        /* ${rule} */ ${write(rules.get(rule))}`).join(',\n');
  const startMap = starts.map((rule) => `        ${JSON.stringify(rule)}: rules[${slot.get(rule)}]`).join(',\n');
  return `"use strict";
/*
 * JsSIP's grammar (generated by PEG.js 0.7.0), rewritten by call-elements'
 * scripts/jssip-grammar-combinators.mjs as combinator calls that parse as it does.
 */
module.exports = (function () {${RUNTIME}
    rules = [
${table}
    ];
    var parseFunctions = {
${startMap}
    };
    return {
        parse: function (text, rule) {
            if (rule !== undefined && parseFunctions[rule] === undefined) throw new Error("Invalid rule name: " + JSON.stringify(rule) + ".");
            var saved = [input, pos, data, startRule];
            URI = require('./URI');
            NameAddrHeader = require('./NameAddrHeader');
            input = text;
            pos = 0;
            data = {};
            startRule = rule === undefined ? "CRLF" : rule;
            try {
                var result = parseFunctions[startRule]();
                return result === null || pos !== input.length ? -1 : data;
            }
            finally {
                input = saved[0];
                pos = saved[1];
                data = saved[2];
                startRule = saved[3];
            }
        }
    };
})();
`;
}
