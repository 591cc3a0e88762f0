/**
 * What passes a JsSIP socket on its way: the SIP half of the `debug` log (every message sent or
 * received, one debug line each; the controller redacts credentials before printing), and
 * received responses mended so JsSIP can parse them (see status-line.ts).
 * @module
 */
import { mendStatusLine } from './status-line.js';

/** The parts of a JsSIP socket that carry messages. */
interface LoggableSocket {
  send(message: string): boolean;
  ondata: (data: unknown) => void;
}

/** Longest message text logged; the rest is cut, so a huge hostile message cannot flood the console. */
const MAX_LOGGED = 4000;

/** Wraps `socket` so that `log` sees each message, outgoing (`→`) and incoming (`←`), and JsSIP gets incoming ones mended. */
export function logSignalling(socket: object, log: (line: string) => void): void {
  const target = socket as LoggableSocket;
  const send = target.send.bind(target);
  target.send = (message) => {
    log(`SIP → ${clip(message)}`);
    return send(message);
  };
  let receive: (data: unknown) => void = () => undefined;
  Object.defineProperty(target, 'ondata', {
    configurable: true,
    get: () => receive,
    set: (handler: (data: unknown) => void) => {
      receive = (data) => {
        if (typeof data === 'string' && data.trim()) log(`SIP ← ${clip(data)}`);
        handler(mendStatusLine(data));
      };
    },
  });
}

function clip(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length > MAX_LOGGED ? `${trimmed.slice(0, MAX_LOGGED)}… (${trimmed.length} characters)` : trimmed;
}
