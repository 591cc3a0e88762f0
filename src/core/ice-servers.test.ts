import { expect } from '@open-wc/testing';
import type { CallError } from './errors.js';
import { parseIceServers } from './ice-servers.js';

describe('ICE servers', () => {
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
});
