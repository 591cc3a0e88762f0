/**
 * How values from the page appear in error messages and the console: bounded, and a URL
 * without what may be secret in it (credentials, query, fragment).
 * @module
 */

/** `text` as a quoted string of at most `max` characters (an ellipsis marks a cut). */
export function shownText(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * A server URL as messages name it: scheme, host, port and path only, at most 100 characters;
 * a comma-separated list of them, each so.
 */
export function shownUrl(text: string): string {
  if (text.includes(',')) {
    return text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(shownUrl)
      .join(', ');
  }
  try {
    const url = new URL(text);
    return shownText(`${url.protocol}//${url.host}${url.pathname}`, 100);
  } catch {
    return shownText(text, 100);
  }
}
