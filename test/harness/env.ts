// The test servers' addresses, served as a virtual module by web-test-runner.config.mjs.
export { testEnv } from '/__test-env.js';
