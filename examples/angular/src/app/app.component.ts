// Two phones. CUSTOM_ELEMENTS_SCHEMA lets Angular accept the call-* tags; `[password]` binds a
// property (never an attribute); `(call-incoming)`'s $event is typed from call-elements' event
// map through the element's type (HTMLElementTagNameMap), checked by `ng build` (strictTemplates).
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { CallElementsEventMap } from 'call-elements';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <h1>call-elements in Angular</h1>
    <main class="phones">
      <call-phone #alice id="alice" [server]="server" user="alice" display-name="Alice" [password]="passwords.alice"></call-phone>
      <call-phone
        #bob
        id="bob"
        [server]="server"
        user="bob"
        display-name="Bob"
        [password]="passwords.bob"
        (call-incoming)="onIncoming($event)"
        (call-ended)="caller.set('')"
      ></call-phone>
    </main>
    <p id="caller" role="status">{{ caller() ? 'Incoming call from ' + caller() : 'No incoming call' }}</p>
    <button id="dial" type="button" (click)="alice.dial('bob')">Alice calls Bob</button>
    <button id="answer" type="button" [disabled]="!caller()" (click)="bob.answer()">Bob answers</button>
    <button id="hangup" type="button" (click)="alice.hangup()">Hang up</button>
  `,
})
export class AppComponent {
  readonly server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sip`;
  readonly passwords = { alice: 'alice-secret', bob: 'bob-secret' }; // in a real app: from your backend
  readonly caller = signal('');

  onIncoming(event: CallElementsEventMap['call-incoming']): void {
    const { remote } = event.detail.call;
    this.caller.set(remote.displayName ?? remote.user);
  }
}
