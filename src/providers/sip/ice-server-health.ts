/**
 * Which configured ICE servers answer: learned from the calls' own gatherings, so that a dead
 * STUN or TURN server costs the gathering cap once, not on every call.
 *
 * Every configured server entry is tracked per kind of candidate it can give (`srflx` for an
 * entry with a `stun:`/`stuns:` URL, `relay` for `turn:`/`turns:`). A gathering round starts
 * when a peer connection starts gathering and is judged `windowMs` later (the gathering cap) or
 * when gathering completes: an entry and kind that produced a candidate by then is alive; one
 * that produced none has missed. After {@link SKIP_AFTER_MISSES} misses in a row it is no longer
 * waited for ({@link IceServerHealth.expectation} leaves it out). It is still configured, so the
 * browser still asks it in every gathering: its candidates are still counted, in the background
 * and after the offer went out, and the first one it gives makes it waited for again — every
 * real call is the re-probe, no extra peer connection is opened.
 *
 * Candidates are attributed to an entry by their `url` (RTCIceCandidate.url, or the
 * icecandidate event's `url`). A browser that gives no `url` leaves a round without
 * attribution for that kind: nothing is learned from it (no miss is recorded), so such a
 * browser keeps today's behaviour.
 *
 * Scope: one instance per SipProvider, i.e. per controller (per SIP account). Two phones on a
 * page learn separately (each pays the cap once); a controller that is recreated starts afresh.
 * That keeps one account's network view (e.g. its own TURN credentials) from steering another.
 */
import { timerMs } from '../../core/backoff.js';
import type { IceExpectation } from './ice-gathering.js';

/** Misses in a row after which an entry is no longer waited for: one, so the second call is fast. */
export const SKIP_AFTER_MISSES = 1;

type Kind = 'srflx' | 'relay';

interface Entry {
  key: string;
  urls: string[];
  kinds: Kind[];
}

const normalizeUrl = (url: string) => url.trim().toLowerCase();

/** The entries of a configuration with the candidate kinds each can give under `policy`. */
function entriesOf(iceServers: RTCIceServer[], policy: RTCIceTransportPolicy): Entry[] {
  return iceServers.map((server) => {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).map(normalizeUrl);
    const kinds: Kind[] = [];
    if (policy !== 'relay' && urls.some((u) => /^stuns?:/.test(u))) kinds.push('srflx');
    if (urls.some((u) => /^turns?:/.test(u))) kinds.push('relay');
    return { key: [...urls].sort().join(' '), urls, kinds };
  });
}

/** The type of a candidate: its `type`, else parsed from the candidate line. */
export function candidateType(candidate: RTCIceCandidate): string | undefined {
  return candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
}

/** Learns which configured ICE servers produce candidates; see the module comment. */
export class IceServerHealth {
  /** Consecutive misses by `${entry key}|${kind}`. */
  readonly #misses = new Map<string, number>();
  readonly #skipAfter: number;

  constructor(skipAfterMisses = SKIP_AFTER_MISSES) {
    this.#skipAfter = skipAfterMisses;
  }

  /**
   * How many srflx and relay candidates to wait for: one per entry and kind, leaving out those
   * that missed {@link SKIP_AFTER_MISSES} rounds in a row.
   */
  expectation(iceServers: RTCIceServer[], policy: RTCIceTransportPolicy = 'all'): IceExpectation {
    const expect = { srflx: 0, relay: 0 };
    for (const entry of entriesOf(iceServers, policy)) {
      for (const kind of entry.kinds) if (!this.skipped(entry.key, kind)) expect[kind]++;
    }
    return expect;
  }

  /** True when the entry (by its URLs) is not waited for candidates of `kind`. */
  skipped(keyOrUrls: string | string[], kind: Kind): boolean {
    const key = Array.isArray(keyOrUrls) ? keyOrUrls.map(normalizeUrl).sort().join(' ') : keyOrUrls;
    return (this.#misses.get(`${key}|${kind}`) ?? 0) >= this.#skipAfter;
  }

  /**
   * Records one judged round: `seen` holds the `${key}|${kind}` pairs that produced a
   * candidate, `unknown` the kinds for which a candidate came without a `url`.
   */
  #record(entries: Entry[], seen: Set<string>, unknown: Set<Kind>): void {
    for (const entry of entries) {
      for (const kind of entry.kinds) {
        const id = `${entry.key}|${kind}`;
        if (seen.has(id)) this.#misses.delete(id);
        else if (!unknown.has(kind)) this.#misses.set(id, (this.#misses.get(id) ?? 0) + 1);
      }
    }
  }

  /**
   * Watches the gathering rounds of `pc` (the first, and any ICE restart) configured with
   * `iceServers`, judging each `windowMs` after it started or when it completes. Returns a
   * function that stops watching.
   */
  watch(pc: RTCPeerConnection, iceServers: RTCIceServer[], policy: RTCIceTransportPolicy, windowMs: number): () => void {
    const entries = entriesOf(iceServers, policy).filter((e) => e.kinds.length > 0);
    if (!entries.length) return () => {};
    let round: { seen: Set<string>; unknown: Set<Kind>; timer: ReturnType<typeof setTimeout> } | undefined;

    const close = () => {
      if (!round) return;
      clearTimeout(round.timer);
      this.#record(entries, round.seen, round.unknown);
      round = undefined;
    };
    const open = () => {
      close();
      round = { seen: new Set(), unknown: new Set(), timer: setTimeout(close, timerMs(windowMs)) };
    };
    const onState = () => {
      if (pc.iceGatheringState === 'gathering') open();
      else if (pc.iceGatheringState === 'complete') close();
    };
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      const candidate = event.candidate;
      if (!candidate || !round) return;
      const type = candidateType(candidate);
      if (type !== 'srflx' && type !== 'relay') return;
      const url = (candidate as RTCIceCandidate & { url?: string | null }).url ?? (event as RTCPeerConnectionIceEvent & { url?: string | null }).url;
      if (!url) {
        round.unknown.add(type);
        return;
      }
      const normalized = normalizeUrl(url);
      for (const entry of entries) if (entry.urls.includes(normalized)) round.seen.add(`${entry.key}|${type}`);
    };
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
    if (pc.iceGatheringState === 'gathering') open();
    return () => {
      clearTimeout(round?.timer);
      round = undefined;
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
    };
  }
}
