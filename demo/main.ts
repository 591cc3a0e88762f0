import '../src/index.js';
import type { CallPhone } from '../src/index.js';

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
] as const;
for (const type of logged) {
  phones.addEventListener(type, (event) => {
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
      detail.call?.remote.user ??
      '';
    item.textContent = `${new Date().toLocaleTimeString()} ${phone}: ${type} ${what}`;
    log.prepend(item);
  });
}
