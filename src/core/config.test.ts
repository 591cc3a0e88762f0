import { expect } from '@open-wc/testing';
import { parseIceServers, toProviderConfig, validateServerUrl } from './config.js';
import { CallError } from './errors.js';
import { normalizeDtmf } from './dtmf.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(CallError);
    return (error as CallError).code;
  }
  return undefined;
}

describe('config validation', () => {
  it('accepts ws and wss server URLs and rejects others with config/invalid-server', () => {
    expect(validateServerUrl(' wss://pbx.example.com/ws ')).to.equal('wss://pbx.example.com/ws');
    expect(validateServerUrl('ws://127.0.0.1:5062/sip')).to.equal('ws://127.0.0.1:5062/sip');
    for (const bad of ['', 'pbx.example.com', 'http://pbx.example.com', 'wss//x', undefined]) {
      expect(codeOf(() => validateServerUrl(bad)), String(bad)).to.equal('config/invalid-server');
    }
  });

  it('parses ICE servers from JSON, an object, or a list of URLs', () => {
    expect(parseIceServers('[{"urls":"stun:a.example:3478"}]')).to.deep.equal([{ urls: 'stun:a.example:3478' }]);
    expect(parseIceServers('{"urls":["stun:a","stun:b"]}')).to.deep.equal([{ urls: ['stun:a', 'stun:b'] }]);
    expect(parseIceServers('stun:a.example, stun:b.example')).to.deep.equal([{ urls: 'stun:a.example' }, { urls: 'stun:b.example' }]);
    expect(parseIceServers('')).to.deep.equal([]);
    expect(parseIceServers(undefined)).to.deep.equal([]);
  });

  it('rejects malformed ICE servers with config/invalid-ice-servers naming the attribute', () => {
    for (const bad of ['[{"urls":', '[{"url":"stun:x"}]', '[{"urls":"http://x"}]', '[{"urls":"turn:x"}]', '[1]']) {
      let error: CallError | undefined;
      try {
        parseIceServers(bad);
      } catch (e) {
        error = e as CallError;
      }
      expect(error?.code, bad).to.equal('config/invalid-ice-servers');
      expect(error?.attribute).to.equal('ice-servers');
      expect(error?.message).to.contain('Example');
    }
  });

  it('builds a provider config with defaults and drops unsafe extra headers', () => {
    const config = toProviderConfig({
      server: 'wss://pbx.example.com/ws',
      user: 'alice',
      extraHeaders: ['X-Data: 42', 'Bad Header: x', 'X-Inject: a\r\nVia: evil'],
    });
    expect(config.iceGatheringTimeout).to.equal(500);
    expect(config.connectTimeout).to.equal(4000);
    expect(config.dtmfTransport).to.equal('rfc4733');
    expect(config.register).to.equal(true);
    expect(config.extraHeaders).to.deep.equal(['X-Data: 42']);
    expect(codeOf(() => toProviderConfig({ server: 'wss://x', user: '' }))).to.equal('config/invalid-user');
  });
});

describe('DTMF validation', () => {
  it('normalises valid tones and rejects anything else with call/invalid-dtmf', () => {
    expect(normalizeDtmf('12 3#*abcd,')).to.equal('123#*ABCD,');
    expect(normalizeDtmf(5)).to.equal('5');
    for (const bad of ['', 'x', '12E', '<b>', '1;2', null]) {
      expect(codeOf(() => normalizeDtmf(bad)), String(bad)).to.equal('call/invalid-dtmf');
    }
  });
});
