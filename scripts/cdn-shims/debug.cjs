// A small stand-in for the `debug` package in the CDN bundle (JsSIP logs through it): the same
// calls (`debug(namespace)(...)`, `.default`, `.enable`, `.disable`, `.enabled`, `.log`), the same
// switch (`localStorage.debug = 'JsSIP:*'`, comma- or space-separated, `*` wildcards, `-` to
// skip), without colours, `%` formatters or time deltas. Saves ~6 KB minified (debug + ms).
'use strict';
let names = [];
let skips = [];
const toRegExp = (pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?')}$`);

function enable(namespaces) {
  names = [];
  skips = [];
  for (const part of String(namespaces || '').split(/[\s,]+/)) {
    if (!part) continue;
    if (part[0] === '-') skips.push(toRegExp(part.slice(1)));
    else names.push(toRegExp(part));
  }
}

function enabled(namespace) {
  return !skips.some((re) => re.test(namespace)) && names.some((re) => re.test(namespace));
}

function createDebug(namespace) {
  const debug = (...args) => {
    if (!enabled(namespace)) return;
    (debug.log || console.debug).call(console, `${namespace} ${args.shift()}`, ...args);
  };
  debug.namespace = namespace;
  debug.extend = (sub, delimiter = ':') => createDebug(namespace + delimiter + sub);
  Object.defineProperty(debug, 'enabled', { get: () => enabled(namespace) });
  return debug;
}

createDebug.enable = enable;
createDebug.disable = () => {
  const was = [...names, ...skips.map((s) => `-${s}`)].join(',');
  enable('');
  return was;
};
createDebug.enabled = enabled;
createDebug.default = createDebug;
try {
  enable(globalThis.localStorage?.getItem('debug'));
} catch {
  // No storage (sandboxed frame, privacy mode): nothing enabled.
}
module.exports = createDebug;
