import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { disposeControllers, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';

/** Seconds a `m:ss` or `h:mm:ss` timer text shows. */
const seconds = (text: string) => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);

describe('call timestamps and the timer', function () {
  this.timeout(40_000);
  afterEach(disposeControllers);

  it('start ≤ ring ≤ answer ≤ end; the timer counts answered time only and the summary duration matches what it showed', async () => {
    const bob = await registeredController(uniqueUser('bob'));
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
    await until(() => phone.registered, 10_000, 'the phone to register');
    const timer = () => phone.shadowRoot!.querySelector('[part=timer]')?.textContent?.trim();

    const incoming = nextEvent(bob, 'call-incoming');
    const ringing = nextEvent(phone.controller, 'call-ringing');
    const out = (await phone.dial(bob.user))!;
    const { call: inbound } = await incoming;
    await ringing;
    await sleep(2500); // rings for 2.5 s: none of it may count
    await phone.updateComplete;
    expect(timer(), 'no timer while ringing').to.equal(undefined);
    expect(out.duration).to.equal(0);

    const connected = nextEvent(phone.controller, 'call-connected');
    await inbound.answer();
    await connected;
    await phone.updateComplete;
    expect(timer(), 'the timer starts at 0:00 on answer').to.equal('0:00');
    const shown: string[] = [];
    const watch = setInterval(() => {
      const text = timer();
      if (text && shown.at(-1) !== text) shown.push(text);
    }, 50);
    await until(() => shown.includes('0:03'), 6000, 'the timer to reach 0:03');
    await sleep(400);
    clearInterval(watch);
    const steps = shown.map(seconds);
    expect(steps[0]).to.equal(0);
    steps.slice(1).forEach((value, i) => expect(value - steps[i], `the timer counts up by the second: ${shown.join(' ')}`).to.be.within(1, 2));
    const lastShown = seconds(timer()!);

    const ended = nextEvent(phone.controller, 'call-ended');
    const bobEnded = nextEvent(bob, 'call-ended');
    phone.hangup();
    const { summary } = await ended;
    const { startedAt, ringingAt, connectedAt, endedAt, duration } = summary;
    expect(ringingAt, 'ring time').to.be.a('number');
    expect(connectedAt, 'answer time').to.be.a('number');
    expect(startedAt).to.be.at.most(ringingAt!);
    expect(ringingAt!).to.be.at.most(connectedAt!);
    expect(connectedAt!).to.be.at.most(endedAt);
    expect(connectedAt! - ringingAt!, 'it rang ≥ 2.5 s').to.be.at.least(2400);
    expect(Math.abs(duration - lastShown), `duration ${duration} s vs the timer's ${lastShown} s`).to.be.at.most(1);
    expect(duration, 'answered time only').to.be.within(3, 5);
    expect((endedAt - startedAt) / 1000 - duration, 'ringing time is not counted').to.be.at.least(2);
    expect(out.ringingAt).to.equal(ringingAt);
    expect(out.duration, 'the call agrees with its summary').to.be.within(duration - 1, duration);

    const far = (await bobEnded).summary;
    expect(far.ringingAt, 'an incoming call rings when it arrives').to.be.within(far.startedAt, far.connectedAt!);
    expect(far.duration).to.be.within(duration - 1, duration + 1);
    await phone.updateComplete;
    expect(timer(), 'no timer after the end').to.equal(undefined);
  });
});
