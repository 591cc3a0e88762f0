import { expect } from '@open-wc/testing';
import { CallError } from '../../base/errors.js';
import { validateServerUrl, validateSipConfig, validateUser } from './sip-config.js';
import { codeOf } from '../../../test/harness/error-code.js';

describe('SIP config validation', () => {
  it('accepts ws and wss server URLs and rejects others with config/invalid-server', () => {
    expect(validateServerUrl(' wss://pbx.example.com/ws ')).to.equal('wss://pbx.example.com/ws');
    expect(validateServerUrl('ws://127.0.0.1:5062/sip')).to.equal('ws://127.0.0.1:5062/sip');
    for (const bad of ['', 'pbx.example.com', 'http://pbx.example.com', 'wss//x', undefined]) {
      expect(codeOf(() => validateServerUrl(bad)), String(bad)).to.equal('config/invalid-server');
    }
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
