// Theming across the phone's states (registered, in call, two calls, sound blocked): every
// documented ::part and --call-* property styles something. Dark mode alone, without a SIP
// server: src/elements/shared/theming.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { testEnv } from '../harness/env.js';
import { emulateColorScheme } from '../harness/color-scheme.js';
import { look } from '../harness/computed-look.js';
import { disposeControllers, nextEvent, registeredController, uniqueUser, until } from './helpers.js';
import { sharedAudioContext } from '../../src/media/audio-context.js';
import '../../src/elements/call-phone/define.js';
import '../../src/elements/call-video/define.js';
import '../../src/elements/call-quality-meter/define.js';
import '../../src/elements/call-devices/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';

/** A one-pixel image for the poster. */
const POSTER = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');

interface Documented {
  parts: string[];
  properties: string[];
}

/** The `::part`s and `--call-*` properties the manifest documents for each tag. */
async function manifest(): Promise<Record<string, Documented>> {
  const json = (await (await fetch('/custom-elements.json')).json()) as {
    modules: { declarations?: { tagName?: string; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[] }[];
  };
  const out: Record<string, Documented> = {};
  for (const declaration of json.modules.flatMap((m) => m.declarations ?? [])) {
    if (!declaration.tagName) continue;
    out[declaration.tagName] = {
      parts: (declaration.cssParts ?? []).map((p) => p.name),
      properties: (declaration.cssProperties ?? []).map((p) => p.name),
    };
  }
  return out;
}

/** A value of the right kind for a custom property, unlike any default. */
function oddValue(property: string): string {
  if (property.includes('radius')) return '17px';
  if (property.includes('font')) return '"Courier New", monospace';
  if (property.includes('aspect-ratio')) return '1 / 1';
  if (property.includes('height')) return '77px';
  return 'rgb(1, 2, 3)';
}

/** Records, state after state, which documented parts exist and which properties change a computed style. */
class Coverage {
  readonly parts = new Set<string>();
  readonly properties = new Set<string>();
  constructor(readonly documented: Documented) {}

  check(el: HTMLElement): void {
    const root = el.shadowRoot!;
    for (const part of this.documented.parts) {
      const target = root.querySelector(`[part~="${part}"]`);
      if (!target) continue;
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`${el.localName}::part(${part}) { outline: 3px solid rgb(4, 5, 6) !important; }`);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      if (getComputedStyle(target).outlineColor === 'rgb(4, 5, 6)') this.parts.add(part);
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
    const before = look(el).join('\n');
    for (const property of this.documented.properties) {
      el.style.setProperty(property, oddValue(property));
      if (look(el).join('\n') !== before) this.properties.add(property);
      el.style.removeProperty(property);
    }
  }

  /** What is documented but never styled anything: `tag ::part` and `tag --prop` lines. */
  missing(tag: string): string[] {
    return [
      ...this.documented.parts.filter((p) => !this.parts.has(p)).map((p) => `${tag} ::part(${p})`),
      ...this.documented.properties.filter((p) => !this.properties.has(p)).map((p) => `${tag} ${p}`),
    ];
  }
}

describe('theming: every documented ::part and --call-* property', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await emulateColorScheme(null);
    await disposeControllers();
  });

  it('each documented part and property styles something, across the phone’s states', async () => {
    const documented = await manifest();
    const bob = await registeredController(uniqueUser('bob'));
    const carol = await registeredController(uniqueUser('carol'));
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <call-phone id="p" server=${testEnv.sipUrl} user=${uniqueUser('alice')} no-tones></call-phone>
      <call-video for="p" name="Bob"></call-video>
      <call-quality-meter for="p" details history="mos"></call-quality-meter>
      <call-devices for="p" kinds="audioinput videoinput audiooutput ringtone"></call-devices>
    </div>`);
    const phone = wrapper.querySelector<CallPhone>('call-phone')!;
    const others = ['call-video', 'call-quality-meter', 'call-devices'].map((tag) => wrapper.querySelector<HTMLElement>(tag)!);
    const coverage = new Map(['call-phone', 'call-video', 'call-quality-meter', 'call-devices'].map((tag) => [tag, new Coverage(documented[tag])]));
    const checkAll = async () => {
      for (const el of [phone, ...others]) {
        await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        coverage.get(el.localName)!.check(el);
      }
    };
    await until(() => phone.registered, 10_000, 'the phone to register');
    await checkAll();

    await phone.dial('');
    await checkAll(); // error

    const incoming = nextEvent(phone.controller, 'call-incoming');
    await bob.dial(phone.controller.user);
    await incoming;
    await checkAll(); // incoming
    const connected = nextEvent(phone.controller, 'call-connected');
    await phone.answer();
    await connected;
    phone.shadowRoot!.querySelector<HTMLElement>('.keypad-toggle')!.click();
    await until(() => !!phone.controller.activeCall?.quality, 5000, 'a quality sample');
    await checkAll(); // in call with the keypad

    const second = nextEvent(phone.controller, 'call-incoming');
    await carol.dial(phone.controller.user);
    await second;
    const both = nextEvent(phone.controller, 'call-connected');
    await phone.answer();
    await both;
    await until(() => !!phone.shadowRoot!.querySelector('[part~=calls]'), 5000, 'the list of other calls');
    await checkAll(); // two calls

    const ctx = sharedAudioContext()!;
    await ctx.suspend();
    const resume = ctx.resume.bind(ctx);
    ctx.resume = () => new Promise<void>(() => undefined);
    try {
      phone.controller.tones.start('ringtone');
      await until(() => phone.soundBlocked, 3000, 'sound blocked');
      await checkAll(); // sound blocked
    } finally {
      phone.controller.tones.stop();
      ctx.resume = resume;
      await resume();
    }
    // The meter's fair and bad colours and its focus ring, on meters showing levels 3 and 5.
    const meters = await fixture<HTMLDivElement>(
      html`<div><button id="before">before</button><call-quality-meter level="3"></call-quality-meter><call-quality-meter level="5"></call-quality-meter>
        <call-quality-meter level="1"></call-quality-meter><call-video poster=${POSTER}></call-video></div>`,
    );
    meters.querySelector<HTMLElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    for (const el of meters.querySelectorAll<HTMLElement>('call-quality-meter, call-video')) coverage.get(el.localName)!.check(el);

    // <call-devices> shows these only while it asks for permission or after an error, which the
    // suite's fake-UI browser never does (see call-devices.test.ts and permissions.policy.test.ts).
    // The meter's warnings show only while a warning is raised: test/e2e/quality.test.ts.
    // The participant list and Invite show only in a group-call provider's calls:
    // src/elements/call-phone/call-phone.participants.test.ts. The list of calls other tabs hold
    // shows only with a phone open in two tabs: test/e2e/tabs.test.ts.
    const elsewhere = [
      'call-phone ::part(elsewhere)',
      'call-quality-meter ::part(warnings)',
      'call-quality-meter ::part(warning-count)',
      'call-phone ::part(participants)', 'call-phone ::part(participant)', 'call-phone ::part(invite)','call-devices ::part(allow-button)', 'call-devices ::part(permission)', 'call-devices ::part(error)', 'call-devices --call-danger', 'call-devices --call-on-accent'];
    const missing = [...coverage].flatMap(([tag, seen]) => seen.missing(tag)).filter((m) => !elsewhere.includes(m));
    expect(missing, 'documented but styling nothing').to.deep.equal([]);
  });
});
