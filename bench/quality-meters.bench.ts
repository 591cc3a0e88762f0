// Main-thread script time during a call with 4 visible <call-quality-meter>s (details and
// sparkline open) versus the same call without them, from CDP Performance.getMetrics
// (ScriptDuration) in the same run. Prints figures; asserts nothing about time.
import { executeServerCommand } from '@web/test-runner-commands';
import { CallController } from '../src/core/call-controller.js';
import '../src/providers/defaults.js';
import '../src/elements/call-quality-meter/define.js';
import { testEnv } from '../test/harness/env.js';
import { countRenders } from '../test/harness/render-count.js';

const WINDOW_MS = 15_000;
const scriptSeconds = () => executeServerCommand('script-duration') as Promise<number>;

async function scriptTimeOver(ms: number): Promise<number> {
  const before = await scriptSeconds();
  await new Promise((r) => setTimeout(r, ms));
  return (await scriptSeconds()) - before;
}

async function registered(user: string): Promise<CallController> {
  const c = new CallController({ server: testEnv.sipUrl, user, tones: false });
  const done = new Promise((r) => c.addEventListener('call-registered', r, { once: true }));
  await c.start();
  await done;
  return c;
}

describe('benchmark: cost of quality meters during a call', function () {
  this.timeout(120_000);
  it('main-thread script time per second with and without 4 meters', async () => {
    const alice = await registered(`bench-q-a-${Date.now()}`);
    const bob = await registered(`bench-q-b-${Date.now()}`);
    bob.addEventListener('call-incoming', ({ detail }) => void detail.call.answer());
    const connected = new Promise((r) => alice.addEventListener('call-connected', r, { once: true }));
    await alice.dial(bob.user);
    await connected;
    await new Promise((r) => setTimeout(r, 2000));

    const without = await scriptTimeOver(WINDOW_MS);
    const meters = [alice, alice, bob, bob].map((controller) => {
      const meter = document.createElement('call-quality-meter');
      meter.controller = controller;
      meter.details = true;
      meter.history = 'mos';
      document.body.append(meter);
      return countRenders(meter);
    });
    await new Promise((r) => setTimeout(r, 2000));
    const withMeters = await scriptTimeOver(WINDOW_MS);
    const renders = meters.reduce((sum, m) => sum + m.count, 0);
    document.querySelectorAll('call-quality-meter').forEach((m) => m.remove());
    await alice.dispose();
    await bob.dispose();

    const perSecond = (s: number) => (s / (WINDOW_MS / 1000)) * 1000;
    console.log(
      [
        '',
        `Main-thread script time during a call (two controllers in the page, ${WINDOW_MS / 1000} s windows):`,
        `  without meters:      ${perSecond(without).toFixed(2)} ms/s (${(perSecond(without) / 10).toFixed(2)} % of a core)`,
        `  with 4 meters:       ${perSecond(withMeters).toFixed(2)} ms/s (${(perSecond(withMeters) / 10).toFixed(2)} % of a core)`,
        `  meters' share:       ${(perSecond(withMeters - without) / 10).toFixed(2)} % of a core (target ≤ 2 %)`,
        `  meter renders:       ${renders} in ${(WINDOW_MS + 2000) / 1000} s for 4 meters (one per sample each)`,
      ].join('\n'),
    );
  });
});
