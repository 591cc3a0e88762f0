/**
 * The one table of settings. Each setting is declared here once, with its `<call-phone>`
 * attribute, its default, how its value is normalised, and how a change takes effect. From it
 * derive: the {@link ControllerSettings} type, the {@link ProviderConfig} handed to a provider,
 * the controller's restart decision ({@link restartNeeded}), `<call-phone>`'s reactive
 * properties, and the attributes in custom-elements.json (a manifest plugin reads this file).
 * The doc comment on each entry is its documentation everywhere.
 *
 * Provider-specific checks (a SIP server must be a ws/wss URL) belong to the provider, not here.
 * @module
 */
import { MAX_TIMER_MS } from './backoff.js';
import { checkDisplayName, checkExtraHeaders, checkQuotedValue } from './headers.js';
import { parseIceServers } from './ice-servers.js';
import { cameraSettings } from '../media/constraints.js';
import type { CameraSettings } from '../media/constraints.js';
import { qualityOptions } from '../quality/quality-options.js';
import type { QualityOptions } from '../quality/quality-options.js';

/**
 * How a change of a setting takes effect on a started controller:
 * `restart` reconnects signalling — while calls are in progress the restart waits until the
 * last one ends (a console message says so), so a change never hangs up a call;
 * `live` applies at once; `next-call` applies from the next call on (ICE servers also reach the
 * peer connections of calls in progress, for their next ICE restart).
 */
export type SettingEffect = 'restart' | 'live' | 'next-call';

/** How `<call-phone>` converts the attribute of a setting. */
export type SettingKind = 'text' | 'number' | 'boolean' | 'object';

/** One row of the table. `T` is what a page may give, `N` what the provider receives. */
export interface SettingSpec<T, N = T> {
  kind: SettingKind;
  /** The value when none is given. */
  default: T;
  effect: SettingEffect;
  /** The `<call-phone>` attribute, or `false` for a controller-only setting. */
  attribute: string | false;
  /** A secret: a property only; an attribute given in HTML is read once and removed; never reflected, logged or put in events. */
  secret?: boolean;
  /** A `<call-phone>` property without an attribute (an object such as `sdk`); never reflected. */
  propertyOnly?: boolean;
  /**
   * For a boolean that defaults to true: the element exposes its negation under this property
   * name, with the attribute (`no-tones` sets `noTones`, meaning `tones: false`), since HTML
   * boolean attributes are named after the non-default state.
   */
  negatedProperty?: string;
  /** Normalises a given value (or the default) for the provider; throws a `CallError` when it is unusable. */
  normalize(value: T | undefined): N;
}

/**
 * One row, its literal facts (attribute, secret, negated property) kept in the type so the
 * element's properties can be derived from it.
 */
function row<
  T,
  N = T,
  const A extends string | false = string | false,
  const P extends string | undefined = undefined,
  const S extends boolean = false,
  const O extends boolean = false,
>(spec: {
  kind: SettingKind;
  default: T;
  effect: SettingEffect;
  attribute: A;
  secret?: S;
  propertyOnly?: O;
  negatedProperty?: P;
  normalize?(value: T | undefined): N;
}): SettingSpec<T, N> & { attribute: A; secret: S; propertyOnly: O; negatedProperty: P } {
  // A boolean is a boolean: anything else given counts as the default.
  const given = spec.kind === 'boolean' ? (value: T | undefined) => (typeof value === 'boolean' ? value : undefined) : (value: T | undefined) => value;
  return { normalize: (value: T | undefined) => (given(value) ?? spec.default) as unknown as N, secret: false as S, propertyOnly: false as O, negatedProperty: undefined as P, ...spec };
}

/** A value as text, `''` when absent or when it has no text form (an object without `toString`). */
function stringOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}
/** Trimmed text, `''` when absent (a page may give anything: the type only guides inference). */
const text = (value: string | undefined) => stringOf(value).trim();
/**
 * A duration in `unitMs` (default ms): a non-negative finite number, at most what `setTimeout`
 * honours (2³¹−1 ms; a longer delay would fire at once), else the fallback.
 */
const nonNegative = <F extends number | undefined>(fallback: F, unitMs = 1) => (value: number | undefined): number | F =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, Math.floor(MAX_TIMER_MS / unitMs)) : fallback;
/** `{ title?, description? }` with text of at most 128 characters each; anything else is left out. */
function pushNotification(value: { title?: string; description?: string } | undefined): { title?: string; description?: string } {
  const out: { title?: string; description?: string } = {};
  for (const key of ['title', 'description'] as const) {
    const text = value && typeof value === 'object' ? value[key] : undefined;
    if (typeof text === 'string') out[key] = text.slice(0, 128);
  }
  return out;
}
/**
 * One server or several, as the provider receives them: comma-separated text, each entry trimmed,
 * empty ones dropped (`['wss://a', 'wss://b']` and `' wss://a ,wss://b'` give `'wss://a, wss://b'`).
 */
function serverList(value: string | string[] | undefined): string {
  const entries = Array.isArray(value) ? value.map(stringOf) : stringOf(value).split(',');
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .join(', ');
}
/** A finite number held to `[min, max]`, else the fallback. */
const between = (min: number, max: number, fallback: number) => (value: number | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
/** One of a set of words, else the first. */
const oneOf = <W extends string>(...words: readonly W[]) => (value: W | undefined): W =>
  words.includes(value as W) ? (value as W) : words[0];

/**
 * Tencent's SDK entry points as a page may give them (see the `sdk` setting): `TRTC` of
 * trtc-js-sdk, `TIM` of tim-js-sdk, and optionally `tim`, the page's own TIM instance.
 */
export interface TencentSdks {
  TRTC: unknown;
  TIM: unknown;
  /**
   * A TIM instance the page already has (`TIM.create({ SDKAppID })`, e.g. its chat's): used
   * instead of creating one (Tencent allows one per SDKAppID in a page), logged in only if the
   * page has not, never logged out or destroyed by the phone.
   */
  tim?: unknown;
}

/** Every setting of a controller (and of `<call-phone>`, where it has an attribute). */
export const SETTINGS = {
  /** Signalling provider: `sip` (default), or one added with `registerProvider`. */
  provider: row({ kind: 'text', default: 'sip' as string, attribute: 'provider', effect: 'restart', normalize: (v) => text(v) || 'sip' }),
  /**
   * Signalling server; for SIP the WebSocket URL of the SIP server, `wss://pbx.example.com/ws` (or `ws://` for development).
   * Several servers (edges of one cluster): comma-separated in the attribute, or an array property; the first is used first,
   * the next when it is lost or cannot be reached.
   */
  server: row({ kind: 'text', default: '' as string | string[], attribute: 'server', effect: 'restart', normalize: serverList }),
  /** User name (`alice`), `alice@example.com` or SIP URI (`sip:alice@example.com`; no domain: the server's host). */
  user: row({ kind: 'text', default: '' as string, attribute: 'user', effect: 'restart', normalize: text }),
  /** Name shown to the people you call (at most 128 characters, no line breaks). */
  displayName: row({
    kind: 'text',
    default: '' as string,
    attribute: 'display-name',
    effect: 'next-call',
    normalize: (v) => checkDisplayName(v, { code: 'config/invalid-header', attribute: 'display-name' }),
  }),
  /** Digest user name, when the server uses one that differs from `user`. */
  authUser: row({
    kind: 'text',
    default: '' as string,
    attribute: 'auth-user',
    effect: 'restart',
    normalize: (v) => checkQuotedValue(v, { code: 'config/invalid-header', attribute: 'auth-user' }),
  }),
  /** Password for digest authentication. Secret: a property only, never reflected, logged or put in events. */
  password: row({
    kind: 'text',
    default: '' as string,
    attribute: 'password',
    secret: true,
    effect: 'restart',
    normalize: (v) => stringOf(v) || undefined,
  }),
  /** TRTC: the application's SDKAppID from the Tencent Cloud console (a positive 32-bit integer; anything else counts as unset). */
  sdkAppId: row({
    kind: 'number',
    default: 0,
    attribute: 'sdk-app-id',
    effect: 'restart',
    normalize: (v) => {
      const n = typeof v === 'string' ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 0xffffffff ? n : 0;
    },
  }),
  /**
   * TRTC: the user's signature (UserSig) from your server. Secret: a property only, never
   * reflected, logged or put in events. Setting a new one after `trtc/user-sig-expired` logs in
   * again without a reload.
   */
  userSig: row({
    kind: 'text',
    default: '' as string,
    attribute: 'user-sig',
    secret: true,
    effect: 'live',
    normalize: (v) => stringOf(v) || undefined,
  }),
  /**
   * TRTC: the SDKs to use instead of importing `trtc-js-sdk` and `tim-js-sdk`: an object
   * `{ TRTC, TIM }` (e.g. from their CDN builds) or a function resolving to one, with `tim`
   * to share the page's TIM instance. Property only.
   */
  sdk: row({
    kind: 'object',
    default: undefined as TencentSdks | (() => Promise<TencentSdks>) | undefined,
    attribute: false,
    propertyOnly: true,
    effect: 'restart',
    normalize: (v) => (typeof v === 'function' || (v && typeof v === 'object') ? v : undefined),
  }),
  /**
   * TRTC: the push notification an offline callee gets for our invitation, `{ title?, description? }`
   * (each text up to 128 characters), in the callee's language; unset parts are Tencent's (no
   * title, "您有一个通话请求"). Property only.
   */
  pushNotification: row({
    kind: 'object',
    default: {} as { title?: string; description?: string },
    attribute: false,
    propertyOnly: true,
    effect: 'next-call',
    normalize: pushNotification,
  }),
  /**
   * ICE servers: JSON (`[{"urls":"stun:stun.example.com:3478"}]`), an array, or space/comma-separated URLs; TURN entries need `username` and `credential`.
   * Secret (it carries TURN credentials): the property takes an array or text; an `ice-servers` attribute is read once and removed; never reflected, logged or put in events.
   */
  iceServers: row({
    kind: 'text',
    default: '' as RTCIceServer[] | string,
    attribute: 'ice-servers',
    secret: true,
    effect: 'next-call',
    normalize: parseIceServers,
  }),
  /** `all` (default) or `relay` to force TURN. */
  iceTransportPolicy: row({
    kind: 'text',
    default: 'all' as 'all' | 'relay',
    attribute: 'ice-transport-policy',
    effect: 'next-call',
    normalize: oneOf<'all' | 'relay'>('all', 'relay'),
  }),
  /** Longest wait for ICE candidates before an offer or answer is sent, in ms. */
  iceGatheringTimeout: row({
    kind: 'number',
    default: 500,
    attribute: 'ice-gathering-timeout',
    effect: 'next-call',
    normalize: nonNegative(500),
  }),
  /** Report `network/connect-timeout` after this many ms without a connection (0: never). */
  connectTimeout: row({ kind: 'number', default: 4000, attribute: 'connect-timeout', effect: 'live', normalize: nonNegative(4000) }),
  /** Register to receive calls (default true); false: outgoing calls only. */
  register: row({ kind: 'boolean', default: true, attribute: false, effect: 'restart' }),
  /**
   * Share the phone across the tabs of this origin with the same provider, servers and user
   * (default true): one registration for them all, every tab rings, a call's media stays in the
   * tab where it was dialled or answered (see the README's "One phone across tabs"). On
   * `<call-phone>` the `no-tab-sharing` attribute turns it off: each tab then registers itself.
   */
  shareTabs: row({ kind: 'boolean', default: true, attribute: 'no-tab-sharing', negatedProperty: 'noTabSharing', effect: 'restart' }),
  /** DTMF transport: `rfc4733` (default, telephone-events in the media) or `info` (SIP INFO). */
  dtmfTransport: row({
    kind: 'text',
    default: 'rfc4733' as 'rfc4733' | 'info' | 'info-dtmf',
    attribute: 'dtmf-transport',
    effect: 'next-call',
    normalize: oneOf<'rfc4733' | 'info' | 'info-dtmf'>('rfc4733', 'info', 'info-dtmf'),
  }),
  /** How long each DTMF tone lasts, ms (default 100; 40–6000). */
  dtmfDuration: row({
    kind: 'number',
    default: 100,
    attribute: 'dtmf-duration',
    effect: 'next-call',
    normalize: between(40, 6000, 100),
  }),
  /** Silence between DTMF tones, ms (default 70; 50–6000). A `,` in the tones pauses 2 s. */
  dtmfGap: row({
    kind: 'number',
    default: 70,
    attribute: 'dtmf-gap',
    effect: 'next-call',
    normalize: between(50, 6000, 70),
  }),
  /**
   * A call arriving while another is up: `ring` (default: it shows as waiting, with a soft
   * waiting tone; answering it holds the current call), `busy` (the caller hears busy, 486)
   * or `reject` (declined, 603).
   */
  callWaiting: row({
    kind: 'text',
    default: 'ring' as 'ring' | 'busy' | 'reject',
    attribute: 'call-waiting',
    effect: 'live',
    normalize: oneOf<'ring' | 'busy' | 'reject'>('ring', 'busy', 'reject'),
  }),
  /** Most calls at once (default 4); one more arriving is answered busy (486), one more dialled fails with `call/invalid-state`. */
  maxCalls: row({
    kind: 'number',
    default: 4,
    attribute: 'max-calls',
    effect: 'live',
    normalize: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(Math.floor(v), 100) : 4),
  }),
  /** Seconds an incoming call may ring before it is turned away as `no-answer` (the caller hears 408; default 0: no limit). */
  ringTimeout: row({ kind: 'number', default: 0, attribute: 'ring-timeout', effect: 'next-call', normalize: nonNegative(0, 1000) }),
  /**
   * Honour the caller's auto-answer hints (intercom): `Call-Info: <…>;answer-after=N` answers
   * after N seconds, `Alert-Info: <…>;info=alert-autoanswer` at once. Off by default, so a
   * caller cannot open the microphone by itself.
   */
  autoAnswerHints: row({ kind: 'boolean', default: false, attribute: 'auto-answer-hints', effect: 'live' }),
  /**
   * Headers added to every outgoing INVITE, e.g. `['X-Data: 42']`: at most 20 lines of 1024
   * characters, SIP token names; a line break, a control character, or a header that routes,
   * frames or authenticates the request (Via, From, Contact, Content-Length, Authorization, …)
   * is refused with `config/invalid-header`.
   */
  extraHeaders: row({
    kind: 'object',
    default: [] as string[],
    attribute: false,
    effect: 'next-call',
    normalize: (v) => checkExtraHeaders(v, { code: 'config/invalid-header', attribute: 'extraHeaders' }),
  }),
  /**
   * Seconds an outgoing call may ring before it ends as `no-answer` (0: no limit). Unset, each
   * provider uses its own: SIP 60, TRTC 30 (Tencent's TRTCCalling and TUICallKit default).
   */
  noAnswerTimeout: row({ kind: 'number', default: undefined as number | undefined, attribute: 'no-answer-timeout', effect: 'next-call', normalize: nonNegative(undefined, 1000) }),
  /** Longest wait between attempts to get a lost connection or registration back, in ms (jittered exponential backoff; default 5000). */
  reconnectMaxDelay: row({
    kind: 'number',
    default: 5000,
    attribute: 'reconnect-max-delay',
    effect: 'live',
    normalize: nonNegative(5000),
  }),
  /** How long a call whose media path was lost keeps trying ICE restarts before it ends as `network`, in ms (default 30000). */
  mediaReconnectTimeout: row({
    kind: 'number',
    default: 30_000,
    attribute: 'media-reconnect-timeout',
    effect: 'next-call',
    normalize: nonNegative(30_000),
  }),
  /**
   * Follow a transfer the far end asks for (SIP REFER; default true). A page can refuse one
   * transfer with `preventDefault()` on `call-refer`; on `<call-phone>` the `deny-transfer`
   * attribute refuses them all.
   */
  allowTransfer: row({ kind: 'boolean', default: true, attribute: 'deny-transfer', negatedProperty: 'denyTransfer', effect: 'live' }),
  /** Log signalling and state changes to the console, secrets redacted (passwords, digests, ICE and TURN credentials). */
  debug: row({ kind: 'boolean', default: false, attribute: 'debug', effect: 'live' }),
  /** Place video calls by default (and offer to answer with video). */
  video: row({ kind: 'boolean', default: false, attribute: 'video', effect: 'next-call' }),
  /** Answer incoming calls by themselves (when no other call is up). */
  autoAnswer: row({ kind: 'boolean', default: false, attribute: 'auto-answer', effect: 'live' }),
  /** Play ringtone, ringback and busy tones (default true); on `<call-phone>` the `no-tones` attribute turns them off. */
  tones: row({ kind: 'boolean', default: true, attribute: 'no-tones', negatedProperty: 'noTones', effect: 'live' }),
  /** Call-quality monitoring (stats interval, report interval, warning thresholds), or `false` for none. */
  quality: row({ kind: 'object', default: {} as QualityOptions | false, attribute: false, effect: 'next-call', normalize: qualityOptions }),
  /** Ideal camera resolution and frame rate (default 1280×720 at 30 fps). */
  camera: row({ kind: 'object', default: {} as CameraSettings, attribute: false, effect: 'next-call', normalize: cameraSettings }),
  /** Hang up and stop every track we captured when the page is left for good (`pagehide`). Default true. */
  releaseOnPageHide: row({ kind: 'boolean', default: true, attribute: false, effect: 'live' }),
};

/** The name of a setting. */
export type SettingName = keyof typeof SETTINGS;

type Given<S> = S extends SettingSpec<infer T, unknown> ? T : never;
type Normalized<S> = S extends SettingSpec<unknown, infer N> ? N : never;

/** Settings of a {@link CallController}; every one is optional and has the table's default. */
export type ControllerSettings = { [K in SettingName]?: Given<(typeof SETTINGS)[K]> };

/** Every setting by name, as data (for tools and elements). */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Whether changing from `before` to `after` needs signalling to restart (an absent setting counts as its default). */
export function restartNeeded(before: ControllerSettings, after: ControllerSettings): boolean {
  return SETTING_NAMES.some((name) => {
    const spec = SETTINGS[name];
    return spec.effect === 'restart' && !sameValue(before[name] ?? spec.default, after[name] ?? spec.default);
  });
}

/** Identities of the functions and non-plain objects fingerprints have seen (e.g. the `sdk` setting). */
const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/** Whether JSON can stand for a value's contents: a primitive, an array or a plain object. */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * The JSON of settings or of one value, or `undefined` for what JSON cannot write (cycles,
 * bigints). Functions and class instances (SDK objects, loaders) stand in by identity, so a new
 * one differs from the old even where JSON would print both the same (or drop them).
 */
export function fingerprint(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'function' && (typeof v !== 'object' || v === null || isPlain(v))) return v;
      let id = identities.get(v as object);
      if (id === undefined) identities.set(v as object, (id = ++lastIdentity));
      return `\u0000object#${id}`;
    });
  } catch {
    return undefined;
  }
}

/** Whether two settings values are the same: equal JSON, or (for what JSON cannot write) the same value. */
function sameValue(a: unknown, b: unknown): boolean {
  const [fa, fb] = [fingerprint(a), fingerprint(b)];
  return fa !== undefined && fb !== undefined ? fa === fb : a === b;
}

/** Every setting, normalised, defaults filled in: what a provider is configured with. */
export type NormalizedSettings = { -readonly [K in SettingName]: Normalized<(typeof SETTINGS)[K]> };

/** One setting, normalised (its default when unset); throws a `CallError` when it is unusable. */
export function normalizeSetting<K extends SettingName>(settings: ControllerSettings, name: K): NormalizedSettings[K] {
  const spec = SETTINGS[name] as SettingSpec<unknown, NormalizedSettings[K]>;
  return spec.normalize(settings[name]);
}

/** Normalises every setting (defaults filled in); throws the `CallError` of the first unusable one. */
export function normalizeSettings(settings: ControllerSettings): NormalizedSettings {
  const out = {} as Record<SettingName, unknown>;
  for (const name of SETTING_NAMES) out[name] = normalizeSetting(settings, name);
  return out as NormalizedSettings;
}

/** Values the debug log must never print: those of the secret settings (password, userSig), and the TURN credentials in `iceServers`. */
export function secretValues(settings: ControllerSettings): string[] {
  const secrets: string[] = [];
  for (const name of SETTING_NAMES) {
    const value = settings[name];
    if (SETTINGS[name].secret && name !== 'iceServers' && typeof value === 'string' && value !== '') secrets.push(value);
  }
  try {
    for (const server of normalizeSetting(settings, 'iceServers')) {
      if (typeof server.credential === 'string' && server.credential !== '') secrets.push(server.credential);
    }
  } catch {
    /* Unusable ice-servers were refused (and never logged): nothing of theirs is in use. */
  }
  return secrets;
}
