import { timerMs } from '../../core/backoff.js';

/**
 * When to stop waiting for ICE candidates and send the SDP.
 *
 * JsSIP sends an offer or answer only when gathering completes, which takes ~40 s when a
 * configured STUN server does not answer, and ~130 ms even with no server at all (it waits
 * for a TCP host candidate). We send as soon as every configured server type has produced a
 * candidate — a host candidate when no server is configured, one server-reflexive candidate
 * per STUN server, one relay candidate per TURN server — or when `capMs` has passed since the
 * round's first candidate, whichever is first. Candidates found later are not lost for the
 * media path that matters on the same host, and the cap bounds the cost of a dead server.
 */
export interface IceExpectation {
  srflx: number;
  relay: number;
}

/** Counts how many srflx and relay candidates the configured servers can give. */
export function expectedCandidates(iceServers: RTCIceServer[], policy: RTCIceTransportPolicy = 'all'): IceExpectation {
  let srflx = 0;
  let relay = 0;
  for (const server of iceServers) {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (policy !== 'relay' && urls.some((u) => /^stuns?:/i.test(u))) srflx++;
    if (urls.some((u) => /^turns?:/i.test(u))) relay++;
  }
  return { srflx, relay };
}

/** The payload of JsSIP's `icecandidate` session event. */
export interface IceCandidateEvent {
  candidate: RTCIceCandidate;
  ready: () => void;
}

/**
 * Returns a listener for JsSIP's `icecandidate` event that calls `ready()` early as described
 * above. One listener serves every gathering round of a session (re-INVITEs, ICE restarts).
 */
export function earlyIceReady(expect: IceExpectation, capMs: number, relayOnly = false): (event: IceCandidateEvent) => void {
  let round: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seen = { host: 0, srflx: 0, relay: 0 };
  let fired = false;

  const fire = () => {
    if (fired || !round) return;
    fired = true;
    clearTimeout(timer);
    round();
  };

  return ({ candidate, ready }) => {
    if (ready !== round) {
      round = ready;
      fired = false;
      seen = { host: 0, srflx: 0, relay: 0 };
      clearTimeout(timer);
      timer = setTimeout(fire, timerMs(capMs));
    }
    const type = candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
    if (type === 'host' || type === 'srflx' || type === 'relay') seen[type]++;
    const hostOk = relayOnly || expect.srflx + expect.relay > 0 || seen.host > 0;
    if (hostOk && seen.srflx >= expect.srflx && seen.relay >= expect.relay) fire();
  };
}
