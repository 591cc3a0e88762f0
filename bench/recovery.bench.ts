// Recovery: what a registered controller and an established call go through when signalling or
// media goes away and comes back. Measures whatever the code does today; asserts nothing.
//
// 1. Signalling outage (BENCH_OUTAGE_SHORT_S, default 3 s, then BENCH_OUTAGE_LONG_S, default 40 s):
//    two controllers registered through Kamailio (testEnv.kamailioUrl) with a call between them;
//    Kamailio is stopped (`kamailio-stop`: SIGTERM, its WebSocket connections drop), the page
//    waits out the outage (server commands are limited to ~20 s), Kamailio is started again
//    (`kamailio-start` resolves once its WebSocket port accepts: "its return", t = 0). Reported,
//    per controller: the times from its return to the next `registering` (transport back,
//    REGISTER sent) and `registered` states (call-registration-change), and the states seen since
//    the stop; the audio energy each side received (inbound-rtp totalAudioEnergy, polled every
//    250 ms) in 1 s windows: before the stop, the last second of the outage, the first second
//    after both registered again and 5 s later ("after"), and one character a second over the
//    whole scenario; then the callee (far end) hangs up and we wait up to BENCH_HANGUP_WAIT_S
//    (default 45 s) for the caller (near end) to see `call-ended`: its reason and how long after
//    the far end's hangup() it came.
// 2. Media blackout (BENCH_BLACKOUT_S, default 8 s): a relay-only call (iceTransportPolicy
//    'relay') over the dev SIP server whose every packet passes the impairment proxy in front of
//    coturn (`impaired-turn`); the proxy drops 100 % of packets both ways (`impair`
//    { delayMs: 0, loss: 1 }), then passes everything again (`impair` null: "the path's return",
//    t = 0). Reported (stats polled every 50 ms; Chromium caches getStats ~50 ms): the time from
//    the return to the first new inbound audio packet and to audio energy again (the energy
//    cumulated since the return passing 10 % of what 1 s gave before the blackout; the fake
//    microphone beeps twice a second, so this one is up to ~0.5 s coarser), per direction;
//    whether the call survived; ICE and call events (call-reconnecting / call-reconnected, where
//    the code has them) on a timeline.
// "Sound" in a 1 s window means more than 10 % of the energy of the second before the outage.
import type { CallController } from '../src/core/call-controller.js';
import type { Call } from '../src/core/call.js';
import { testEnv } from '../test/harness/env.js';
import { impairNetwork, impairedTurn, startKamailio, stopKamailio } from '../test/harness/sip-commands.js';
import { connectedPair, inboundAudio, nextEvent, registeredController, sleep, uniqueUser, until } from '../test/e2e/helpers.js';
import { benchNumber } from './bench-env.js';

const now = () => performance.now();
const sec = (ms: number | undefined, sign = true) => (ms === undefined || !Number.isFinite(ms) ? '–' : `${sign && ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(2)} s`);
const energy = (e: number | undefined) => (e === undefined || Number.isNaN(e) ? '–' : e.toFixed(4));

type Logged = { t: number; what: string };

/** Every registration state a controller reports, timed. */
function registrationLog(c: CallController): Logged[] {
  const log: Logged[] = [];
  c.addEventListener('call-registration-change', (e) => log.push({ t: now(), what: (e as CustomEvent<{ state: string }>).detail.state }));
  return log;
}

/**
 * Events of one call, timed: call-reconnecting / call-reconnected (by name: they exist once the
 * code has ICE restart), state changes, the end; and its peer connection's ICE and connection states.
 */
function callLog(c: CallController, call: Call, label: string, log: Logged[]): void {
  for (const type of ['call-reconnecting', 'call-reconnected', 'call-state-change', 'call-ended']) {
    c.addEventListener(type, (e) => {
      const d = (e as CustomEvent<Record<string, unknown>>).detail ?? {};
      if (d.call !== call || (type === 'call-state-change' && d.state === 'ended')) return;
      const extra =
        type === 'call-ended'
          ? ` ${(d.summary as { reason: string }).reason}`
          : type === 'call-state-change'
            ? ` ${d.state}`
            : d.cause !== undefined
              ? ` (${String(d.cause)})`
              : '';
      log.push({ t: now(), what: `${label} ${type.replace(/^call-/, '')}${extra}` });
    });
  }
  const pc = call.peerConnections()[0];
  pc?.addEventListener('iceconnectionstatechange', () => log.push({ t: now(), what: `${label} ice ${pc.iceConnectionState}` }));
  pc?.addEventListener('connectionstatechange', () => log.push({ t: now(), what: `${label} pc ${pc.connectionState}` }));
}

/** `a → b (×3) → c`: the states in order, repeats folded. */
function sequence(log: Logged[]): string {
  const out: [string, number][] = [];
  for (const { what } of log) {
    const last = out.at(-1);
    if (last?.[0] === what) last[1]++;
    else out.push([what, 1]);
  }
  return out.map(([s, n]) => (n > 1 ? `${s} (×${n})` : s)).join(' → ') || '(no change)';
}

type Sample = { t: number; stats: ({ packets: number; energy: number } | undefined)[] };

/** Polls the inbound audio of both calls every `everyMs` until stopped. */
function sampleAudio(calls: Call[], everyMs: number) {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const stats = await Promise.all(calls.map((c) => (c.ended ? undefined : inboundAudio(c).catch(() => undefined))));
      samples.push({ t: now(), stats });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The stats of call `i` in the last sample at or before `t`, if that sample is at most `slack` ms old. */
function at(samples: Sample[], i: number, t: number, slack = 600) {
  const sample = samples.filter((s) => s.t <= t && s.stats[i]).at(-1);
  return sample && t - sample.t <= slack ? sample.stats[i] : undefined;
}

/** Audio energy call `i` received between `from` and `to` (from the samples), NaN when unknown. */
function energyBetween(samples: Sample[], i: number, from: number, to: number): number {
  const a = at(samples, i, from);
  const b = at(samples, i, to);
  return a && b ? b.energy - a.energy : NaN;
}

/** Whether a window's energy shows sound: more than 10 % of what 1 s gave before. */
const sounds = (e: number, before: number) => Number.isFinite(e) && e > Math.max(before * 0.1, 1e-6);

/**
 * One character a second for call `i` from `from` to `to`: █ sound, · silence, ? no stats (call
 * ended); `marks` puts letters where things happened (the second they fall in).
 */
function strip(samples: Sample[], i: number, before: number, from: number, to: number, marks: [number | undefined, string][]): string {
  let out = '';
  for (let t = from; t + 1000 <= to + 1; t += 1000) {
    const mark = marks.filter(([m]) => m !== undefined && m >= t && m < t + 1000).map(([, c]) => c).join('');
    const e = energyBetween(samples, i, t, t + 1000);
    out += mark + (Number.isNaN(e) ? '?' : sounds(e, before) ? '█' : '·');
  }
  const end = from + Math.floor((to + 1 - from) / 1000) * 1000;
  return out + marks.filter(([m]) => m !== undefined && m >= end).map(([, c]) => c).join('');
}

type OutageResult = {
  label: string;
  lines: string[];
  registered: (number | undefined)[];
  audioDuring?: boolean;
  audioAfter?: boolean;
  hangup: string;
};

const SIDES = ['caller', 'callee'];
const pairOf = <T>(xs: T[], f: (x: T) => string) => xs.map(f).join(' / ');

async function signallingOutage(outageMs: number, hangupWaitMs: number): Promise<OutageResult> {
  const label = `Kamailio down ${outageMs / 1000} s`;
  const result: OutageResult = { label, lines: [], registered: [], hangup: '–' };
  const note = (line: string) => result.lines.push(`  ${line}`);
  const controllers: CallController[] = [];
  let sampler: ReturnType<typeof sampleAudio> | undefined;
  try {
    await startKamailio(false);
    const settings = { server: testEnv.kamailioUrl };
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('rec-a'), settings), registeredController(uniqueUser('rec-b'), settings)]);
    controllers.push(alice, bob);
    const logs = [registrationLog(alice), registrationLog(bob)];
    const [out, inb] = await connectedPair(alice, bob);
    const calls = [out, inb];
    const events: Logged[] = [];
    callLog(alice, out, 'caller', events);
    callLog(bob, inb, 'callee', events);
    const errors: Logged[] = [];
    controllers.forEach((c, i) =>
      c.addEventListener('call-error', (e) => errors.push({ t: now(), what: `${SIDES[i]} ${(e as CustomEvent<{ error: { code: string } }>).detail.error.code}` })),
    );
    sampler = sampleAudio(calls, 250);
    const samples = sampler.samples;
    await sleep(2500);
    const tStop = now();
    const before = calls.map((_, i) => energyBetween(samples, i, tStop - 1000, tStop));

    await stopKamailio();
    const tStopped = now();
    await sleep(outageMs);
    const tStart = now();
    await startKamailio(false);
    const tBack = now();
    const during = calls.map((_, i) => energyBetween(samples, i, tStart - 1000, tStart));
    note(`Kamailio stopped (SIGTERM → exit ${sec(tStopped - tStop, false)}), down ${sec(tStart - tStopped, false)}, start took ${sec(tBack - tStart, false)}; t = 0 when its WebSocket port accepted again`);

    const since = (log: Logged[], state: string) => log.find((e) => e.t > tStop && e.what === state)?.t;
    try {
      await until(() => logs.every((log) => since(log, 'registered') !== undefined), 60_000, 'registered again');
    } catch (error) {
      note(`${(error as Error).message} (waited 60 s): states now ${logs.map((l, i) => `${SIDES[i]} ${l.at(-1)?.what ?? '?'}`).join(', ')}`);
    }
    const registeredAt: (number | undefined)[] = [];
    SIDES.forEach((side, i) => {
      const log = logs[i].filter((e) => e.t > tStop);
      const registering = since(logs[i], 'registering');
      const registered = since(logs[i], 'registered');
      registeredAt.push(registered);
      result.registered.push(registered === undefined ? undefined : registered - tBack);
      const lost = log[0] ? `left registered ${sec(log[0].t - tStop, false)} after the stop command` : 'never left registered';
      note(
        `${side}: registering ${sec(registering === undefined ? undefined : registering - tBack)}, registered ${sec(registered === undefined ? undefined : registered - tBack)}; ` +
          `${lost}; states: ${sequence(log)}`,
      );
    });

    // Audio after recovery: the second right after both registered, and 5 s later.
    const tRegistered = Math.max(tBack, ...registeredAt.map((t) => t ?? now()));
    await sleep(Math.max(0, tRegistered + 6000 + 300 - now()));
    const justAfter = calls.map((_, i) => energyBetween(samples, i, tRegistered, tRegistered + 1000));
    const later = calls.map((_, i) => energyBetween(samples, i, tRegistered + 5000, tRegistered + 6000));
    result.audioDuring = during.every((e, i) => sounds(e, before[i]));
    result.audioAfter = later.every((e, i) => sounds(e, before[i]));
    note(
      `audio energy received in 1 s, caller ← callee / callee ← caller: before the stop ${pairOf(before, energy)}; last second of the outage ${pairOf(during, energy)}; ` +
        `first second after both registered ${pairOf(justAfter, energy)}; 5 s later ${pairOf(later, energy)}`,
    );
    note(`calls after recovery: caller ${out.state}${out.summary ? ` (${out.summary.reason})` : ''}, callee ${inb.state}${inb.summary ? ` (${inb.summary.reason})` : ''}`);

    let tHangup: number | undefined;
    let tEnded: number | undefined;
    if (out.ended || inb.ended) {
      result.hangup = `not tried: the call had ended (${out.summary?.reason ?? inb.summary?.reason})`;
    } else {
      const ended = nextEvent(alice, 'call-ended', (d) => d.call === out, hangupWaitMs);
      tHangup = now();
      inb.hangup();
      try {
        const { summary } = await ended;
        tEnded = now();
        result.hangup = `${summary.reason} after ${sec(tEnded - tHangup, false)}`;
      } catch {
        result.hangup = `no call-ended within ${hangupWaitMs / 1000} s (caller's call ${out.state}); hung up locally`;
        out.hangup();
      }
      note(`far end (callee) hung up → near end (caller): ${result.hangup}`);
    }
    await sampler.stop();
    const marks: [number | undefined, string][] = [
      [tStop, 'S'],
      [tBack, 'R'],
      [registeredAt[0], 'r'],
      [registeredAt[1], 'r'],
      [tHangup, 'H'],
    ];
    const to = Math.min(tEnded ?? now(), (tHangup ?? now()) + 2000);
    SIDES.forEach((side, i) => note(`audio ${side.padEnd(6)} ${strip(samples, i, before[i], tStop - 2000, to, marks)}`));
    note('  (one character a second: █ sound, · silence, ? no stats; S stop, R Kamailio back, r registered, H far end hangs up)');
    const shown = [...events, ...errors].filter((e) => e.t > tStop).sort((a, b) => a.t - b.t);
    if (shown.length) note(`call events and errors since the stop (t from Kamailio's return): ${shown.map((e) => `${e.what} ${sec(e.t - tBack)}`).join(', ')}`);
  } catch (error) {
    note(`stopped early: ${(error as Error).message}`);
  } finally {
    await sampler?.stop();
    await Promise.all(controllers.map((c) => c.dispose()));
  }
  return result;
}

type BlackoutResult = { label: string; lines: string[]; packetsBack: (number | undefined)[]; audioBack: (number | undefined)[]; survived?: string };

async function mediaBlackout(blackoutMs: number, waitMs: number): Promise<BlackoutResult> {
  const label = `media blackout ${blackoutMs / 1000} s`;
  const result: BlackoutResult = { label, lines: [], packetsBack: [], audioBack: [] };
  const note = (line: string) => result.lines.push(`  ${line}`);
  const controllers: CallController[] = [];
  let sampler: ReturnType<typeof sampleAudio> | undefined;
  try {
    const turn = await impairedTurn();
    await impairNetwork(null);
    const settings = { server: testEnv.sipUrl, iceServers: [turn], iceTransportPolicy: 'relay' as const };
    const [alice, bob] = await Promise.all([registeredController(uniqueUser('bo-a'), settings), registeredController(uniqueUser('bo-b'), settings)]);
    controllers.push(alice, bob);
    const [out, inb] = await connectedPair(alice, bob);
    const calls = [out, inb];
    const events: Logged[] = [];
    callLog(alice, out, 'caller', events);
    callLog(bob, inb, 'callee', events);
    await until(async () => (await Promise.all(calls.map(inboundAudio))).every((s) => (s?.packets ?? 0) > 20), 15_000, 'audio both ways through the relay');
    sampler = sampleAudio(calls, 50);
    const samples = sampler.samples;
    await sleep(1500);
    const tDark0 = now();
    const before = calls.map((_, i) => energyBetween(samples, i, tDark0 - 1000, tDark0));

    await impairNetwork({ delayMs: 0, loss: 1 });
    const tDark = now();
    await sleep(blackoutMs);
    const tBack0 = now();
    await impairNetwork(null);
    const tBack = now();
    // The last second of the blackout: no packet should have arrived.
    const lastSecond = calls.map((_, i) => {
      const a = at(samples, i, tBack0 - 1000, 100);
      const b = at(samples, i, tBack0, 100);
      return a && b ? `${b.packets - a.packets} packets, energy ${energy(b.energy - a.energy)}` : '–';
    });
    note(`blackout of ${sec(tBack - tDark, false)}; t = 0 when the proxy passed packets again`);
    note(`its last second, received by caller / callee: ${lastSecond.join(' / ')} (before it: energy ${pairOf(before, energy)} in 1 s)`);

    const start = calls.map((_, i) => at(samples, i, tBack0, 100));
    const packetsBack: (number | undefined)[] = [undefined, undefined];
    const audioBack: (number | undefined)[] = [undefined, undefined];
    const deadline = tBack + waitMs;
    let seen = 0;
    while (now() < deadline && calls.some((c, i) => !c.ended && audioBack[i] === undefined)) {
      await sleep(50);
      for (const sample of samples.slice(seen)) {
        sample.stats.forEach((s, i) => {
          const s0 = start[i];
          if (!s || !s0 || sample.t < tBack) return;
          if (packetsBack[i] === undefined && s.packets > s0.packets) packetsBack[i] = sample.t - tBack;
          if (audioBack[i] === undefined && sounds(s.energy - s0.energy, before[i])) audioBack[i] = sample.t - tBack;
        });
      }
      seen = samples.length;
    }
    await sleep(3000);
    const tEnd = now();
    await sampler.stop();
    result.packetsBack = packetsBack;
    result.audioBack = audioBack;
    result.survived = calls.every((c) => !c.ended) ? `yes (${out.state} / ${inb.state})` : `no: ${calls.map((c) => c.summary?.reason ?? c.state).join(' / ')}`;
    note(
      `first audio packet after the return: caller ${sec(packetsBack[0])}, callee ${sec(packetsBack[1])}; ` +
        `audio energy again: caller ${sec(audioBack[0])}, callee ${sec(audioBack[1])} (waited up to ${waitMs / 1000} s); call survived: ${result.survived}`,
    );
    const marks: [number | undefined, string][] = [
      [tDark, 'D'],
      [tBack, 'R'],
    ];
    SIDES.forEach((side, i) => note(`audio ${side.padEnd(6)} ${strip(samples, i, before[i], tDark0 - 1000, tEnd, marks)}`));
    note('  (one character a second: █ sound, · silence, ? no stats; D packets dropped from here, R path back)');
    const shown = events.filter((e) => e.t > tDark - 1);
    note(`timeline (t from the path's return; the blackout began at ${sec(tDark - tBack)}): ${shown.map((e) => `${e.what} ${sec(e.t - tBack)}`).join(', ') || 'no events'}`);
  } catch (error) {
    note(`stopped early: ${(error as Error).message}`);
  } finally {
    await sampler?.stop();
    await impairNetwork(null).catch(() => undefined);
    await Promise.all(controllers.map((c) => c.dispose()));
  }
  return result;
}

describe('benchmark: recovery from signalling outages and media blackouts', function () {
  this.timeout(900_000);
  const outages: OutageResult[] = [];
  let blackout: BlackoutResult | undefined;

  before(function () {
    if (!testEnv.kamailioUrl) {
      console.log('Recovery benchmark skipped: Kamailio and coturn run only inside the test network namespace (npm run bench as root).');
      this.skip();
    }
  });

  it('Kamailio stopped and started again: re-registration, media, far-end hangup', async () => {
    const hangupWait = (await benchNumber('BENCH_HANGUP_WAIT_S', 45)) * 1000;
    for (const seconds of [await benchNumber('BENCH_OUTAGE_SHORT_S', 3), await benchNumber('BENCH_OUTAGE_LONG_S', 40)]) {
      const r = await signallingOutage(seconds * 1000, hangupWait);
      outages.push(r);
      console.log([``, `${r.label} (times from its return):`, ...r.lines].join('\n'));
    }
  });

  it('100 % media loss for a while: time from the path\'s return to media again', async () => {
    blackout = await mediaBlackout((await benchNumber('BENCH_BLACKOUT_S', 8)) * 1000, 40_000);
    console.log([``, `${blackout.label} through the impairment proxy (relay-only call):`, ...blackout.lines].join('\n'));
  });

  after(function () {
    if (!outages.length && !blackout) return;
    const yes = (b?: boolean) => (b === undefined ? '–' : b ? 'yes' : 'NO');
    const lines = [
      '',
      'Recovery summary (printed, not asserted; noisy on a shared 2-core machine)',
      'scenario                 registered after the server is back (caller / callee)   audio during / after   far-end hangup → near end',
      ...outages.map(
        (r) =>
          `${r.label.padEnd(24)} ${r.registered.map((t) => sec(t)).join(' / ').padEnd(54)} ${`${yes(r.audioDuring)} / ${yes(r.audioAfter)}`.padEnd(22)} ${r.hangup}`,
      ),
    ];
    if (blackout) {
      lines.push(
        '',
        'scenario                 path back → 1st audio packet (caller / callee)   → audio energy (caller / callee)   call survived',
        `${blackout.label.padEnd(24)} ${blackout.packetsBack.map((t) => sec(t)).join(' / ').padEnd(47)} ${blackout.audioBack.map((t) => sec(t)).join(' / ').padEnd(34)} ${blackout.survived ?? '–'}`,
      );
    }
    console.log(lines.join('\n'));
  });
});
