// A free TCP port on 127.0.0.1 for a server a test harness starts.
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 nothing listens on now (the OS picks it). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
