// Transfers between three browser phones through the dev SIP server: blind (REFER), attended
// (REFER with Replaces), refused, and to nobody.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { connectedPair, disposeControllers, nextEvent, record, registeredController, talking, uniqueUser, until } from './helpers.js';


describe('transfers', function () {
  this.timeout(45_000);
  let alice: CallController;
  let bob: CallController;
  let carol: CallController;
  beforeEach(async () => {
    [alice, bob, carol] = await Promise.all([
      registeredController(uniqueUser('alice')),
      registeredController(uniqueUser('bob')),
      registeredController(uniqueUser('carol')),
    ]);
  });
  afterEach(disposeControllers);

  it('blind: alice transfers bob to carol; bob and carol talk, both of the old legs end as transferred', async () => {
    const [aliceLeg, bobLeg] = await connectedPair(alice, bob);
    const progress = record(alice, 'call-transfer');
    const refer = nextEvent(bob, 'call-refer');
    const carolRings = nextEvent(carol, 'call-incoming');
    const aliceEnded = nextEvent(alice, 'call-ended', (d) => d.call === aliceLeg, 20_000);
    const bobOldEnded = nextEvent(bob, 'call-ended', (d) => d.call === bobLeg, 20_000);
    await aliceLeg.transfer(carol.user);
    const { target } = await refer;
    expect(target).to.contain(carol.user);
    const { call: carolCall } = await carolRings;
    await carolCall.answer();
    expect((await aliceEnded).summary.reason, "alice's leg").to.equal('transferred');
    expect((await bobOldEnded).summary.reason, "bob's old leg").to.equal('transferred');
    const bobNew = bob.calls.find((c) => c !== bobLeg)!;
    await until(() => bobNew.state === 'connected' && carolCall.state === 'connected', 10_000, 'bob and carol connected');
    await talking(bobNew, carolCall);
    expect(progress.map((p) => p.state), 'progress').to.include('accepted');
    expect(progress.every((p) => p.call === aliceLeg)).to.equal(true);
  });

  it('to nobody: the transfer fails and alice and bob stay connected', async () => {
    const [aliceLeg, bobLeg] = await connectedPair(alice, bob);
    const failed = nextEvent(alice, 'call-transfer', (d) => d.state === 'failed', 20_000);
    await aliceLeg.transfer(uniqueUser('nobody'));
    const { statusCode } = await failed;
    expect(statusCode, 'the status the transfer failed with').to.be.at.least(400);
    await until(() => bob.calls.length === 1, 10_000, "bob's failed attempt gone");
    expect(bobLeg.ended).to.equal(false);
    // Bob held alice while trying carol's replacement; his failed attempt resumes her.
    await until(() => !bobLeg.held.local && !aliceLeg.held.remote, 8000, 'bob back off hold');
    expect(aliceLeg.state).to.equal('connected');
    await talking(aliceLeg, bobLeg);
    // To itself, or to a call that has ended: refused, saying which call is wrong.
    const refusal = (promise: Promise<void>) => promise.then(() => 'resolved', (error: Error) => error.message);
    expect(await refusal(aliceLeg.transfer(aliceLeg))).to.match(/^Cannot transfer a call to itself/);
    const [toCarol] = await connectedPair(alice, carol);
    toCarol.hangup();
    expect(await refusal(aliceLeg.transfer(toCarol))).to.equal('Cannot transfer: the other call is not connected (its state is "ended").');
  });

  it('refused by the page (preventDefault on call-refer) or by allowTransfer: false: the call goes on', async () => {
    const [aliceLeg, bobLeg] = await connectedPair(alice, bob);
    const refuse = (e: Event) => e.preventDefault();
    bob.addEventListener('call-refer', refuse);
    const failed = nextEvent(alice, 'call-transfer', (d) => d.state === 'failed', 15_000);
    await aliceLeg.transfer(carol.user);
    await failed;
    expect(bob.calls).to.deep.equal([bobLeg]);
    expect(aliceLeg.state).to.equal('connected');
    bob.removeEventListener('call-refer', refuse);

    await bob.configure({ allowTransfer: false });
    const failedAgain = nextEvent(alice, 'call-transfer', (d) => d.state === 'failed', 15_000);
    const referEvents = record(bob, 'call-refer');
    await aliceLeg.transfer(carol.user);
    await failedAgain;
    expect(referEvents, 'no call-refer when transfers are off').to.have.length(0);
    expect(carol.calls).to.deep.equal([]);
    expect(bobLeg.state).to.equal('connected');
  });

  it('attended: alice consults carol, then transfers bob to her; bob and carol talk, all of alice\'s legs end', async () => {
    const [aliceToBob, bobLeg] = await connectedPair(alice, bob);
    const [aliceToCarol, carolLeg] = await connectedPair(alice, carol);
    await until(() => aliceToBob.held.local, 8000, 'the first call held by the second');
    const ended = Promise.all([
      nextEvent(alice, 'call-ended', (d) => d.call === aliceToBob, 20_000),
      nextEvent(alice, 'call-ended', (d) => d.call === aliceToCarol, 20_000),
      nextEvent(carol, 'call-ended', (d) => d.call === carolLeg, 20_000),
    ]);
    const carolNew = nextEvent(carol, 'call-incoming', () => true, 15_000);
    // Carol's page answers every incoming call itself (the README's headless pattern): the
    // replacing call is answered once, with no error.
    const carolErrors = record(carol, 'call-error');
    const answering = ({ detail }: CustomEvent<{ call: Call }>) => void detail.call.answer();
    carol.addEventListener('call-incoming', answering);
    await aliceToBob.transfer(aliceToCarol);
    const { call: carolFromBob } = await carolNew;
    const [a1, a2, c] = await ended;
    expect([a1.summary.reason, a2.summary.reason], "alice's legs").to.deep.equal(['transferred', 'transferred']);
    expect(c.summary.reason, "carol's call with alice").to.equal('transferred');
    const bobNew = bob.calls.find((x) => x !== bobLeg)!;
    await until(() => bobNew?.state === 'connected' && carolFromBob.state === 'connected', 10_000, 'bob and carol connected');
    await talking(bobNew, carolFromBob);
    expect(alice.calls).to.deep.equal([]);
    carol.removeEventListener('call-incoming', answering);
    expect(carolErrors.map((e) => e.error.code), "carol's errors").to.deep.equal([]);
  });

  it("the phone's transfer(target) method transfers its active call", async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('desk')} no-tones></call-phone>`);
    await oneEvent(phone, 'call-registered');
    const bobRings = nextEvent(bob, 'call-incoming');
    const call = (await phone.dial(bob.user))!;
    await (await bobRings).call.answer();
    await until(() => call.state === 'connected', 8000, 'connected');
    const accepted = oneEvent(phone, 'call-transfer');
    const carolRings = nextEvent(carol, 'call-incoming', () => true, 15_000);
    expect(await phone.transfer(carol.user)).to.equal(true);
    expect((await accepted).detail.call).to.equal(call);
    await (await carolRings).call.answer();
    await until(() => call.ended, 15_000, 'the desk phone leg ended');
    expect(call.summary?.reason).to.equal('transferred');
  });

  it("the phone's own controls: Transfer with a target, Record / Stop recording, Merge and Split for two calls", async () => {
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('desk')} no-tones></call-phone>`);
    await oneEvent(phone, 'call-registered');
    const root = phone.shadowRoot!;
    const click = async (selector: string) => {
      await phone.updateComplete;
      const button = root.querySelector<HTMLButtonElement>(selector);
      expect(button, selector).to.exist;
      button!.click();
      await phone.updateComplete;
    };
    const bobRings = nextEvent(bob, 'call-incoming');
    const toBob = (await phone.dial(bob.user))!;
    await (await bobRings).call.answer();
    await until(() => toBob.state === 'connected', 8000, 'connected');

    await click('.record');
    expect(toBob.recording).to.equal('recording');
    expect(root.querySelector('.record')?.getAttribute('aria-pressed')).to.equal('true');
    const stopped = oneEvent(phone, 'call-recording');
    await click('.record');
    expect((await stopped).detail.state).to.equal('stopped');

    const carolRings = nextEvent(carol, 'call-incoming');
    const toCarol = (await phone.dial(carol.user))!;
    await (await carolRings).call.answer();
    await until(() => toCarol.state === 'connected' && toBob.held.local, 8000, 'second call up, first held');
    await click('.calls .merge');
    await until(() => phone.controller.conference.length === 2, 8000, 'merged');
    await click('.unmerge');
    await until(() => phone.controller.conference.length === 0, 8000, 'split');

    await click('.transfer-toggle');
    const input = root.querySelector<HTMLInputElement>('.transfer-target')!;
    input.value = carol.user;
    input.dispatchEvent(new Event('input'));
    const refer = nextEvent(carol, 'call-refer', () => true, 10_000).catch(() => undefined);
    const progress = oneEvent(phone, 'call-transfer');
    await click('.transfer-go');
    const { detail } = await progress;
    expect(detail.call, 'the active call is transferred').to.equal(phone.controller.activeCall ?? detail.call);
    await refer;
  });
});
