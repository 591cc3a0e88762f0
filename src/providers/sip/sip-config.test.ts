import { expect } from '@open-wc/testing';
import { CallError } from '../../base/errors.js';
import { serverUrls, validateServerUrl, validateSipConfig, validateUser } from './sip-config.js';
import { domainOf } from './uri.js';
import { codeOf } from '../../../test/harness/error-code.js';

describe('SIP config validation', () => {
  it('accepts ws and wss server URLs and rejects others with config/invalid-server', () => {
    expect(validateServerUrl(' wss://pbx.example.com/ws ')).to.equal('wss://pbx.example.com/ws');
    expect(validateServerUrl('ws://127.0.0.1:5062/sip')).to.equal('ws://127.0.0.1:5062/sip');
    for (const bad of ['', 'pbx.example.com', 'http://pbx.example.com', 'wss//x', undefined]) {
      expect(codeOf(() => validateServerUrl(bad)), String(bad)).to.equal('config/invalid-server');
    }
  });

  it('accepts several servers separated by commas, in order, and names the first bad one', () => {
    expect(validateServerUrl(' ws://127.0.0.2:8088 ,wss://b.example.com/ws, ')).to.equal('ws://127.0.0.2:8088, wss://b.example.com/ws');
    expect(serverUrls('ws://a:1, ws://b:2')).to.deep.equal(['ws://a:1', 'ws://b:2']);
    expect(domainOf('ws://a.example.com:1, ws://b.example.com:2'), 'the SIP domain: the first server').to.equal('a.example.com');
    let error: CallError | undefined;
    try {
      validateServerUrl('wss://a.example.com/ws, https://user:secret@b.example.com/ws?token=abc');
    } catch (e) {
      error = e as CallError;
    }
    expect(error?.code).to.equal('config/invalid-server');
    expect(error?.message).to.match(/^Invalid server "https:\/\/b\.example\.com\/ws"/);
    expect(error?.message).to.not.include('secret');
    const nine = Array.from({ length: 9 }, (_, i) => `wss://n${i}.example.com/ws`).join(',');
    expect(codeOf(() => validateServerUrl(nine))).to.equal('config/invalid-server');
    expect(codeOf(() => validateServerUrl(', ,'))).to.equal('config/invalid-server');
  });

  it('accepts user names and SIP URIs and rejects empty or spaced ones with config/invalid-user', () => {
    expect(validateUser(' alice ')).to.equal('alice');
    expect(validateUser('sip:alice@example.com')).to.equal('sip:alice@example.com');
    for (const bad of ['', '   ', 'al ice', undefined]) {
      expect(codeOf(() => validateUser(bad)), String(bad)).to.equal('config/invalid-user');
    }
  });

  it('bounds what it accepts and what its messages repeat: no huge value, no query or credentials', () => {
    const huge = `wss://pbx.example.com/ws?token=${'x'.repeat(1_000_000)}`;
    let message = '';
    try {
      validateServerUrl(huge);
    } catch (e) {
      message = (e as CallError).message;
    }
    expect(message).to.match(/^Invalid server "wss:\/\/pbx\.example\.com\/ws": use a WebSocket URL \(at most 2048 characters\)/);
    expect(message.length).to.be.below(200);
    try {
      validateServerUrl('https://user:secret@pbx.example.com/ws?token=abc');
    } catch (e) {
      message = (e as CallError).message;
    }
    expect(message).to.not.match(/secret|token|abc/);
    expect(codeOf(() => validateUser('a'.repeat(257)))).to.equal('config/invalid-user');
    expect(validateUser('a'.repeat(256))).to.have.length(256);
  });

  it('checks the server before the user, naming the attribute', () => {
    let error: CallError | undefined;
    try {
      validateSipConfig({ server: 'pbx.example.com', user: '' });
    } catch (e) {
      error = e as CallError;
    }
    expect(error?.code).to.equal('config/invalid-server');
    expect(error?.attribute).to.equal('server');
    expect(codeOf(() => validateSipConfig({ server: 'wss://x', user: '' }))).to.equal('config/invalid-user');
    expect(codeOf(() => validateSipConfig({ server: 'wss://x', user: 'alice' }))).to.equal(undefined);
  });
});
