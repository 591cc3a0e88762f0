import { expect } from '@open-wc/testing';
import { CallError } from './errors.js';
import { SETTINGS, SETTING_NAMES, normalizeSettings, restartNeeded } from './settings.js';

describe('settings table', () => {
  it('normalises with the defaults and drops unsafe extra headers', () => {
    const config = normalizeSettings({
      server: ' wss://pbx.example.com/ws ',
      user: 'alice',
      extraHeaders: ['X-Data: 42', 'Bad Header: x', 'X-Inject: a\r\nVia: evil', 'X-Break:\nVia: evil'],
    });
    expect(config.server).to.equal('wss://pbx.example.com/ws');
    expect(config.provider).to.equal('sip');
    expect(config.iceServers).to.deep.equal([]);
    expect(config.iceTransportPolicy).to.equal('all');
    expect(config.iceGatheringTimeout).to.equal(500);
    expect(config.connectTimeout).to.equal(4000);
    expect(config.noAnswerTimeout).to.equal(60);
    expect(config.dtmfTransport).to.equal('rfc4733');
    expect(config.register).to.equal(true);
    expect(config.displayName).to.equal(undefined);
    expect(config.password).to.equal(undefined);
    expect(config.extraHeaders).to.deep.equal(['X-Data: 42']);
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
