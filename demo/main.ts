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
  phone.append(meter);
  phones.append(phone);
}

const logged = ['call-registered', 'call-incoming', 'call-connected', 'call-hold', 'call-dtmf', 'call-ended', 'call-error'] as const;
for (const type of logged) {
  phones.addEventListener(type, (event) => {
    const phone = (event.target as CallPhone).user;
    const detail = (event as CustomEvent).detail;
    const item = document.createElement('li');
    const what = detail.error?.code ?? detail.summary?.reason ?? detail.tones ?? detail.call?.remote.user ?? '';
    item.textContent = `${new Date().toLocaleTimeString()} ${phone}: ${type} ${what}`;
    log.prepend(item);
  });
}
