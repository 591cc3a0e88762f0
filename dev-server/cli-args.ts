import { normalizeOrigin } from './origin.js';

/** Usage text of `call-elements-dev-server`. */
export const HELP = `call-elements-dev-server: a SIP-over-WebSocket (RFC 7118) registrar and proxy for development.

Usage: call-elements-dev-server [--port 5062] [--host 127.0.0.1] [--user name:password]... [--allow-origin origin]... [--verbose]

  --port N              port to listen on (default 5062; 0 = any free port)
  --host H              address to bind (default 127.0.0.1)
  --user name:password  require digest auth for REGISTER (and for calls from phones that have not
                        registered); repeat for each user (default: anyone may register)
  --allow-origin O      also accept browser pages from origin O (scheme://host[:port]), or * for any;
                        repeatable (default: only pages of the host the server is reached at)
  --verbose             log registrations, routed requests and errors
  --help                show this text

For development only: in production use Kamailio, Asterisk or FreeSWITCH with a WebSocket transport.`;

/** Parsed command line. */
export interface CliOptions {
  port: number;
  host: string;
  users?: Record<string, string>;
  allowOrigin?: string[];
  verbose: boolean;
  help: boolean;
}

/** Parses the command line (without `node` and the script); throws an Error with a readable message. */
export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 5062, host: '127.0.0.1', verbose: false, help: false };
  const users = new Map<string, string>();
  const value = (i: number, flag: string) => {
    const next = argv[i];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value (see --help)`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const take = () => inline ?? value(++i, flag);
    if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--verbose' || flag === '-v') options.verbose = true;
    else if (flag === '--port') {
      const text = take();
      options.port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
      if (!(options.port <= 65535)) throw new Error(`--port needs a number from 0 to 65535, not "${text}"`);
    } else if (flag === '--host') options.host = take();
    else if (flag === '--user') {
      const text = take();
      const colon = text.indexOf(':');
      if (colon <= 0 || colon === text.length - 1) throw new Error('--user needs name:password');
      users.set(text.slice(0, colon), text.slice(colon + 1));
    } else if (flag === '--allow-origin') {
      const text = take();
      try {
        (options.allowOrigin ??= []).push(normalizeOrigin(text));
      } catch (error) {
        throw new Error(`--allow-origin: ${(error as Error).message}`);
      }
    } else throw new Error(`unknown option "${argv[i]}" (see --help)`);
  }
  if (users.size) options.users = Object.fromEntries(users);
  return options;
}
