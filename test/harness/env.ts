// The test servers' addresses, from the virtual module `/__test-env.js` served by
// web-test-runner.config.mjs (typed by test-env.d.ts beside this file).
import { testEnv } from '/__test-env.js';

export { testEnv };

/**
 * A WebSocket URL where nothing listens (a closed port): what tests next to the sources use as a
 * server, since they need no SIP server (test/node/repository.test.mjs keeps `testEnv` out of them).
 */
export const unreachableSipUrl: string = testEnv.unreachableSipUrl;

/** Where the test servers are. */
export interface TestEnv {
  /** Development SIP server without authentication (`ws://127.0.0.1:<port>/sip`). */
  sipUrl: string;
  /** Development SIP server requiring digest auth with `users`. */
  sipAuthUrl: string;
  /** Development SIP server granting 10 s registrations (clients refresh every 5 s). */
  sipShortUrl: string;
  /** A WebSocket URL where nothing listens. */
  unreachableSipUrl: string;
  /** User names and passwords the `sipAuthUrl` server accepts. */
  users: Record<string, string>;
  /** Kamailio's WebSocket URL, or '' when real servers cannot run (not root / no namespace). */
  kamailioUrl: string;
  /** The WebSocket URLs of the two nodes of examples/kamailio-cluster, or null when real servers cannot run. */
  clusterUrls: { a: string; b: string } | null;
  /** Whether the browser runs inside a loopback-only network namespace. */
  netns: boolean;
}
