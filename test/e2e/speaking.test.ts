import { expect } from '@open-wc/testing';
import type { CallController } from '../../src/core/call-controller.js';
import { audioContextUsers } from '../../src/media/audio-context.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, sleep, uniqueUser, until } from './helpers.js';

describe('remote level and speaking', function () {
  this.timeout(90_000);
  let alice: CallController;
  let bob: CallController;
  beforeEach(async () => {
    [alice, bob] = await Promise.all([registeredController(uniqueUser('alice')), registeredController(uniqueUser('bob'))]);
  });
  afterEach(() => disposeControllers());

  it("call-speaking for us and for the far end on the fake microphone's tone; the far end muted is silence; levels of both tracks", async () => {
    const seen = record(alice, 'call-speaking');
    const localSpeaks = nextEvent(alice, 'call-speaking', (d) => d.local && d.speaking, 15_000);
    const remoteSpeaks = nextEvent(alice, 'call-speaking', (d) => !d.local && d.speaking, 15_000);
    const [out, inb] = await connectedPair(alice, bob);
    const local = await localSpeaks;
    const remote = await remoteSpeaks;
    expect([local.call, local.participant]).to.deep.equal([out, 'local']);
    expect([remote.call, remote.participant]).to.deep.equal([out, out.remote.user]);
    expect(out.speaking).to.deep.equal({ local: true, remote: true });
    expect(out.levels.remote, 'remote level').to.be.above(0.1);
    expect(out.levels.local, 'local level').to.be.above(0.1);
    // Hysteresis: the tone's short beeps with silence between do not flip speaking on and off.
    await sleep(3000);
    expect(seen.filter((s) => s.speaking === false), 'no flapping while the tone plays').to.deep.equal([]);

    const stopped = nextEvent(alice, 'call-speaking', (d) => !d.local && !d.speaking, 10_000);
    inb.mute();
    await stopped;
    expect(out.speaking).to.deep.equal({ local: true, remote: false });
    await sleep(1000);
    expect(out.levels.remote, 'remote level of silence').to.be.below(0.05);
    const again = nextEvent(alice, 'call-speaking', (d) => !d.local && d.speaking, 10_000);
    inb.unmute();
    await again;

    const localStops = nextEvent(alice, 'call-speaking', (d) => d.local && !d.speaking, 10_000);
    out.mute();
    await localStops;
    // Hanging up stops the meters: nothing keeps the shared AudioContext.
    out.hangup();
    await until(() => audioContextUsers() === 0, 5000, 'meters released');
  });
});
