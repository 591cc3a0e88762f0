// One phone across tabs (src/core/tabs), through the dev SIP server on loopback, with
// same-origin frames as tabs (test/e2e/tab-page.ts). Measures; asserts nothing.
//
// 1. Failover (BENCH_TABS_RUNS, default 20): two tabs of a user, the leading one closes; the time
//    from its close to the other tab showing `registered` again, through its own REGISTER.
// 2. Answering in a tab that does not hold the registration, beside answering in the one that
//    does (BENCH_TABS_CALLS, default 10 each): ms from answer() to call-connected at the caller
//    and to the first audio energy from the callee, so the cost of the proxy peer connection
//    (every WebRTC step crosses BroadcastChannel) shows as a ratio.
//
// 3. Handoff (BENCH_TABS_MOVES, default 20 per case): a live call moved back and forth between the
//    two tabs (`controller.moveHere`); the media gap the far end hears (the longest time without
//    a new audio packet at the far end, sampled every 25 ms). The far end keeps the DTLS role it
//    took at the call's start when the new tab's offer arrives, and a move is quick only when
//    that role is the server (src/providers/sip/dtls-role.ts). So: a far end that shares no tabs
//    (offers actpass, answers active, like most SIP peers), a call it dialled and one the tab
//    dialled; then a far end that is itself a phone shared across tabs, a call it dialled (its
//    first offer asks to be the DTLS client, so this is the slow case).
//
// The far ends are controllers of other users in the bench page.
import type { Call } from '../src/core/call.js';
import type { CallController } from '../src/core/call-controller.js';
import { testEnv } from '../test/harness/env.js';
import { energyOver, nextEvent, registeredController, sleep, uniqueUser, until } from '../test/e2e/helpers.js';
import { benchNumber } from './bench-env.js';

type Tab = Window['tab'];

async function openTab(user: string): Promise<{ tab: Tab; frame: HTMLIFrameElement }> {
  const frame = document.createElement('iframe');
  frame.src = '/test/e2e/tab-page.html';
  document.body.append(frame);
  await until(() => !!frame.contentWindow?.tab, 10_000, 'the tab page loaded');
  const tab = frame.contentWindow!.tab;
  await tab.start(testEnv.sipUrl, user);
  await tab.waitRegistered();
  return { tab, frame };
}

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] ?? NaN;
  return { median, max: s[s.length - 1] ?? NaN };
};
const fmt = (xs: number[]) => {
  const { median, max } = stat(xs);
  return `median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms (N=${xs.length})`;
};

describe('bench: one phone across tabs', function () {
  this.timeout(600_000);

  it('failover and answering in another tab', async () => {
    const runs = await benchNumber('BENCH_TABS_RUNS', 20);
    const calls = await benchNumber('BENCH_TABS_CALLS', 10);

    const failovers: number[] = [];
    for (let i = 0; i < runs; i++) {
      const user = uniqueUser('bench-tabs');
      const leader = await openTab(user);
      const next = await openTab(user);
      const closedAt = Date.now();
      leader.frame.remove();
      await until(() => next.tab.states().some((s) => s.at >= closedAt && s.state === 'registering'), 5000, 'the new leader registering');
      await until(() => next.tab.states().some((s) => s.at >= closedAt && s.state === 'registered'), 5000, 'the new leader registered');
      const registered = next.tab.states().find((s) => s.at >= closedAt && s.state === 'registered')!;
      failovers.push(registered.at - closedAt);
      await next.tab.stop();
      next.frame.remove();
    }

    const user = uniqueUser('bench-tabs');
    const leader = await openTab(user);
    const follower = await openTab(user);
    const bob = await registeredController(uniqueUser('bench-bob'));
    const answerIn = async (tab: Tab) => {
      const out: Call = await bob.dial(user);
      await tab.waitIncoming();
      const started = performance.now();
      const connected = nextEvent(bob, 'call-connected', (d) => d.call === out, 10_000);
      await tab.answer();
      await connected;
      const signalled = performance.now() - started;
      await until(async () => (await energyOver(out, 100)) > 0, 10_000, 'audio from the answering tab');
      const audio = performance.now() - started;
      const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 10_000);
      out.hangup();
      await ended;
      await sleep(300);
      return { signalled, audio };
    };
    const here: { signalled: number; audio: number }[] = [];
    const there: { signalled: number; audio: number }[] = [];
    for (let i = 0; i < calls; i++) {
      here.push(await answerIn(leader.tab));
      there.push(await answerIn(follower.tab));
    }
    // Handoff: the media gap at the far end while the call moves to the other tab.
    const moves = await benchNumber('BENCH_TABS_MOVES', 20);
    /** Audio packets `call` received, per inbound stream (the SSRC changes with the tab). */
    const audioPackets = async (call: Call) => {
      const counts = new Map<string, number>();
      (await call.getStats())?.forEach((stat) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'audio') counts.set(stat.id, stat.packetsReceived ?? 0);
      });
      return counts;
    };
    const gapWhile = async (out: Call, move: () => Promise<void>) => {
      let seen = await audioPackets(out);
      let lastAt = performance.now();
      let steadySince = lastAt;
      let gap = 0;
      let moved = false;
      const done = move().then(() => (moved = true));
      for (;;) {
        await sleep(25);
        const now = performance.now();
        const counts = await audioPackets(out);
        const grew = [...counts].some(([id, packets]) => packets > (seen.get(id) ?? 0));
        seen = counts;
        if (grew) {
          // A gap ends: audio flows again from here.
          if (now - lastAt > 200) steadySince = now;
          gap = Math.max(gap, now - lastAt);
          lastAt = now;
        }
        if (moved && now - steadySince >= 1500 && now - lastAt < 200) break;
        if (now - lastAt > 20_000) throw new Error('no audio at the far end 20 s after a move');
      }
      await done;
      return gap;
    };
    const handoffs = async (bob: CallController, dialledByBob: boolean) => {
      const gaps: number[] = [];
      let out: Call;
      if (dialledByBob) {
        out = await bob.dial(user);
        await leader.tab.waitIncoming();
        await leader.tab.answer();
      } else {
        const incoming = nextEvent(bob, 'call-incoming', () => true, 10_000);
        const dialled = leader.tab.dial(bob.user);
        out = (await incoming).call;
        await out.answer();
        await dialled;
      }
      await until(() => follower.tab.elsewhere().length === 1, 5000, 'the other tab lists the call');
      for (let i = 0; i < moves; i++) gaps.push(await gapWhile(out, () => (i % 2 === 0 ? follower : leader).tab.moveHere()));
      const ended = nextEvent(bob, 'call-ended', (d) => d.call === out, 10_000);
      out.hangup();
      await ended;
      await sleep(300);
      return gaps;
    };
    // The far end as most SIP calls have it (a PBX, a desk phone, a phone that shares no tabs:
    // its offers say actpass, it answers active), then as another phone shared across tabs (its
    // first offer says active too, see src/providers/sip/dtls-role.ts).
    const plainBob = await registeredController(uniqueUser('bench-plain-bob'), { shareTabs: false });
    const answeredGaps = await handoffs(plainBob, true);
    const dialledGaps = await handoffs(plainBob, false);
    const sharedAnsweredGaps = await handoffs(bob, true);

    await bob.dispose();
    await plainBob.dispose();
    for (const t of [leader, follower]) {
      await t.tab.stop();
      t.frame.remove();
    }
    const ratio = (a: number[], b: number[]) => (stat(b).median / stat(a).median).toFixed(2);
    console.log(
      [
        '',
        'One phone across tabs (dev SIP server, same-origin frames as tabs)',
        `failover: leading tab closed → the next tab registered: ${fmt(failovers)}; target ≤ 1000 ms: ${stat(failovers).max <= 1000 ? 'met' : 'NOT met'} (max)`,
        'answer() → caller connected:   in the leading tab ' + fmt(here.map((x) => x.signalled)) + '; in another tab ' + fmt(there.map((x) => x.signalled)) +
          `; ratio ${ratio(here.map((x) => x.signalled), there.map((x) => x.signalled))}`,
        'answer() → callee audio heard: in the leading tab ' + fmt(here.map((x) => x.audio)) + '; in another tab ' + fmt(there.map((x) => x.audio)) +
          `; ratio ${ratio(here.map((x) => x.audio), there.map((x) => x.audio))}`,
        `handoff (moveHere back and forth), media gap heard by the far end (a phone that shares no tabs): a call it dialled ${fmt(answeredGaps)}; a call the tab dialled ${fmt(dialledGaps)}`,
        `  the far end another phone shared across tabs, a call it dialled (it is the DTLS client): ${fmt(sharedAnsweredGaps)}`,
      ].join('\n'),
    );
  });
});
