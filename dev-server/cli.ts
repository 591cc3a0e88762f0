import { startDevSipServer } from './index.js';

const HELP = `call-elements-dev-server — a SIP-over-WebSocket registrar and proxy for development.

Usage: call-elements-dev-server [--port 5062] [--host 127.0.0.1] [--user name:password]... [--verbose]

  --port N              port to listen on (default 5062)
  --host H              address to bind (default 127.0.0.1)
  --user name:password  require digest auth; repeat for each user (default: no auth)
  --verbose             log each SIP request
  --help                this text

For development only: production uses Kamailio, Asterisk or FreeSWITCH.`;

function parse(argv: string[]) {
  const options: { port: number; host: string; users?: Record<string, string>; verbose: boolean } = {
    port: 5062,
    host: '127.0.0.1',
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--host') options.host = String(argv[++i]);
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--user') {
      const [name, ...rest] = String(argv[++i] ?? '').split(':');
      if (!name || !rest.length) throw new Error('--user needs name:password');
      (options.users ??= {})[name] = rest.join(':');
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port needs a number 0-65535');
  return options;
}

try {
  const options = parse(process.argv.slice(2));
  const running = await startDevSipServer({ ...options, log: options.verbose ? (line) => console.log(line) : undefined });
  console.log(`Dev SIP server at ${running.url}`);
  console.log('For development only: in production use Kamailio, Asterisk or FreeSWITCH over WebSocket.');
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`call-elements-dev-server: ${(error as Error).message}`);
  process.exit(2);
}
