import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import type { CallController } from '../../src/core/call-controller.js';
import { watchOscillators } from '../harness/audio-graph.js';
import { testEnv } from '../harness/env.js';
import type { OscillatorWatch } from '../harness/audio-graph.js';
import { connectedPair, disposeControllers, nextEvent, registeredController, sleep, uniqueUser, until } from './helpers.js';

// Both controllers play tones (tones: true) on the page's one AudioContext; the test watches the
// Web Audio graph (live oscillators and their frequencies) and each controller's tone service.
describe('tones that really play', function () {
  this.timeout(60_000);
  let alice: CallController;
  let bob: CallController;
  let audio: OscillatorWatch;

  beforeEach(async () => {
    audio = watchOscillators();
    [alice, bob] = await Promise.all([
      registeredController(uniqueUser('alice'), { tones: true }),
      registeredController(uniqueUser('bob'), { tones: true }),
    ]);
  });
  afterEach(async () => {
    await disposeControllers();
    audio.restore();
  });

  it('ringtone on incoming and ringback on 180, both stopped on answer; DTMF feedback plays the digit and stops', async () => {
    const incoming = nextEvent(bob, 'call-incoming');
    const ringing = nextEvent(alice, 'call-ringing');
    const out = await alice.dial(bob.user);
    const { call: inbound } = await incoming;
    expect(bob.tones.playing, 'ringtone on the incoming side').to.equal('ringtone');
    await ringing;
    expect(alice.tones.playing, 'ringback after the 180').to.equal('ringback');
    expect(audio.live().length, 'two tones of two oscillators each').to.equal(4);
    expect(audio.liveFrequencies()).to.deep.equal([440, 480]);

    const connected = nextEvent(alice, 'call-connected');
    await inbound.answer();
    await connected;
    expect(alice.tones.playing).to.equal(undefined);
    expect(bob.tones.playing).to.equal(undefined);
    await until(() => audio.live().length === 0, 2000, 'the oscillators to stop');

    const before = audio.all.length;
    out.sendDtmf('5');
    const dtmf = audio.all.slice(before);
    expect(dtmf.length, 'one oscillator per DTMF frequency').to.equal(2);
    expect(dtmf.flatMap((o) => o.frequencies)).to.include.members([770, 1336]);
    await until(() => dtmf.every((o) => o.endedAt !== undefined), 2000, 'the DTMF feedback to end');
    expect(Math.max(...dtmf.map((o) => o.endedAt! - o.startedAt)), 'a short beep').to.be.below(1000);
  });

  it('turning tones off is live: a ringing call goes quiet, and no busy tone or DTMF feedback plays after', async () => {
    const incoming = nextEvent(bob, 'call-incoming');
    await alice.dial(bob.user);
    const { call: inbound } = await incoming;
    await until(() => alice.tones.playing === 'ringback' && bob.tones.playing === 'ringtone', 5000, 'ringback and ringtone');
    await Promise.all([alice.configure({ tones: false }), bob.configure({ tones: false })]);
    expect([alice.tones.playing, bob.tones.playing]).to.deep.equal([undefined, undefined]);
    await until(() => audio.live().length === 0, 2000, 'silence');
    const ended = nextEvent(alice, 'call-ended');
    inbound.reject({ busy: true });
    expect((await ended).summary.statusCode).to.equal(486);
    await sleep(300);
    expect(alice.tones.playing, 'no busy tone').to.equal(undefined);
    const [out] = await connectedPair(alice, bob);
    out.sendDtmf('1');
    await sleep(200);
    expect(audio.live(), 'no DTMF feedback').to.deep.equal([]);
  });

  it('a 486 plays the busy tone for 3 s to the caller; a cancelled call stops ringback and ringtone', async () => {
    let incoming = nextEvent(bob, 'call-incoming');
    await alice.dial(bob.user);
    let { call: inbound } = await incoming;
    await until(() => alice.tones.playing === 'ringback', 5000, 'ringback');
    const ended = nextEvent(alice, 'call-ended');
    inbound.reject({ busy: true });
    const { summary } = await ended;
    expect(summary.statusCode).to.equal(486);
    expect(alice.tones.playing).to.equal('busy');
    expect(bob.tones.playing, 'the ringtone stops on reject').to.equal(undefined);
    await until(() => audio.liveFrequencies().join() === '480,620', 2000, 'only the busy tone sounding');
    const busy = audio.live();
    await until(() => alice.tones.playing === undefined, 5000, 'the busy tone to stop by itself');
    await until(() => busy.every((o) => o.endedAt !== undefined), 1000, 'its oscillators to end');
    const lasted = busy[0].endedAt! - busy[0].startedAt;
    expect(lasted, 'about 3 s').to.be.within(2500, 4500);

    incoming = nextEvent(bob, 'call-incoming');
    const out = await alice.dial(bob.user);
    ({ call: inbound } = await incoming);
    await until(() => alice.tones.playing === 'ringback', 5000, 'ringback');
    const cancelled = nextEvent(bob, 'call-ended');
    out.hangup();
    await cancelled;
    expect(alice.tones.playing, 'no busy tone after our own cancel').to.equal(undefined);
    expect(bob.tones.playing).to.equal(undefined);
    await until(() => audio.live().length === 0, 2000, 'silence');
  });
});

// Headless Chromium does not enforce the autoplay policy: the test makes the real
// HTMLMediaElement.play() refuse (NotAllowedError) until the page has a user activation, as the
// policy does, and clicks through the browser's input pipeline (CDP).
describe('call audio blocked by the autoplay policy', function () {
  this.timeout(30_000);
  const play = HTMLMediaElement.prototype.play;
  const autoplay = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'autoplay')!;
  beforeEach(() => {
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      if (navigator.userActivation.isActive) return play.call(this);
      return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
    };
    // The policy holds back `autoplay` as well: the attribute alone must not start playback.
    Object.defineProperty(HTMLMediaElement.prototype, 'autoplay', { ...autoplay, set: () => undefined });
  });
  afterEach(async () => {
    HTMLMediaElement.prototype.play = play;
    Object.defineProperty(HTMLMediaElement.prototype, 'autoplay', autoplay);
    await disposeControllers();
  });

  it('shows "Enable sound" when the remote audio is refused, and a real click plays it', async () => {
    const bob = await registeredController(uniqueUser('bob'));
    const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
    await until(() => phone.controller.registered, 10_000, 'the phone to register');
    const blocked = nextEvent(phone.controller, 'call-sound-blocked');
    const [out] = await connectedPair(phone.controller, bob);
    expect((await blocked).what).to.equal('audio');
    const player = phone.controller.audioOutput.element(out.id)!;
    expect(player.paused, 'the call audio is held back').to.equal(true);
    await phone.updateComplete;
    const button = phone.shadowRoot!.querySelector<HTMLButtonElement>('.enable-sound')!;
    expect(button.textContent!.trim()).to.equal('Enable sound');
    expect(phone.hasAttribute('sound-blocked')).to.equal(true);
    const box = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await until(() => !player.paused, 5000, 'the call audio to play');
    await until(() => !phone.hasAttribute('sound-blocked'), 5000, 'the notice to go');
    expect(phone.shadowRoot!.querySelector('.enable-sound')).to.equal(null);
    await sleep(300);
    expect(player.currentTime, 'it plays on').to.be.above(0);
  });
});
