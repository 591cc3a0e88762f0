import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyText, anyValue, validOrTyped } from '../../test/harness/fuzz.js';
import { codeOf } from '../../test/harness/error-code.js';
import { MAX_TIMER_MS } from './backoff.js';
import { CallError } from '../base/errors.js';
import { SETTINGS, SETTING_NAMES, fingerprint, normalizeSetting, normalizeSettings, restartNeeded } from './settings.js';
import type { ControllerSettings, SettingName } from './settings.js';

describe('settings table', () => {
  it('fingerprints plain values by content and functions or SDK objects by identity', () => {
    const loader = async () => ({}) as never;
    class Sdk {}
    const sdk = new Sdk();
    expect(fingerprint({ user: 'a', iceServers: [{ urls: 'stun:x' }] })).to.equal(fingerprint({ user: 'a', iceServers: [{ urls: 'stun:x' }] }));
    expect(fingerprint({ sdk: loader }), 'the same loader').to.equal(fingerprint({ sdk: loader }));
    expect(fingerprint({ sdk: loader }), 'another loader').to.not.equal(fingerprint({ sdk: async () => ({}) as never }));
    expect(fingerprint({ sdk: { TRTC: Sdk } }), 'objects holding other classes').to.not.equal(fingerprint({ sdk: { TRTC: class {} } }));
    expect(fingerprint({ sdk }), 'another instance').to.not.equal(fingerprint({ sdk: new Sdk() }));
    expect(fingerprint({ sdk: loader }), 'a loader is not no loader').to.not.equal(fingerprint({}));
    expect(restartNeeded({ sdk: loader }, { sdk: async () => ({}) as never }), 'a new sdk restarts').to.equal(true);
  });

  it('normalises with the defaults', () => {
    const config = normalizeSettings({
      server: ' wss://pbx.example.com/ws ',
      user: 'alice',
      extraHeaders: ['X-Data: 42'],
    });
    expect(config.server).to.equal('wss://pbx.example.com/ws');
    expect(normalizeSetting({ server: [' wss://a/ws', '', 'wss://b/ws '] }, 'server'), 'an array of servers').to.equal('wss://a/ws, wss://b/ws');
    expect(normalizeSetting({ server: 'wss://a/ws ,, wss://b/ws' }, 'server'), 'comma-separated servers').to.equal('wss://a/ws, wss://b/ws');
    expect(config.provider).to.equal('sip');
    expect(config.iceServers).to.deep.equal([]);
    expect(config.iceTransportPolicy).to.equal('all');
    expect(config.iceGatheringTimeout).to.equal(500);
    expect(config.connectTimeout).to.equal(4000);
    expect(config.noAnswerTimeout, "unset: the provider's own default").to.equal(undefined);
    expect(config.dtmfTransport).to.equal('rfc4733');
    expect(config.register).to.equal(true);
    expect(config.displayName).to.equal(undefined);
    expect(config.password).to.equal(undefined);
    expect(config.extraHeaders).to.deep.equal(['X-Data: 42']);
  });

  it('refuses unsafe extra headers, display names and digest user names with config/invalid-header (nothing is dropped silently)', () => {
    for (const extraHeaders of [['Bad Header: x'], ['X-Inject: a\r\nVia: evil'], ['X-Break:\nVia: evil'], ['Via: evil'], 'X-A: 1']) {
      expect(codeOf(() => normalizeSettings({ extraHeaders: extraHeaders as string[] })), JSON.stringify(extraHeaders)).to.equal('config/invalid-header');
    }
    expect(codeOf(() => normalizeSettings({ displayName: 'Bob\r\nX-Injected: yes' }))).to.equal('config/invalid-header');
    expect(codeOf(() => normalizeSettings({ authUser: 'bob\r\nX-Injected: yes' }))).to.equal('config/invalid-header');
  });

  it('clamps durations to what setTimeout honours (a longer delay would fire at once)', () => {
    for (const name of ['connectTimeout', 'iceGatheringTimeout'] as const) {
      expect(normalizeSetting({ [name]: 2 ** 40 }, name), name).to.equal(MAX_TIMER_MS);
      expect(normalizeSetting({ [name]: Infinity }, name), name).to.equal(SETTINGS[name].default);
    }
    expect(normalizeSetting({ noAnswerTimeout: 2 ** 40 }, 'noAnswerTimeout')! * 1000).to.be.at.most(MAX_TIMER_MS);
    // Unset (or unusable), the provider's own default applies.
    for (const unset of [undefined, null, NaN, -1]) expect(normalizeSetting({ noAnswerTimeout: unset as number }, 'noAnswerTimeout')).to.equal(undefined);
    expect(normalizeSetting({ noAnswerTimeout: 0 }, 'noAnswerTimeout')).to.equal(0);
    const quality = normalizeSetting({ quality: { intervalMs: 2 ** 40, reportIntervalMs: 0 } }, 'quality');
    expect(quality).to.deep.equal({ intervalMs: MAX_TIMER_MS, reportIntervalMs: 100 });
  });

  it('has a value for every setting, and throws the CallError of an unusable one', () => {
    expect(Object.keys(normalizeSettings({}))).to.have.members(SETTING_NAMES);
    let error: unknown;
    try {
      normalizeSettings({ iceServers: '[{"urls":' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CallError);
    expect((error as CallError).code).to.equal('config/invalid-ice-servers');
  });

  it('restarts only for a changed signalling setting, an absent one counting as its default', () => {
    const base = { server: 'wss://x', user: 'alice' };
    expect(restartNeeded(base, { ...base, user: 'bob' })).to.equal(true);
    expect(restartNeeded(base, { ...base, password: 'secret' })).to.equal(true);
    expect(restartNeeded(base, { ...base, video: true, autoAnswer: true, tones: false, releaseOnPageHide: false })).to.equal(false);
    expect(restartNeeded(base, { ...base, connectTimeout: SETTINGS.connectTimeout.default })).to.equal(false);
  });
});

/** What a normalised value of each kind of setting must be, whatever it was given. */
function expectNormalized(name: SettingName, value: unknown): void {
  const spec = SETTINGS[name];
  if (name === 'noAnswerTimeout' && value === undefined) return; // unset: the provider's own default
  if (spec.kind === 'number') {
    expect(value, name).to.be.a('number');
    expect(Number.isFinite(value) && (value as number) >= 0, `${name}: ${String(value)}`).to.equal(true);
    if (name === 'sdkAppId') expect(Number.isInteger(value) && (value as number) <= 0xffffffff, name).to.equal(true);
    else expect((value as number) * (name === 'noAnswerTimeout' ? 1000 : 1), name).to.be.at.most(MAX_TIMER_MS);
  } else if (spec.kind === 'boolean') {
    expect(value, name).to.be.a('boolean');
  } else if (name === 'iceServers') {
    expect(value, name).to.be.an('array');
  } else if (name === 'extraHeaders') {
    expect(value, name).to.be.an('array');
    for (const line of value as unknown[]) expect(line).to.be.a('string').and.not.match(/[\r\n\0]/);
  } else if (name === 'quality') {
    if (value !== false) {
      const { intervalMs = 1000, reportIntervalMs = 3000 } = value as { intervalMs?: number; reportIntervalMs?: number };
      for (const ms of [intervalMs, reportIntervalMs]) expect(ms, name).to.be.within(100, MAX_TIMER_MS);
    }
  } else if (name === 'pushNotification') {
    for (const [key, text] of Object.entries(value as object)) {
      expect(['title', 'description'], name).to.include(key);
      expect(text, name).to.be.a('string').with.length.at.most(128);
    }
  } else if (name === 'camera') {
    for (const figure of Object.values(value as object)) expect(Number.isFinite(figure) && figure > 0, name).to.equal(true);
  } else if (spec.kind === 'text') {
    if (value !== undefined) expect(value, name).to.be.a('string');
    if (name === 'displayName' || name === 'authUser') expect(value ?? '', name).not.to.match(/[\x00-\x1f\x7f]/);
  }
}

describe('settings table, fuzzed (fast-check)', () => {
  const CODES = ['config/invalid-header', 'config/invalid-ice-servers'] as const;

  for (const name of SETTING_NAMES) {
    it(`${name}: any value normalises to a valid one or a typed CallError (${RUNS} runs)`, () => {
      const kindValue = SETTINGS[name].kind === 'number' ? fc.oneof(fc.double(), fc.integer(), fc.constant(2 ** 31)) : anyText;
      fc.assert(
        fc.property(fc.oneof(anyValue, kindValue), (value) => {
          validOrTyped(() => normalizeSetting({ [name]: value } as ControllerSettings, name), CODES, (normalized) => expectNormalized(name, normalized));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it(`whole settings objects: normalised or a typed CallError, and the restart decision never throws (${RUNS} runs)`, () => {
    const settings = fc.dictionary(fc.constantFrom(...SETTING_NAMES), anyValue) as fc.Arbitrary<ControllerSettings>;
    fc.assert(
      fc.property(settings, settings, (a, b) => {
        validOrTyped(() => normalizeSettings(a), CODES, (config) => {
          for (const name of SETTING_NAMES) expectNormalized(name, config[name]);
        });
        expect(restartNeeded(a, b)).to.be.a('boolean');
      }),
      { numRuns: RUNS },
    );
  });
});
