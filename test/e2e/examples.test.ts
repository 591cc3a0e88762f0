import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

// The example apps as a user builds and runs them (test/harness/examples-plugin.mjs): each is
// built with its own `npm run build` — tsc (React), vue-tsc (Vue), ng build with strictTemplates
// (Angular); the html app is served as it is, with the CDN bundle — then served with the
// development SIP server (digest auth), opened in a tab of its own and driven through its own
// buttons: Alice dials Bob, Bob's caller name appears in the app's state from call-incoming,
// Bob answers, the call connects with audio flowing, Alice hangs up, both phones are idle again.

interface Result {
  before: string;
  ringing: string;
  connected: (string | null)[];
  ended: (string | null)[];
  after: string;
  secrets: { attributes: boolean[]; inHtml: boolean };
  /** Audio packets Bob's call reported, read through the app's own state (Vue: a ref()). */
  packets?: number;
  /** Whether the app's quality meter (`for="alice"`) follows Alice's controller (React). */
  meterFollowsAlice?: boolean;
  problems: string[];
  steps: Record<string, number>;
}
type Build = { done: false } | { done: true; ms: number; warnings: string[] };

const WHAT = {
  react: 'React 19 (tsc + vite build; @lit/react wrapper and raw tag, typed attribute values, `for`)',
  vue: 'Vue 3 (vue-tsc + vite build; isCustomElement, GlobalComponents, a call in ref())',
  angular: 'Angular 21 (ng build, strictTemplates; CUSTOM_ELEMENTS_SCHEMA)',
  html: 'plain HTML (the CDN bundle and one module script)',
} as const;

describe('example apps', () => {
  for (const [name, what] of Object.entries(WHAT)) {
    it(`${what}: builds, type-checks, and a call between its two phones connects and hangs up`, async function () {
      this.timeout(300_000);
      let built: Build = { done: false };
      while (!built.done) built = (await executeServerCommand('example-build', { name })) as Build;
      expect(built.warnings, built.warnings.join('\n')).to.deep.equal([]);
      const result = (await executeServerCommand('example-call', { name })) as Result;
      console.log(`examples/${name}: build ${(built.ms / 1000).toFixed(1)} s; ${Object.entries(result.steps).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
      expect(result.before).to.equal('No incoming call');
      expect(result.ringing).to.equal('Incoming call from Alice');
      expect(result.connected).to.deep.equal(['connected', 'connected']);
      expect(result.ended).to.deep.equal(['idle', 'idle']);
      expect(result.after).to.equal('No incoming call');
      // The passwords were set as properties (digest auth passed) and never appear in the DOM.
      expect(result.secrets).to.deep.equal({ attributes: [false, false], inHtml: false });
      expect(result.problems, result.problems.join('\n')).to.deep.equal([]);
      // Vue keeps the call in a ref(): its getStats() works there and reports the audio.
      if (name === 'vue') expect(result.packets).to.be.greaterThan(0);
      // React's wrapper takes `for` as HTML writes it.
      if (name === 'react') expect(result.meterFollowsAlice).to.equal(true);
    });
  }
});
