// Two phones: Alice through the @lit/react wrapper (camelCase props, onCallIncoming-style
// events), Bob as the raw tag (React 19 sets `password` as a property and listens to
// `oncall-incoming` as written). Both are typed by call-elements; nothing is declared here.
// Alice's call quality shows in a meter that follows her phone with `for`, as in HTML.
import { useRef, useState } from 'react';
import 'call-elements';
import { CallPhone, CallQualityMeter } from 'call-elements/react';
import type { CallPhoneElement } from 'call-elements/react';

const server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sip`;
const passwords = { alice: 'alice-secret', bob: 'bob-secret' }; // in a real app: from your backend

export function App() {
  const alice = useRef<CallPhoneElement>(null);
  const bob = useRef<HTMLElementTagNameMap['call-phone']>(null);
  const [caller, setCaller] = useState('');

  return (
    <>
      <h1>call-elements in React</h1>
      <main className="phones">
        <CallPhone ref={alice} id="alice" server={server} user="alice" displayName="Alice" password={passwords.alice} />
        <call-phone
          ref={bob}
          id="bob"
          server={server}
          user="bob"
          display-name="Bob"
          password={passwords.bob}
          oncall-incoming={(event) => setCaller(event.detail.call.remote.displayName ?? event.detail.call.remote.user)}
          oncall-ended={() => setCaller('')}
        />
      </main>
      <CallQualityMeter id="alice-quality" for="alice" />
      <p id="caller" role="status">{caller ? `Incoming call from ${caller}` : 'No incoming call'}</p>
      <button id="dial" type="button" onClick={() => void alice.current?.dial('bob')}>
        Alice calls Bob
      </button>
      <button id="answer" type="button" disabled={!caller} onClick={() => void bob.current?.answer()}>
        Bob answers
      </button>
      <button id="hangup" type="button" onClick={() => alice.current?.hangup()}>
        Hang up
      </button>
    </>
  );
}
