/**
 * JsSIP builds a session's peer connection itself (`new RTCPeerConnection(...)`, synchronously
 * inside `ua.call` and `session.answer`) and offers no factory option. A call whose media is in
 * another tab (a phone shared across tabs) needs a proxy there instead: for the duration of that
 * one synchronous call, the global constructor JsSIP reads makes the proxy.
 * @module
 */
import type { PeerConnectionFactory } from '../../core/provider.js';

/** Runs `fn` (a JsSIP call that creates one peer connection) with `factory` making it; without a factory, just runs it. */
export function withPeerConnection<T>(factory: PeerConnectionFactory | undefined, fn: () => T): T {
  if (!factory) return fn();
  const scope = globalThis as { RTCPeerConnection: typeof RTCPeerConnection };
  const real = scope.RTCPeerConnection;
  scope.RTCPeerConnection = function ProxyConstructor(configuration?: RTCConfiguration) {
    return factory(configuration ?? {});
  } as unknown as typeof RTCPeerConnection;
  try {
    return fn();
  } finally {
    scope.RTCPeerConnection = real;
  }
}
