// The cost of the media-stall watch (src/providers/sip/media-stall.ts: while media is expected,
// one getStats() read per second per call and its receive counters taken out,
// src/quality/received.ts), on a real audio call between two controllers in the page (dev SIP
// server, both ends' media encoded and decoded here). Both controllers run with the watch off
// (`mediaReconnectTimeout: 0`) and the quality sampler off (`quality: false`), so nothing else
// reads stats; the bench then puts the library's own MediaStallWatch, default timing, on each
// end's peer connection and takes it off again, in windows of BENCH_STALL_SECONDS (default 10)
// in the order off, on, on, off repeated BENCH_STALL_ROUNDS times (default 2; drift cancels).
// Measured per window (CDP Performance.getMetrics, `page-metrics`): the renderer process's CPU
// time (ProcessTime: WebRTC's threads, where the stats are gathered, included), the main
// thread's CPU time (ThreadTime) and script time (ScriptDuration), and every getStats() call in
// the page (RTCPeerConnection.prototype.getStats counted). Then the cost of one read, amplified:
// a read every 60 ms on both ends (above Chromium's 50 ms stats cache, so each read gathers
// anew) for the same window length, against the off windows. Prints figures and ratios measured
// in this run; asserts nothing about time.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MEDIA_STALL_DEFAULTS, MediaStallWatch } from '../src/providers/sip/media-stall.js';
import { receivedCounters } from '../src/quality/received.js';
import { connectedPair, disposeControllers, registeredController, sleep, uniqueUser } from '../test/e2e/helpers.js';
import { benchNumber } from './bench-env.js';

/** Every getStats() call in the page, by anyone. */
let reads = 0;
const realGetStats = RTCPeerConnection.prototype.getStats;
RTCPeerConnection.prototype.getStats = function (this: RTCPeerConnection, ...args: [MediaStreamTrack?]) {
  reads++;
  return realGetStats.apply(this, args);
} as typeof RTCPeerConnection.prototype.getStats;

interface Span {
  seconds: number;
  processMs: number;
  threadMs: number;
  scriptMs: number;
  reads: number;
}

const pageMetrics = () => executeServerCommand('page-metrics') as Promise<Record<string, number>>;

/** What the page spent while `during` ran (awaited). */
async function measure(during: () => Promise<void>): Promise<Span> {
  const [before, readsBefore, t0] = [await pageMetrics(), reads, performance.now()];
  await during();
  const [after, readsAfter, t1] = [await pageMetrics(), reads, performance.now()];
  const ms = (name: string) => (after[name] - before[name]) * 1000;
  return { seconds: (t1 - t0) / 1000, processMs: ms('ProcessTime'), threadMs: ms('ThreadTime'), scriptMs: ms('ScriptDuration'), reads: readsAfter - readsBefore };
}

/** Sums windows. */
function total(windows: Span[]): Span {
  return windows.reduce((a, w) => ({
    seconds: a.seconds + w.seconds,
    processMs: a.processMs + w.processMs,
    threadMs: a.threadMs + w.threadMs,
    scriptMs: a.scriptMs + w.scriptMs,
    reads: a.reads + w.reads,
  }));
}

describe('benchmark: the media-stall watch (one getStats read per second per call)', function () {
  this.timeout(300_000);
  after(disposeControllers);

  it('CPU and main-thread time of a call with the watch on and off, and of one read', async () => {
    const seconds = await benchNumber('BENCH_STALL_SECONDS', 10);
    const rounds = Math.max(1, await benchNumber('BENCH_STALL_ROUNDS', 2));
    const settings = { quality: false, mediaReconnectTimeout: 0 };
    const alice = await registeredController(uniqueUser('bench-stall-a'), settings);
    const bob = await registeredController(uniqueUser('bench-stall-b'), settings);
    const [out, inb] = await connectedPair(alice, bob);
    const pcs = [...out.peerConnections(), ...inb.peerConnections()];
    expect(pcs.length, 'one peer connection per end').to.equal(2);
    await sleep(2000);

    let stalls = 0;
    const idle = () => sleep(seconds * 1000);
    const watched = async () => {
      const watches = pcs.map((pc) => new MediaStallWatch(pc, { expected: () => true, stalled: () => void stalls++, flowing: () => undefined }, MEDIA_STALL_DEFAULTS));
      await sleep(seconds * 1000);
      for (const watch of watches) watch.dispose();
    };
    const off: Span[] = [];
    const on: Span[] = [];
    for (let round = 0; round < rounds; round++) {
      off.push(await measure(idle));
      on.push(await measure(watched));
      on.push(await measure(watched));
      off.push(await measure(idle));
    }
    // One read every 60 ms on each end, as the watch reads (report → receive counters).
    let kept = 0;
    const amplified = await measure(async () => {
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        const started = performance.now();
        for (const pc of pcs) kept += receivedCounters(await pc.getStats()).size;
        await sleep(Math.max(0, 60 - (performance.now() - started)));
      }
    });
    const calls = pcs.length;

    const [a, b] = [total(off), total(on)];
    const perS = (w: Span, key: 'processMs' | 'threadMs' | 'scriptMs') => w[key] / w.seconds;
    const cost = (key: 'processMs' | 'threadMs' | 'scriptMs') => (perS(b, key) - perS(a, key)) / calls;
    const readsPerS = (w: Span) => w.reads / w.seconds;
    const perRead = (key: 'processMs' | 'threadMs' | 'scriptMs') => ((perS(amplified, key) - perS(a, key)) * amplified.seconds) / Math.max(1, amplified.reads);
    const f = (ms: number) => `${ms.toFixed(3)} ms`;
    const pct = (msPerS: number) => `${(msPerS / 10).toFixed(3)} % of a core`;
    const row = (label: string, key: 'processMs' | 'threadMs' | 'scriptMs') =>
      `  ${label.padEnd(28)} off ${f(perS(a, key)).padStart(11)}/s   on ${f(perS(b, key)).padStart(11)}/s   on/off ${(perS(b, key) / perS(a, key)).toFixed(3)}×   watch per call ${f(cost(key))}/s (${pct(cost(key))})   one read ${f(perRead(key))}`;
    console.log(
      [
        '',
        `Media-stall watch on a real audio call (both ends in the page; ${rounds} × off-on-on-off windows of ${seconds} s; ${calls} calls' ends watched):`,
        row('renderer CPU (ProcessTime)', 'processMs'),
        row('main thread CPU (ThreadTime)', 'threadMs'),
        row('main-thread script', 'scriptMs'),
        `  getStats() reads:            off ${readsPerS(a).toFixed(2)}/s (nothing else reads stats), on ${readsPerS(b).toFixed(2)}/s (${(readsPerS(b) / calls).toFixed(2)} per call per second); stalls reported: ${stalls}`,
        `  one read, amplified:         ${amplified.reads} reads in ${amplified.seconds.toFixed(1)} s (every 60 ms on each end, ${(kept / Math.max(1, amplified.reads)).toFixed(1)} counters each): renderer ${f(perS(amplified, 'processMs'))}/s, main thread ${f(perS(amplified, 'threadMs'))}/s`,
        `  so the watch at 1 read/s costs a call about ${f(perRead('processMs'))} of renderer CPU per second (${pct(perRead('processMs'))}), ${f(perRead('threadMs'))} of it on the main thread;`,
        `  the call's own renderer CPU (watch off) is ${f(perS(a, 'processMs') / calls)}/s per end: the watch adds ${((perRead('processMs') / (perS(a, 'processMs') / calls)) * 100).toFixed(2)} % to it`,
      ].join('\n'),
    );
  });
});
