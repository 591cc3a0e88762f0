// The phone's participant list, Invite, TRTC status lines, and <call-video participant> /
// <call-quality-meter participant>: driven by a scripted group-call provider (registered with
// registerProvider, so names and states are exactly what the test says) and by real TRTC
// group calls on the fake Tencent cloud (test/fakes/tencent); no SIP server. A one-to-one SIP
// call showing none of it: test/e2e/phone-participants.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { registerProvider } from '../../core/provider-registry.js';
import type { CallProvider, DialRequest, ProviderHandlers, ProviderSession, SessionHandlers } from '../../core/provider.js';
import type { ParticipantUpdate } from '../../core/participant.js';
import { disposeControllers, uniqueUser, until } from '../../../test/e2e/helpers.js';
import FakeTRTC from '../../../test/fakes/tencent/fake-trtc.js';
import FakeTIM from '../../../test/fakes/tencent/fake-tim.js';
import { fakeCloud } from '../../../test/fakes/tencent/cloud.js';
import '../../providers/defaults.js';
import './define.js';
import '../call-video/define.js';
import '../call-quality-meter/define.js';
import type { CallPhone } from './call-phone.js';
import type { CallVideo } from '../call-video/call-video.js';
import type { CallQualityMeter } from '../call-quality-meter/call-quality-meter.js';

const HOSTILE = '<img src=x onerror="window.__participantXss=1">';
const root = (el: Element) => el.shadowRoot!;
const items = (phone: CallPhone) => [...root(phone).querySelectorAll<HTMLLIElement>('[part~=participant]')];
const item = (phone: CallPhone, id: string) => root(phone).querySelector<HTMLLIElement>(`[part~=participant][data-id="${id}"]`);
const text = (el: ParentNode | null | undefined, selector: string) => el?.querySelector(selector)?.textContent?.trim();

/** The last session the scripted provider dialled, to drive from the test. */
let scripted: ScriptedSession | undefined;

/** A provider session whose participants the test scripts. */
class ScriptedSession implements ProviderSession {
  readonly remote;
  readonly remoteOffersVideo: boolean;
  readonly headers = {};
  readonly handlers: SessionHandlers;
  readonly invited: string[][] = [];
  constructor(request: DialRequest, handlers: SessionHandlers) {
    this.remote = { uri: request.target, user: request.target, displayName: '' };
    this.remoteOffersVideo = request.video;
    this.handlers = handlers;
  }
  update(update: ParticipantUpdate): void {
    this.handlers.participant(update);
  }
  async answer(): Promise<void> {}
  reject(): void {}
  hangup(): void {
    queueMicrotask(() => this.handlers.ended({ reason: 'local-hangup', endedBy: 'local' }));
  }
  async replaceTrack(): Promise<void> {}
  async setVideo(): Promise<void> {}
  peerConnections(): RTCPeerConnection[] {
    return [];
  }
  async invite(targets: string[]): Promise<void> {
    this.invited.push(targets);
    for (const id of targets) this.update({ id, state: 'ringing' });
  }
}

registerProvider('test-group', async () => (_config, handlers: ProviderHandlers): CallProvider => ({
  name: 'test-group',
  start: () => queueMicrotask(() => handlers.registration('registered')),
  stop: async () => undefined,
  checkTarget: (target) => ({ uri: target, user: target, displayName: '' }),
  checkDial: () => undefined,
  dial: (request, sessionHandlers) => (scripted = new ScriptedSession(request, sessionHandlers)),
  update: () => undefined,
  retryNow: () => undefined,
}));

const SDK_APP_ID = 1400000042;
const sdk = { TRTC: FakeTRTC, TIM: FakeTIM };

/** A phone logged in to the fake Tencent cloud as `user`. */
async function trtcPhone(user: string): Promise<CallPhone> {
  const phone = await fixture<CallPhone>(html`<call-phone provider="trtc" sdk-app-id=${String(SDK_APP_ID)} user=${user} no-tones></call-phone>`);
  (phone as unknown as { sdk: unknown }).sdk = sdk;
  phone.userSig = `sig-${user}`;
  await until(() => phone.registered, 10_000, `${user} logged in`);
  return phone;
}

describe('<call-phone> participants', function () {
  this.timeout(60_000);
  const phones: CallPhone[] = [];
  afterEach(async () => {
    for (const phone of phones.splice(0)) {
      for (const call of phone.calls) call.hangup();
      await phone.controller.dispose();
      phone.remove();
    }
    await disposeControllers();
    await until(() => fakeCloud().openPeerConnections() === 0, 5000, 'peer connections closed');
    fakeCloud().reset();
  });

  it('lists a group call’s participants (names as text, states, mic and camera), passes axe, and invites', async () => {
    const phone = await fixture<CallPhone>(html`<call-phone provider="test-group" user="me" no-tones></call-phone>`);
    phones.push(phone);
    await until(() => phone.registered, 5000, 'registered');
    const call = (await phone.dial(['bob', 'carol'], { video: false }))!;
    expect(call, 'dial(array) places a call').to.exist;
    await until(() => !!scripted?.handlers, 5000, 'the session bound');
    const session = scripted!;
    session.update({ id: 'bob', displayName: HOSTILE, state: 'ringing' });
    session.update({ id: 'carol', state: 'ringing' });
    session.handlers.connected();
    session.update({ id: 'bob', state: 'joined', audio: true, video: true });
    session.update({ id: 'carol', state: 'joined', audio: false, video: false });
    await phone.updateComplete;

    const list = root(phone).querySelector('ul[part~=participants]')!;
    expect(list, 'a list').to.exist;
    expect(list.getAttribute('aria-label')).to.equal('Participants (2)');
    expect(items(phone).map((li) => li.dataset.id)).to.deep.equal(['bob', 'carol']);
    // Peer-supplied names are text: the markup shows literally and no element is created.
    expect(text(item(phone, 'bob'), '.participant-name')).to.equal(HOSTILE);
    expect(list.querySelector('img')).to.equal(null);
    expect((window as unknown as { __participantXss?: number }).__participantXss).to.equal(undefined);
    expect(text(root(phone), '.call-panel .name')).to.equal(`${HOSTILE}, carol`);
    expect(text(item(phone, 'bob'), '.participant-state')).to.equal('In call');
    const labels = (id: string) => [...item(phone, id)!.querySelectorAll('[role=img]')].map((el) => el.getAttribute('aria-label'));
    expect(labels('bob')).to.deep.equal(['Microphone on', 'Camera on']);
    expect(labels('carol')).to.deep.equal(['Microphone off', 'Camera off']);
    await expect(phone).to.be.accessible();

    // Bob's audio is a loud tone: the list shows him speaking (a dot, and a word for screen readers).
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const sink = audio.createMediaStreamDestination();
    tone.connect(sink);
    tone.start();
    try {
      session.handlers.remoteTrack(sink.stream.getAudioTracks()[0], 'bob');
      await until(() => item(phone, 'bob')?.hasAttribute('data-speaking') ?? false, 8000, 'bob speaking');
      expect(text(item(phone, 'bob'), '.visually-hidden')).to.equal('speaking');
      expect(item(phone, 'carol')!.hasAttribute('data-speaking')).to.equal(false);
    } finally {
      tone.stop();
      await audio.close();
    }

    // Carol leaves, dave is invited through the form and rings; a busy one shows as busy.
    session.update({ id: 'carol', state: 'left' });
    const input = root(phone).querySelector<HTMLInputElement>('input.invite-target')!;
    input.value = 'dave';
    input.dispatchEvent(new Event('input'));
    await phone.updateComplete;
    root(phone).querySelector<HTMLButtonElement>('button.invite-go')!.click();
    await until(() => session.invited.length === 1, 3000, 'invite sent');
    expect(session.invited[0]).to.deep.equal(['dave']);
    await phone.invite('erin');
    session.update({ id: 'erin', state: 'busy' });
    await phone.updateComplete;
    expect(root(phone).querySelector<HTMLInputElement>('input.invite-target')!.value, 'field cleared after inviting').to.equal('');
    const states = Object.fromEntries(items(phone).map((li) => [li.dataset.id, text(li, '.participant-state')]));
    expect(states).to.deep.equal({ bob: 'In call', carol: 'Left', dave: 'Ringing…', erin: 'Busy' });
    expect(item(phone, 'carol')!.querySelector('[role=img]'), 'no media icons for someone who left').to.equal(null);
    await expect(phone).to.be.accessible();
  });

  it('a TRTC group call on the fake cloud: list, <call-video participant>, <call-quality-meter participant>, one leaving', async () => {
    const [a, b, c] = [uniqueUser('alice'), uniqueUser('bob'), uniqueUser('carol')];
    const alice = await trtcPhone(a);
    const bob = await trtcPhone(b);
    const carol = await trtcPhone(c);
    phones.push(alice, bob, carol);
    alice.id = 'alice-phone';
    const wall = await fixture<HTMLDivElement>(html`<div>
      <call-video for="alice-phone" participant=${b}></call-video>
      <call-video for="alice-phone" participant=${c}></call-video>
      <call-quality-meter for="alice-phone" participant=${c}></call-quality-meter>
    </div>`);
    const [bobTile, carolTile] = wall.querySelectorAll<CallVideo>('call-video');
    const meter = wall.querySelector<CallQualityMeter>('call-quality-meter')!;
    // Before the call: posters named after the participants.
    expect(carolTile.shadowRoot!.querySelector('[part~=frame]')!.getAttribute('aria-label')).to.equal(`${c}: no video`);

    for (const callee of [bob, carol]) callee.addEventListener('call-incoming', () => void callee.answer({ video: true }), { once: true });
    const call = (await alice.dial([b, c], { video: true }))!;
    expect(call).to.exist;
    await until(() => call.participants.filter((p) => p.state === 'joined').length === 2, 20_000, 'both joined');
    await alice.updateComplete;
    expect(items(alice).map((li) => [li.dataset.id, li.dataset.state])).to.deep.equal([
      [b, 'joined'],
      [c, 'joined'],
    ]);
    expect(root(alice).querySelector('.invite'), 'Invite offered in a TRTC call').to.exist;
    await until(() => items(bob).length === 2, 10_000, 'bob lists alice and carol');
    expect(items(bob).map((li) => li.dataset.id)).to.have.members([a, c]);

    // Each tile shows its participant's own stream, with pictures.
    await until(() => carolTile.hasVideo && carolTile.videoElement.videoWidth > 0, 15_000, 'carol on her tile');
    expect(carolTile.stream).to.equal(call.participantStream(c));
    expect(bobTile.stream).to.equal(call.participantStream(b));
    expect(carolTile.stream).to.not.equal(bobTile.stream);
    expect(carolTile.shadowRoot!.querySelector('[part~=frame]')!.getAttribute('aria-label')).to.equal(`Video of ${c}`);
    await until(() => meter.level > 0, 15_000, 'the meter shows the call of carol');

    await expect(alice).to.be.accessible();

    // Carol hangs up: alice's list says so, carol's tile falls back to its poster, bob's goes on.
    carol.hangup();
    await until(() => call.participant(c)?.state === 'left', 10_000, 'carol left');
    await alice.updateComplete;
    await carolTile.updateComplete;
    expect(text(item(alice, c), '.participant-state')).to.equal('Left');
    expect(carolTile.hasVideo).to.equal(false);
    expect(carolTile.stream).to.equal(null);
    expect(bobTile.hasVideo).to.equal(true);
    alice.hangup();
    await until(() => !alice.activeCall && !bob.activeCall, 10_000, 'call over');
  });

  it('shows trtc/kicked-out and trtc/user-sig-expired in the status line', async () => {
    const user = uniqueUser('dora');
    const phone = await trtcPhone(user);
    phones.push(phone);
    fakeCloud().kickOut(user);
    await until(() => phone.registration === 'failed', 5000, 'kicked out');
    await phone.updateComplete;
    expect(text(root(phone), '[part=status]')).to.equal('Signed out: logged in elsewhere');
    expect(root(phone).querySelector('[part=error]')?.getAttribute('data-code')).to.equal('trtc/kicked-out');

    const other = uniqueUser('ed');
    const second = await trtcPhone(other);
    phones.push(second);
    fakeCloud().expireUserSig(other);
    await until(() => second.registration === 'failed', 5000, 'userSig expired');
    await second.updateComplete;
    expect(text(root(second), '[part=status]')).to.equal('Sign-in expired');
    expect(root(second).querySelector('[part=error]')?.getAttribute('data-code')).to.equal('trtc/user-sig-expired');
    second.userSig = `sig-${other}-renewed`;
    await until(() => second.registered, 10_000, 'logged in again with a new userSig');
    await second.updateComplete;
    expect(text(root(second), '[part=status]')).to.equal('Ready');
  });
});
