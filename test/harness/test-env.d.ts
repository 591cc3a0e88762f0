// Types of the virtual module `/__test-env.js` that web-test-runner.config.mjs serves to the
// browser tests. (A pattern, because TypeScript refuses an ambient module with a rooted name.)
declare module '*/__test-env.js' {
  export const testEnv: import('./env.js').TestEnv;
}
