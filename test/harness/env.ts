// @ts-expect-error: a virtual module served by web-test-runner.config.mjs, unknown to TypeScript.
import { testEnv as served } from '/__test-env.js';

/** Where the test servers are. */
export interface TestEnv {
  /** Development SIP server without authentication. */
  sipUrl: string;
  /** Development SIP server requiring digest auth with `users`. */
  sipAuthUrl: string;
  /** A WebSocket URL where nothing listens. */
  unreachableSipUrl: string;
  users: Record<string, string>;
  /** Whether the browser runs inside a loopback-only network namespace. */
  netns: boolean;
}

/** The test servers' addresses for this run. */
export const testEnv: TestEnv = served;
