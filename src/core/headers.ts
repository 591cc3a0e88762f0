/**
 * The one validator of header-bearing input: extra header lines (the `extraHeaders` setting
 * and `dial(target, { extraHeaders })`), the display name, the digest user name and the
 * content type of an INFO. A value that could end a header line (CR, LF, NUL or any other
 * control character), a name outside the SIP token grammar (RFC 3261 §25.1), a header that
 * routes, frames or authenticates the request, or a value over {@link HEADER_LIMITS} is
 * refused with a {@link CallError}; nothing is silently dropped. Messages name the input and,
 * at most, a short escaped prefix of a bad header line — never the whole value; a display
 * name's or content type's message quotes nothing of it.
 * @module
 */
import { CallError } from '../base/errors.js';

/** The limits of header-bearing input (characters). */
export const HEADER_LIMITS = {
  /** Longest header name. */
  nameLength: 64,
  /** Longest extra header line, `Name: value`. */
  lineLength: 1024,
  /** Most extra headers in one list (the setting, or one `dial`). */
  count: 20,
  /** Longest display name (and digest user name). */
  displayNameLength: 128,
  /** Longest INFO content type. */
  contentTypeLength: 256,
} as const;

/** Where an input comes from: the code of its refusal and the setting, attribute or argument it names. */
export interface HeaderSource {
  code: 'config/invalid-header' | 'call/invalid-header';
  attribute: string;
}

/** RFC 3261 `token`. */
const TOKEN = "[A-Za-z0-9.!%*_+`'~-]+";
/** A header line: a token, optional blanks, a colon, a value (checked for control characters separately). */
const LINE = new RegExp(`^(${TOKEN})[ \\t]*:`);
/** Control characters; horizontal tab is allowed inside values. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** `type/subtype *(; name=value)`, the value a token or a quoted string (RFC 3261 §20.15). */
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}[ \\t]*=[ \\t]*(?:${TOKEN}|"(?:[^"\\\\\\x00-\\x1f\\x7f]|\\\\[^\\x00-\\x1f\\x7f])*"))*$`,
);

/**
 * Headers an application may not set: they route the request (Via, Route, Contact, …),
 * identify the dialog (From, To, Call-ID, CSeq), frame the body (Content-Length, Content-Type,
 * Content-Encoding) or carry credentials. Lower case, with the compact forms (RFC 3261 §7.3.3).
 */
export const FORBIDDEN_HEADERS: ReadonlySet<string> = new Set([
  'via', 'v',
  'route', 'record-route', 'path', 'service-route',
  'contact', 'm',
  'from', 'f',
  'to', 't',
  'call-id', 'i',
  'cseq',
  'max-forwards',
  'content-length', 'l',
  'content-type', 'c',
  'content-encoding', 'e',
  'authorization', 'proxy-authorization', 'www-authenticate', 'proxy-authenticate', 'authentication-info',
]);

/** A short, escaped prefix of untrusted text for a message: control characters visible, at most `max` characters. */
function preview(text: string, max = 24): string {
  const head = JSON.stringify(text.slice(0, max)).slice(1, -1);
  return text.length > max ? `${head}…` : head;
}

function refuse(source: HeaderSource, why: string): CallError {
  return new CallError(source.code, `Invalid ${source.attribute}: ${why}.`, { attribute: source.attribute });
}

/**
 * Checks a list of extra header lines (`['X-Data: 42']`); returns a copy, or throws
 * (`source.code`) naming the first bad line by its index and, at most, its escaped name.
 */
export function checkExtraHeaders(value: unknown, source: HeaderSource): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw refuse(source, 'use an array of "Name: value" strings, e.g. ["X-Data: 42"]');
  if (value.length > HEADER_LIMITS.count) throw refuse(source, `at most ${HEADER_LIMITS.count} headers are allowed (got ${value.length})`);
  // Array.from, not map: a hole in a sparse array is checked (as undefined), not skipped.
  return Array.from(value as unknown[], (line, index) => {
    const at = `header ${index}`;
    if (typeof line !== 'string') throw refuse(source, `${at} is not a string; use "Name: value"`);
    const match = LINE.exec(line);
    // Never quoted: without a clear name the line may be all value (a token pasted without its name).
    if (!match) {
      const why = line.includes(':') ? 'has a name that is not a SIP token (letters, digits and .!%*_+`\'~-)' : 'has no ":"';
      throw refuse(source, `${at} ${why}; use "Name: value"`);
    }
    const name = match[1];
    if (name.length > HEADER_LIMITS.nameLength) throw refuse(source, `${at} has a name over ${HEADER_LIMITS.nameLength} characters`);
    if (CONTROL.test(line)) throw refuse(source, `${at} (${preview(name)}) holds a line break or another control character`);
    if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
      throw refuse(source, `${at} sets ${name}, which routes, frames or authenticates the request and is set by the phone itself`);
    }
    if (line.length > HEADER_LIMITS.lineLength) throw refuse(source, `${at} (${name}) is over ${HEADER_LIMITS.lineLength} characters`);
    return line;
  });
}

/** Text of one value: a string as is, `''` when absent; a number, bigint or boolean as text. */
function textOf(value: unknown, source: HeaderSource): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw refuse(source, 'use text');
}

/**
 * Checks a display name (trimmed; `undefined` when empty): no control characters, at most
 * {@link HEADER_LIMITS.displayNameLength} characters. The provider quotes it.
 */
export function checkDisplayName(value: unknown, source: HeaderSource): string | undefined {
  const text = textOf(value, source).trim();
  if (CONTROL.test(text) || text.includes('\t')) throw refuse(source, 'it holds a line break or another control character');
  if (text.length > HEADER_LIMITS.displayNameLength) throw refuse(source, `at most ${HEADER_LIMITS.displayNameLength} characters are allowed`);
  return text || undefined;
}

/**
 * Checks a value written inside a quoted string by the provider without escaping (the digest
 * user name): a display name's rules, and no `"` or `\`.
 */
export function checkQuotedValue(value: unknown, source: HeaderSource): string | undefined {
  const text = checkDisplayName(value, source);
  if (text && /["\\]/.test(text)) throw refuse(source, 'it may not contain " or \\');
  return text;
}

/** How a content type is written, for the messages that refuse one. */
const MEDIA_TYPE_HINT = 'use type/subtype with optional "; name=value" parameters, e.g. application/json or text/plain; charset=utf-8';

/**
 * Checks an INFO content type (`application/json`, `text/plain; charset=utf-8`); returns it
 * trimmed. A refusal says what is wrong and how to write one, never quoting the value.
 */
export function checkContentType(value: unknown, source: HeaderSource): string {
  const text = textOf(value, source).trim();
  if (!text) throw refuse(source, `it is empty; ${MEDIA_TYPE_HINT}`);
  if (text.length > HEADER_LIMITS.contentTypeLength) throw refuse(source, `at most ${HEADER_LIMITS.contentTypeLength} characters are allowed`);
  if (CONTROL.test(text)) throw refuse(source, `it holds a line break or another control character; ${MEDIA_TYPE_HINT}`);
  if (!MEDIA_TYPE.test(text)) throw refuse(source, `it is not a media type; ${MEDIA_TYPE_HINT}`);
  return text;
}
