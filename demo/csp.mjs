// The Content-Security-Policy the demo is served with (vite.config.ts: dev and preview servers)
// and the CSP test pages are served with (test/harness/csp-plugin.mjs). One place, so the
// policy the suite proves is the one the demo runs under and the one README.md documents.

/**
 * A strict policy for a page using call-elements:
 * - `script-src 'self'`: no inline script, no eval (neither Lit, JsSIP nor our code needs one);
 * - `style-src 'self'`: Lit puts element styles in constructable stylesheets and our elements
 *   set dynamic values through CSSOM, never through `style` attributes;
 * - `require-trusted-types-for 'script'; trusted-types lit-html`: Lit's template policy is the
 *   only one created;
 * - `connect-src`: `'self'` covers a same-origin `ws:`/`wss:` URL (the demo's `/sip`); a SIP
 *   server elsewhere must be listed (`wss://pbx.example.com`), like `connect` here.
 * Media needs nothing more: streams are attached with `srcObject`, tones come from Web Audio.
 *
 * @param {{ connect?: string[], reportUri?: string }} [options]
 * @returns {string}
 */
export function contentSecurityPolicy({ connect = [], reportUri } = {}) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
    ...(reportUri ? [`report-uri ${reportUri}`] : []),
  ].join('; ');
}
