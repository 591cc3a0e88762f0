// Network impairment for the quality tests. This kernel has no sch_netem (`tc qdisc … netem`
// answers "Specified qdisc kind is unknown"), so impairment is done on the real packets by a
// UDP proxy in front of the TURN server: a phone told to relay through it sends and receives
// all its media through the proxy, which delays and drops datagrams as asked.
import { createSocket } from 'node:dgram';

/**
 * Starts a UDP proxy on 127.0.0.1 forwarding to `target` (host:port), one upstream socket per
 * client. `impair({ delayMs, loss })` applies to both directions; `impair(null)` stops it.
 */
export async function startImpairmentProxy(targetPort, targetHost = '127.0.0.1') {
  let delayMs = 0;
  let loss = 0;
  const listener = createSocket('udp4');
  const upstreams = new Map();
  const pass = (send) => {
    if (loss && Math.random() < loss) return;
    if (delayMs) setTimeout(send, delayMs);
    else send();
  };
  listener.on('message', (data, from) => {
    const key = `${from.address}:${from.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      upstream = createSocket('udp4');
      upstream.on('message', (reply) => pass(() => listener.send(reply, from.port, from.address)));
      upstream.bind(0, '127.0.0.1');
      upstreams.set(key, upstream);
    }
    pass(() => upstream.send(data, targetPort, targetHost));
  });
  await new Promise((resolve) => listener.bind(0, '127.0.0.1', resolve));
  return {
    port: listener.address().port,
    impair(options) {
      delayMs = options?.delayMs ?? 0;
      loss = options?.loss ?? 0;
      return true;
    },
    close() {
      for (const socket of upstreams.values()) socket.close();
      listener.close();
    },
  };
}
