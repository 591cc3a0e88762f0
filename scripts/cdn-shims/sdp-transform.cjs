// A small stand-in for the `sdp-transform` package in the CDN bundle's JsSIP chunk. JsSIP reads
// only the session's and each media section's `direction` and each section's `type` from
// `parse()` (to answer an offer and to tell a hold), and `write()`s back only what it parsed
// after changing media directions (to keep a hold in its own offers). So `parse()` reads
// exactly those fields as sdp-transform does (same line split, same rules: the type from
// the `m=` line, the last `a=sendrecv|sendonly|recvonly|inactive` of a section), and `write()`
// prints the parsed lines again with each section's direction line replaced, or added at the
// end of the section. Unlike sdp-transform's writer it keeps every other line as it was, in its
// order. Saves ~9 KB minified.
'use strict';

const validLine = /^([a-z])=(.*)/;
const directionAttribute = /^(sendrecv|recvonly|sendonly|inactive)/;
const mediaLine = /^(\w*) (\d*) ([\w/]*)(?: (.*))?/;
const toIntIfInt = (value) => (String(Number(value)) === value ? Number(value) : value);

/** The lines behind each object parse() returned, for write(). */
const sources = new WeakMap();

function parse(sdp) {
  const session = {};
  const media = [];
  const sections = [{ target: session, lines: [], directionAt: -1 }];
  for (const line of sdp.split(/\r\n|\r|\n/)) {
    const match = validLine.exec(line);
    if (!match) continue;
    if (match[1] === 'm') {
      const section = {};
      const fields = mediaLine.exec(match[2]);
      if (fields) section.type = toIntIfInt(fields[1]);
      media.push(section);
      sections.push({ target: section, lines: [], directionAt: -1 });
    }
    const current = sections[sections.length - 1];
    const direction = match[1] === 'a' ? directionAttribute.exec(match[2]) : null;
    if (direction) {
      current.target.direction = direction[1];
      current.directionAt = current.lines.length;
    }
    current.lines.push(line);
  }
  session.media = media;
  sources.set(session, sections);
  return session;
}

function write(session) {
  const sections = sources.get(session);
  if (!sections) throw new Error('The call-elements CDN build writes back only an SDP it parsed');
  const out = [];
  for (const { target, lines, directionAt } of sections) {
    const section = lines.slice();
    if (target.direction) {
      if (directionAt >= 0) section[directionAt] = `a=${target.direction}`;
      else if (target !== session) section.push(`a=${target.direction}`);
    }
    out.push(...section);
  }
  return `${out.join('\r\n')}\r\n`;
}

module.exports = { parse, write };
