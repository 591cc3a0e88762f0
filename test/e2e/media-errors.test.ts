import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { testEnv } from '../harness/env.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';

/** One way getUserMedia fails, how it is put in the page, and what the user must read. */
interface Failure {
  name: string;
  code: string;
  /** The words of the fix-it message. */
  fix: RegExp;
  /** Installs the failure; returns its undo. */
  install(): () => void;
}

const media = navigator.mediaDevices as unknown as Record<string, unknown>;

/** getUserMedia starts the real capture (so a leak would show), then fails with `error`. */
function failing(error: () => Error): () => () => void {
  return () => {
    const real = MediaDevices.prototype.getUserMedia.bind(navigator.mediaDevices);
    media.getUserMedia = async (constraints: MediaStreamConstraints) => {
      await real(constraints).then((s) => s.getTracks().forEach((t) => t.stop()));
      throw error();
    };
    return () => delete media.getUserMedia;
  };
}

const FAILURES: Failure[] = [
  { name: 'NotAllowedError', code: 'media/permission-denied', fix: /Allow it in the browser/, install: failing(() => new DOMException('Permission denied', 'NotAllowedError')) },
  { name: 'NotFoundError', code: 'media/not-found', fix: /Connect one/, install: failing(() => new DOMException('Requested device not found', 'NotFoundError')) },
  { name: 'NotReadableError', code: 'media/in-use', fix: /another application may be using it\. Close it/, install: failing(() => new DOMException('Could not start audio source', 'NotReadableError')) },
  { name: 'OverconstrainedError', code: 'media/overconstrained', fix: /"sampleRate" constraint\. Choose another device/, install: failing(() => new OverconstrainedError('sampleRate', 'no such rate')) },
  { name: 'AbortError', code: 'media/in-use', fix: /was interrupted.*try again/, install: failing(() => new DOMException('Starting audio failed', 'AbortError')) },
  {
    name: 'insecure context',
    code: 'media/insecure-context',
    fix: /serve it over https:\/\//,
    install: () => {
      Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });
      return () => delete (window as unknown as Record<string, unknown>).isSecureContext;
    },
  },
  {
    name: 'no mediaDevices',
    code: 'media/unsupported',
    fix: /cannot capture a microphone or camera/,
    install: () => {
      Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
      return () => delete (navigator as unknown as Record<string, unknown>).mediaDevices;
    },
  },
];

describe('every getUserMedia failure is mapped, explained and shown', function () {
  this.timeout(90_000);
  afterEach(() => disposeControllers());

  for (const failure of FAILURES) {
    it(`${failure.name} → ${failure.code} with a fix-it message, on the phone, no track left`, async () => {
      const phone = await fixture<CallPhone>(html`<call-phone server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>`);
      await until(() => phone.registered, 10_000, 'registered');
      const bob = await registeredController(uniqueUser('bob'));
      const errors = nextEvent(phone.controller, 'call-error');
      const ended = nextEvent(phone.controller, 'call-ended');
      const undo = failure.install();
      let call;
      try {
        call = await phone.dial(bob.user);
      } finally {
        undo();
      }
      expect(call, 'dial resolves with nothing').to.equal(undefined);
      const { error } = await errors;
      expect(error.code).to.equal(failure.code);
      expect(error.message).to.match(failure.fix);
      const summary = (await ended).summary;
      expect([summary.reason, summary.rawCause]).to.deep.equal(['media', failure.code]);
      await phone.updateComplete;
      const shown = phone.shadowRoot!.querySelector('[part="error"]')!;
      expect(shown.getAttribute('data-code')).to.equal(failure.code);
      expect(shown.getAttribute('role')).to.equal('alert');
      expect(shown.textContent).to.match(failure.fix);
      expect(phone.controller.media.liveTrackCount, 'no track left').to.equal(0);
      expect(phone.controller.calls).to.deep.equal([]);
    });
  }
});
