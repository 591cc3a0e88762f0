/**
 * JsSIP as the SIP provider loads it: the one module of the project that imports `jssip`.
 * In the source (tests, the dev server) it is the installed package. `npm run build` replaces
 * its output, `dist/providers/sip/jssip.js`, with JsSIP bundled in, trimmed as in the CDN build
 * (`scripts/build-cdn.mjs`: small stand-ins for `debug`, `events` and `sdp-transform`, the unused
 * SUBSCRIBE/NOTIFY/MESSAGE/OPTIONS classes stubbed, the grammar's failure reporting dropped),
 * so an app built with Vite, webpack or Rollup ships the same JsSIP bytes as a CDN page and
 * needs no `jssip` install of its own. With it, bundled inside, the code that touches JsSIP's
 * private fields (`jssip-dialogs.ts`), so that those names are shortened with JsSIP's own.
 * @module
 */
import * as JsSIPNamespace from 'jssip';

/** JsSIP's API (CommonJS: depending on the bundler it is the namespace or its default export). */
export const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;

export { dialogSnapshot, restoreDialog } from './jssip-dialogs.js';
