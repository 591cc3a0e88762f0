declare module '/__test-env.js' {
  /** Where the test servers are; served by web-test-runner.config.mjs. */
  export const testEnv: {
    sipUrl: string;
    sipAuthUrl: string;
    unreachableSipUrl: string;
    users: Record<string, string>;
    netns: boolean;
  };
}
