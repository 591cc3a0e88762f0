/**
 * Responses whose reason phrase JsSIP's grammar refuses (`<`, `>`, `"`, brackets… are not
 * allowed there by RFC 3261, but some servers and peers send them). JsSIP drops a message it
 * cannot parse without a word, so a `486 <b>Busy</b>` would leave the call ringing until the
 * no-answer timeout. The status code is what counts; the phrase is only shown.
 * @module
 */

/**
 * What RFC 3261's Reason-Phrase does not allow: ASCII controls but tab, `"#<>[\]^\`{|}` and a
 * `%` that does not start an escape (UTF-8 text is allowed).
 */
const NOT_IN_REASON = /[\x00-\x08\x0a-\x1f\x7f"#<>[\\\]^`{|}]|%(?![0-9A-Fa-f]{2})/g;
const STATUS_LINE = /^(SIP\/2\.0 \d{3} )([^\r\n]*)/;

/** A received message with the reason phrase of its status line made parseable (`?` for what the grammar refuses). */
export function mendStatusLine(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const match = STATUS_LINE.exec(data);
  if (!match) return data;
  const phrase = match[2]!.replace(NOT_IN_REASON, '?');
  return phrase === match[2] ? data : match[1] + phrase + data.slice(match[0].length);
}
