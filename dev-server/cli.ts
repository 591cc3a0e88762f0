/**
 * Command line entry of the development SIP server (`call-elements-dev-server`).
 * Starts the standalone server and runs until SIGINT or SIGTERM.
 */
import { parseCliArgs, HELP } from './cli-args.js';
import { startDevSipServer } from './index.js';

/** Runs the CLI; resolves with the process exit code once the server is up (or could not start). */
async function main(argv: string[]): Promise<number | undefined> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    console.error(`call-elements-dev-server: ${(error as Error).message}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  let running;
  try {
    running = await startDevSipServer({
      host: options.host,
      port: options.port,
      users: options.users,
      allowOrigin: options.allowOrigin,
      log: options.verbose ? (line) => console.log(`[sip] ${line}`) : undefined,
    });
  } catch (error) {
    console.error(`call-elements-dev-server: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`Dev SIP server listening at ${running.url}`);
  if (options.users) console.log(`Digest auth required for: ${Object.keys(options.users).join(', ')}`);
  if (options.allowOrigin) console.log(`Browser pages also accepted from: ${options.allowOrigin.join(', ')}`);
  console.log('For development only: production uses a real SIP server such as Kamailio, Asterisk or FreeSWITCH.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the dev SIP server`);
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exit(code);
