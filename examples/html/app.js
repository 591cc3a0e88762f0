// The page's own script: sets the passwords (properties, never attributes), shows the caller's
// name from call-incoming, and dials, answers and hangs up through the phones' methods.
const server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sip`;
const passwords = { alice: 'alice-secret', bob: 'bob-secret' }; // in a real app: from your backend

await customElements.whenDefined('call-phone');
const alice = document.querySelector('#alice');
const bob = document.querySelector('#bob');
const caller = document.querySelector('#caller');
const answer = document.querySelector('#answer');

for (const phone of [alice, bob]) {
  phone.password = passwords[phone.user];
  phone.server = server; // the server last: the phone registers once it has both
}

bob.addEventListener('call-incoming', (event) => {
  const { remote } = event.detail.call;
  caller.textContent = `Incoming call from ${remote.displayName ?? remote.user}`;
  answer.disabled = false;
});
bob.addEventListener('call-ended', () => {
  caller.textContent = 'No incoming call';
  answer.disabled = true;
});
document.querySelector('#dial').addEventListener('click', () => alice.dial('bob'));
answer.addEventListener('click', () => bob.answer());
document.querySelector('#hangup').addEventListener('click', () => alice.hangup());
