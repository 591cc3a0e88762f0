import '../src/index.js';
import type { CallPhone } from '../src/index.js';
// A development page: the TRTC phones run on the test fakes of Tencent's SDKs (one in-page cloud).
import FakeTRTC from '../test/fakes/tencent/fake-trtc.js';
import FakeTIM from '../test/fakes/tencent/fake-tim.js';

const server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sip`;
const users = (new URLSearchParams(location.search).get('users') ?? 'alice,bob')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);

const phones = document.getElementById('phones')!;
const log = document.getElementById('log')!;

for (const user of users) {
  const phone = document.createElement('call-phone') as CallPhone;
  phone.id = `phone-${user}`;
  phone.setAttribute('server', server);
  phone.setAttribute('user', user);
  phone.setAttribute('display-name', user[0].toUpperCase() + user.slice(1));
  const meter = document.createElement('call-quality-meter');
  meter.setAttribute('history', 'mos');
  // The far end large, our own camera or screen small in a corner; posters when there is no video.
  const stage = document.createElement('div');
  stage.className = 'stage';
  const remote = document.createElement('call-video');
  remote.setAttribute('fit', 'cover');
  const local = document.createElement('call-video');
  local.setAttribute('source', 'local');
  local.className = 'pip';
  stage.append(remote, local);
  const devices = document.createElement('details');
  devices.className = 'devices';
  const summary = document.createElement('summary');
  summary.textContent = 'Devices';
  devices.append(summary, document.createElement('call-devices'));
  phone.append(meter, stage, devices);
  phones.append(phone);
}

// The TRTC group call: alice, bob and carol on the simulated Tencent cloud.
const trtcUsers = ['alice', 'bob', 'carol'];
const trtcPhones = document.getElementById('trtc-phones')!;
const grid = document.getElementById('trtc-grid')!;
const startButton = document.getElementById('group-call') as HTMLButtonElement;
const hangupButton = document.getElementById('group-hangup') as HTMLButtonElement;
const trtc: Record<string, CallPhone> = {};
for (const user of trtcUsers) {
  const phone = document.createElement('call-phone') as CallPhone;
  phone.id = `trtc-${user}`;
  phone.setAttribute('provider', 'trtc');
  phone.setAttribute('sdk-app-id', '1400000000');
  phone.setAttribute('user', user);
  phone.setAttribute('no-tones', '');
  phone.sdk = { TRTC: FakeTRTC, TIM: FakeTIM } as unknown as CallPhone['sdk'];
  // A real page gets the userSig from its server; the fake cloud takes any.
  phone.userSig = `demo-sig-${user}`;
  trtc[user] = phone;
  trtcPhones.append(phone);
}

/** Alice's view of the call: her own camera, then one tile per other user. */
function tile(attributes: Record<string, string>, label: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tile';
  const video = document.createElement('call-video');
  video.setAttribute('for', 'trtc-alice');
  video.setAttribute('fit', 'cover');
  for (const [name, value] of Object.entries(attributes)) video.setAttribute(name, value);
  const caption = document.createElement('span');
  caption.className = 'tile-label';
  caption.textContent = label;
  box.append(video, caption);
  return box;
}
grid.append(tile({ source: 'local' }, 'alice (you)'), ...trtcUsers.slice(1).map((id) => tile({ participant: id }, id)));

/** Captions: each participant's name and state, ringed while speaking (peer data: textContent only). */
function updateCaptions(): void {
  const call = trtc.alice.activeCall;
  for (const video of grid.querySelectorAll('call-video[participant]')) {
    const id = video.getAttribute('participant')!;
    const caption = video.nextElementSibling as HTMLElement;
    const participant = call?.participant(id);
    caption.textContent = participant ? `${participant.displayName}${participant.state === 'joined' ? '' : ` · ${participant.state}`}` : id;
    caption.toggleAttribute('data-speaking', !!participant?.speaking);
    if (participant && participant.state !== 'joined') caption.dataset.state = participant.state;
    else delete caption.dataset.state;
  }
  const inCall = !!trtc.alice.activeCall;
  startButton.disabled = inCall || !trtc.alice.controller.registered;
  hangupButton.disabled = !inCall;
}
for (const type of ['call-participant-joined', 'call-participant-left', 'call-participant-change', 'call-speaking', 'call-state-change', 'call-ended', 'call-registered'])
  trtc.alice.addEventListener(type, updateCaptions);
updateCaptions();

let answering = false;
for (const user of ['bob', 'carol']) {
  trtc[user].addEventListener('call-incoming', () => {
    if (answering) void trtc[user].answer({ video: true });
  });
}
startButton.addEventListener('click', async () => {
  answering = true;
  startButton.disabled = true;
  await trtc.alice.dial(['bob', 'carol'], { video: true });
  updateCaptions();
});
hangupButton.addEventListener('click', () => {
  answering = false;
  // Alice leaving alone would leave bob and carol talking (a group call goes on): end all three.
  for (const phone of Object.values(trtc)) if (phone.activeCall) phone.hangup();
});
trtc.alice.addEventListener('call-ended', () => (answering = false));

const logged = [
  'call-registered',
  'call-incoming',
  'call-connected',
  'call-hold',
  'call-dtmf',
  'call-video-change',
  'call-screen-share',
  'call-device-change',
  'call-sound-blocked',
  'call-ended',
  'call-error',
  'call-participant-joined',
  'call-participant-left',
] as const;
for (const type of logged) {
  const listener = (event: Event) => {
    const phone = (event.target as CallPhone).user;
    const detail = (event as CustomEvent).detail;
    const item = document.createElement('li');
    const what =
      detail.error?.code ??
      detail.summary?.reason ??
      detail.tones ??
      (detail.slot ? `${detail.slot} ${detail.reason}` : undefined) ??
      (type === 'call-video-change' ? `video ${detail.video} remote ${detail.remoteVideo}` : undefined) ??
      (type === 'call-screen-share' ? `sharing ${detail.sharing}` : undefined) ??
      detail.participant?.id ??
      detail.call?.remote.user ??
      '';
    item.textContent = `${new Date().toLocaleTimeString()} ${phone}: ${type} ${what}`;
    log.prepend(item);
  };
  phones.addEventListener(type, listener);
  trtcPhones.addEventListener(type, listener);
}
