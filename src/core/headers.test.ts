import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyText, anyValue, nastyString, validOrTyped } from '../../test/harness/fuzz.js';
import { codeOf } from '../../test/harness/error-code.js';
import type { CallError } from '../base/errors.js';
import { FORBIDDEN_HEADERS, HEADER_LIMITS, checkContentType, checkDisplayName, checkExtraHeaders, checkQuotedValue } from './headers.js';

const config = { code: 'config/invalid-header', attribute: 'extraHeaders' } as const;
const call = { code: 'call/invalid-header', attribute: 'contentType' } as const;

function errorOf(fn: () => unknown): CallError {
  try {
    fn();
  } catch (error) {
    return error as CallError;
  }
  throw new Error('did not throw');
}

/** Independent of the module's patterns: what must hold for every accepted header line. */
function expectSafeLine(line: string): void {
  expect(line).not.to.match(/[\r\n\0]/);
  expect(line).not.to.match(/[\x00-\x08\x0a-\x1f\x7f]/);
  const name = line.slice(0, line.indexOf(':')).trim();
  expect(name).to.match(/^[A-Za-z0-9.!%*_+`'~-]+$/);
  expect(name.length).to.be.at.most(HEADER_LIMITS.nameLength);
  expect(FORBIDDEN_HEADERS.has(name.toLowerCase()), name).to.equal(false);
  expect(line.length).to.be.at.most(HEADER_LIMITS.lineLength);
}

describe('header validator', () => {
  it('accepts extension headers with SIP token names', () => {
    const lines = ['X-Data: 42', 'X-Empty:', 'X-Tab:\tvalue', "X.a!%*_+`'~-b : v", 'Subject: héllo 😀', 'P-Asserted-Identity: <sip:a@b>'];
    expect(checkExtraHeaders(lines, config)).to.deep.equal(lines);
    expect(checkExtraHeaders(undefined, config)).to.deep.equal([]);
  });

  it('refuses line breaks, NUL, control characters and folding with the typed error of the input', () => {
    for (const bad of ['X-A: 1\r\nX-Injected: yes', 'X-A: 1\nX-Injected: yes', 'X-A: 1\rX', 'X-A: a\0b', 'X-A: \x1b[31m', ' X-A: folded', '\tX-A: folded']) {
      expect(codeOf(() => checkExtraHeaders([bad], config)), JSON.stringify(bad)).to.equal('config/invalid-header');
      expect(codeOf(() => checkExtraHeaders([bad], { code: 'call/invalid-header', attribute: 'extraHeaders' }))).to.equal('call/invalid-header');
    }
  });

  it('refuses names outside the token grammar and headers that route, frame or authenticate, in any case and compact form', () => {
    for (const bad of ['Bad Name: x', ': x', 'X-A', 'X(A): 1', 'X/A: 1', 'Ä: 1']) expect(codeOf(() => checkExtraHeaders([bad], config)), bad).to.equal('config/invalid-header');
    for (const name of ['Via', 'v', 'ROUTE', 'Record-Route', 'Contact', 'm', 'From', 'f', 'To', 't', 'Call-ID', 'i', 'CSeq', 'Content-Length', 'l', 'Content-Type', 'c', 'Max-Forwards', 'Authorization', 'proxy-authorization', 'e']) {
      const error = errorOf(() => checkExtraHeaders([`${name}: x`], config));
      expect(error.code, name).to.equal('config/invalid-header');
      expect(error.message).to.contain(name);
    }
  });

  it('bounds names, lines and the number of headers', () => {
    expect(codeOf(() => checkExtraHeaders([`X-${'a'.repeat(HEADER_LIMITS.nameLength)}: 1`], config))).to.equal('config/invalid-header');
    expect(codeOf(() => checkExtraHeaders([`X-A: ${'a'.repeat(HEADER_LIMITS.lineLength)}`], config))).to.equal('config/invalid-header');
    const many = Array.from({ length: HEADER_LIMITS.count + 1 }, (_, i) => `X-${i}: 1`);
    expect(codeOf(() => checkExtraHeaders(many, config))).to.equal('config/invalid-header');
    expect(checkExtraHeaders(many.slice(1), config)).to.have.length(HEADER_LIMITS.count);
    expect(codeOf(() => checkExtraHeaders('X-A: 1', config)), 'not an array').to.equal('config/invalid-header');
    expect(codeOf(() => checkExtraHeaders([42], config)), 'not a string').to.equal('config/invalid-header');
  });

  it('names the input and the header, never the value', () => {
    const error = errorOf(() => checkExtraHeaders(['X-Ok: 1', 'X-Token: hunter2-secret\r\nX-Injected: yes'], config));
    expect(error.attribute).to.equal('extraHeaders');
    expect(error.message).to.contain('extraHeaders').and.contain('header 1').and.contain('X-Token');
    expect(error.message).not.to.contain('hunter2').and.not.contain('\r');
    const auth = errorOf(() => checkExtraHeaders(['Authorization: Digest response="s3cr3t"'], config));
    expect(auth.message).not.to.contain('s3cr3t');
    // A line without a usable name may be all value: nothing of it is quoted.
    for (const pasted of ['s3cr3t-token-without-name', 'Bearer s3cr3t: x', '"s3cr3t"']) {
      const { message } = errorOf(() => checkExtraHeaders([pasted], config));
      expect(message, pasted).to.contain('header 0').and.contain('"Name: value"').and.not.contain('s3cr3t');
    }
  });

  it('checks display names: trimmed, no control characters, bounded', () => {
    const source = { code: 'config/invalid-header', attribute: 'display-name' } as const;
    expect(checkDisplayName('  Alice Smith  ', source)).to.equal('Alice Smith');
    expect(checkDisplayName('"Quoted" \\ back', source)).to.equal('"Quoted" \\ back');
    expect(checkDisplayName('', source)).to.equal(undefined);
    expect(checkDisplayName(undefined, source)).to.equal(undefined);
    for (const bad of ['Bob\r\nX-Injected: yes', 'Bob\nX', 'Bo\0b', 'Bo\tb', 'x'.repeat(HEADER_LIMITS.displayNameLength + 1), {}]) {
      const error = errorOf(() => checkDisplayName(bad, source));
      expect(error.code).to.equal('config/invalid-header');
      expect(error.message).to.contain('display-name').and.not.contain('Injected');
    }
    expect(codeOf(() => checkQuotedValue('al"ice', { code: 'config/invalid-header', attribute: 'auth-user' }))).to.equal('config/invalid-header');
    expect(checkQuotedValue('alice', { code: 'config/invalid-header', attribute: 'auth-user' })).to.equal('alice');
  });

  it('checks INFO content types: type/subtype with parameters, nothing else', () => {
    for (const good of ['application/json', 'text/plain; charset=utf-8', 'application/dtmf-relay', 'multipart/mixed;boundary="a b;c"']) {
      expect(checkContentType(` ${good} `, call)).to.equal(good);
    }
    for (const bad of ['text/plain\r\nX-Injected: yes', 'text/plain\nX', 'text', '', 'text/plain; charset', 'a/b c', 'text/plain; x="unterminated', '/json', 5]) {
      const error = errorOf(() => checkContentType(bad, call));
      expect(error.code, JSON.stringify(bad)).to.equal('call/invalid-header');
      expect(error.attribute).to.equal('contentType');
      expect(error.message).not.to.contain('Injected: yes');
    }
  });

  it('refuses a content type with a message that says how to write one and quotes nothing of it', () => {
    const bad = ['x-leak', 'x-leak/json extra', 'x-leak/json; p="open', 'x-leak/js\r\non', ' ', `x-leak/${'a'.repeat(300)}`];
    for (const value of bad) {
      const { code, message } = errorOf(() => checkContentType(value, call));
      expect(code, JSON.stringify(value)).to.equal('call/invalid-header');
      expect(message, JSON.stringify(value)).to.contain('contentType').and.not.contain('x-leak');
    }
    for (const value of bad.slice(0, 4)) {
      expect(errorOf(() => checkContentType(value, call)).message).to.contain('type/subtype').and.contain('application/json');
    }
    expect(errorOf(() => checkContentType(' ', call)).message).to.contain('empty');
    expect(errorOf(() => checkContentType('x-leak/a\nb', call)).message).to.contain('line break');
  });

  describe('fuzzed (fast-check)', () => {
    /** Lines close to valid: a name (sometimes forbidden, in mixed case) and a nasty value. */
    const lineLike = fc
      .tuple(
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/), fc.constantFrom(...FORBIDDEN_HEADERS).chain((n) => fc.mixedCase(fc.constant(n))), anyText),
        fc.constantFrom(':', ': ', ' :', ''),
        fc.oneof(nastyString, fc.string({ maxLength: 1100 })),
      )
      .map(([name, colon, value]) => `${name}${colon}${value}`);

    it(`extra header lists: safe lines or config/invalid-header (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.array(fc.oneof(lineLike, anyValue), { maxLength: 24 }), anyValue), (value) => {
          validOrTyped(() => checkExtraHeaders(value, config), ['config/invalid-header'], (lines) => {
            expect(lines.length).to.be.at.most(HEADER_LIMITS.count);
            for (const line of lines) expectSafeLine(line);
          });
        }),
        { numRuns: RUNS },
      );
    });

    it(`display names: clean bounded text or config/invalid-header (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(fc.oneof(anyText, anyValue), (value) => {
          validOrTyped(() => checkDisplayName(value, config), ['config/invalid-header'], (name) => {
            if (name === undefined) return;
            expect(name).not.to.match(/[\x00-\x1f\x7f]/);
            expect(name.length).to.be.within(1, HEADER_LIMITS.displayNameLength);
          });
        }),
        { numRuns: RUNS },
      );
    });

    it(`INFO content types: a media type or call/invalid-header (${RUNS} runs)`, () => {
      const typeLike = fc
        .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom('/', '', '//'), fc.oneof(fc.stringMatching(/^[a-z+.-]{1,8}$/), nastyString), fc.oneof(fc.constant(''), nastyString.map((p) => `;${p}`)))
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(fc.oneof(typeLike, anyText, anyValue), (value) => {
          validOrTyped(() => checkContentType(value, call), ['call/invalid-header'], (type) => {
            expect(type).not.to.match(/[\x00-\x08\x0a-\x1f\x7f]/);
            expect(type).to.match(/^[^/\s]+\/[^/\s;]+/);
            expect(type.length).to.be.at.most(HEADER_LIMITS.contentTypeLength);
          });
        }),
        { numRuns: RUNS },
      );
    });
  });
});
