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
import { parseIceServers } from './ice-servers.js';
import type { CameraSettings } from '../media/constraints.js';
import type { QualityOptions } from '../quality/call-quality.js';

/**
 * How a change of a setting takes effect on a started controller:
 * `restart` reconnects signalling (calls in progress end), `live` applies at once,
 * `next-call` applies from the next call on.
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
>(spec: {
  kind: SettingKind;
  default: T;
  effect: SettingEffect;
  attribute: A;
  secret?: S;
  negatedProperty?: P;
  normalize?(value: T | undefined): N;
}): SettingSpec<T, N> & { attribute: A; secret: S; negatedProperty: P } {
  return { normalize: (value: T | undefined) => (value ?? spec.default) as unknown as N, secret: false as S, negatedProperty: undefined as P, ...spec };
}

/** Trimmed text, `''` when absent. */
const text = (value: string | undefined) => String(value ?? '').trim();
/** A non-negative finite number, else the fallback. */
const nonNegative = (fallback: number) => (value: number | undefined) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
/** One of a set of words, else the first. */
const oneOf = <W extends string>(...words: readonly W[]) => (value: W | undefined): W =>
  words.includes(value as W) ? (value as W) : words[0];
/** A header line that is safe to send: `Name: value`, no line break anywhere (`\s` would let one in after the colon). */
const SAFE_HEADER = /^[A-Za-z0-9-]+:[^\r\n]*$/;

/** Every setting of a controller (and of `<call-phone>`, where it has an attribute). */
export const SETTINGS = {
  /** Signalling provider: `sip` (default), or one added with `registerProvider`. */
  provider: row({ kind: 'text', default: 'sip' as string, attribute: 'provider', effect: 'restart', normalize: (v) => text(v) || 'sip' }),
  /** Signalling server; for SIP the WebSocket URL of the SIP server, `wss://pbx.example.com/ws` (or `ws://` for development). */
  server: row({ kind: 'text', default: '' as string, attribute: 'server', effect: 'restart', normalize: text }),
  /** User name (`alice`), `alice@example.com` or SIP URI (`sip:alice@example.com`; no domain: the server's host). */
  user: row({ kind: 'text', default: '' as string, attribute: 'user', effect: 'restart', normalize: text }),
  /** Name shown to the people you call. */
  displayName: row({
    kind: 'text',
    default: '' as string,
    attribute: 'display-name',
    effect: 'restart',
    normalize: (v) => text(v) || undefined,
  }),
  /** Digest user name, when the server uses one that differs from `user`. */
  authUser: row({
    kind: 'text',
    default: '' as string,
    attribute: 'auth-user',
    effect: 'restart',
    normalize: (v) => text(v) || undefined,
  }),
  /** Password for digest authentication. Secret: a property only, never reflected, logged or put in events. */
  password: row({
    kind: 'text',
    default: '' as string,
    attribute: 'password',
    secret: true,
    effect: 'restart',
    normalize: (v) => v || undefined,
  }),
  /** ICE servers: JSON (`[{"urls":"stun:stun.example.com:3478"}]`), an array, or space/comma-separated URLs; TURN entries need `username` and `credential`. */
  iceServers: row({
    kind: 'text',
    default: '' as RTCIceServer[] | string,
    attribute: 'ice-servers',
    effect: 'restart',
    normalize: parseIceServers,
  }),
  /** `all` (default) or `relay` to force TURN. */
  iceTransportPolicy: row({
    kind: 'text',
    default: 'all' as RTCIceTransportPolicy,
    attribute: 'ice-transport-policy',
    effect: 'restart',
    normalize: oneOf<RTCIceTransportPolicy>('all', 'relay'),
  }),
  /** Longest wait for ICE candidates before an offer or answer is sent, in ms. */
  iceGatheringTimeout: row({
    kind: 'number',
    default: 500,
    attribute: 'ice-gathering-timeout',
    effect: 'restart',
    normalize: nonNegative(500),
  }),
  /** Report `network/connect-timeout` after this many ms without a connection (0: never). */
  connectTimeout: row({ kind: 'number', default: 4000, attribute: 'connect-timeout', effect: 'restart', normalize: nonNegative(4000) }),
  /** Register to receive calls (default true); false: outgoing calls only. */
  register: row({ kind: 'boolean', default: true, attribute: false, effect: 'restart', normalize: (v) => v ?? true }),
  /** DTMF transport: `rfc4733` (default, telephone-events in the media) or `info` (SIP INFO). */
  dtmfTransport: row({
    kind: 'text',
    default: 'rfc4733' as 'rfc4733' | 'info',
    attribute: 'dtmf-transport',
    effect: 'restart',
    normalize: oneOf<'rfc4733' | 'info'>('rfc4733', 'info'),
  }),
  /** Headers added to every outgoing INVITE, e.g. `['X-Data: 42']`; unsafe lines are dropped. */
  extraHeaders: row({
    kind: 'object',
    default: [] as string[],
    attribute: false,
    effect: 'restart',
    normalize: (v) => (Array.isArray(v) ? v : []).filter((h) => typeof h === 'string' && SAFE_HEADER.test(h)),
  }),
  /** Seconds an outgoing call may ring before it ends as `no-answer` (default 60, 0: no limit). */
  noAnswerTimeout: row({ kind: 'number', default: 60, attribute: false, effect: 'restart', normalize: nonNegative(60) }),
  /** Place video calls by default (and offer to answer with video). */
  video: row({ kind: 'boolean', default: false, attribute: 'video', effect: 'next-call' }),
  /** Answer incoming calls by themselves (when no other call is up). */
  autoAnswer: row({ kind: 'boolean', default: false, attribute: 'auto-answer', effect: 'live' }),
  /** Play ringtone, ringback and busy tones (default true); on `<call-phone>` the `no-tones` attribute turns them off. */
  tones: row({ kind: 'boolean', default: true, attribute: 'no-tones', negatedProperty: 'noTones', effect: 'live' }),
  /** Call-quality monitoring (stats interval, report interval, warning thresholds), or `false` for none. */
  quality: row({ kind: 'object', default: {} as QualityOptions | false, attribute: false, effect: 'next-call' }),
  /** Ideal camera resolution and frame rate (default 1280×720 at 30 fps). */
  camera: row({ kind: 'object', default: {} as CameraSettings, attribute: false, effect: 'next-call' }),
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
    return spec.effect === 'restart' && JSON.stringify(before[name] ?? spec.default) !== JSON.stringify(after[name] ?? spec.default);
  });
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
