import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyText, anyValue, validOrTyped } from '../../test/harness/fuzz.js';
import type { CallError } from '../base/errors.js';
import { parseIceServers } from './ice-servers.js';

function errorOf(value: unknown): CallError | undefined {
  try {
    parseIceServers(value as string);
  } catch (e) {
    return e as CallError;
  }
  return undefined;
}

describe('ICE servers', () => {
  it('parses ICE servers from JSON, an object, or a list of URLs', () => {
    expect(parseIceServers('[{"urls":"stun:a.example:3478"}]')).to.deep.equal([{ urls: 'stun:a.example:3478' }]);
    expect(parseIceServers('{"urls":["stun:a","stun:b"]}')).to.deep.equal([{ urls: ['stun:a', 'stun:b'] }]);
    expect(parseIceServers('stun:a.example, stun:b.example')).to.deep.equal([{ urls: 'stun:a.example' }, { urls: 'stun:b.example' }]);
    expect(parseIceServers([{ urls: 'turn:[::1]:3478?transport=tcp', username: 'u', credential: 'c' }])).to.deep.equal([
      { urls: 'turn:[::1]:3478?transport=tcp', username: 'u', credential: 'c' },
    ]);
    expect(parseIceServers('')).to.deep.equal([]);
    expect(parseIceServers(undefined)).to.deep.equal([]);
  });

  it('keeps only the fields a browser reads', () => {
    const [server] = parseIceServers([{ urls: 'stun:a', extra: { deep: 1 } } as RTCIceServer]);
    expect(server).to.deep.equal({ urls: 'stun:a' });
  });

  it('rejects malformed ICE servers with config/invalid-ice-servers naming the attribute', () => {
    const bad = ['[{"urls":', '[{"url":"stun:x"}]', '[{"urls":"http://x"}]', '[{"urls":"turn:x"}]', '[1]', '[[]]', '[{"urls":"stun:"}]', '[{"urls":"stun:x?transport=udp"}]', '[{"urls":"turn:x:99999","username":"u","credential":"c"}]', '[{"urls":"stun:x","username":5}]'];
    for (const value of bad) {
      const error = errorOf(value);
      expect(error?.code, value).to.equal('config/invalid-ice-servers');
      expect(error?.attribute).to.equal('ice-servers');
      expect(error?.message).to.contain('Example');
    }
  });

  it('rejects a port Firefox blocks (SIP 5060, SMTP 25, …) in every engine, before any call', () => {
    for (const urls of ['stun:stun.example.com:5060', 'turn:[::1]:25?transport=tcp', 'turns:1.2.3.4:6667']) {
      const error = errorOf([{ urls: ['stun:ok.example:3478', urls], username: 'u', credential: 'c' }]);
      expect(error?.code, urls).to.equal('config/invalid-ice-servers');
      expect(error?.message).to.contain('port');
    }
    expect(parseIceServers('stun:5060, stun:a.example:53, stun:[::1]:443')).to.have.length(3);
  });

  it('rejects stuns: (Firefox refuses it, Chromium reads it as stun:) in every engine', () => {
    expect(errorOf('stuns:stun.example.com:5349')?.code).to.equal('config/invalid-ice-servers');
    expect(errorOf('stuns:stun.example.com:5349')?.message).to.contain('not stuns:');
  });

  it('never echoes the input (TURN credentials) in the message or the cause', () => {
    const secret = 'turn-secret-4f9a';
    for (const value of [
      `[{"urls":"turn:t.example:3478","username":"u","credential":"${secret}"`,
      `[{"urls":"turn:t.example:3478","username":"u","credential":"${secret}"},]`,
      `{"urls":"turn:t.example:3478","username":"u","credential":"${secret}" oops}`,
      `[{"urls":"turn:${secret}@t.example","username":"u","credential":"${secret}"}]`,
    ]) {
      const error = errorOf(value);
      expect(error?.code, value).to.equal('config/invalid-ice-servers');
      expect(error?.message).not.to.contain(secret);
      expect(error?.cause, 'no cause to dig it out of').to.equal(undefined);
      expect(JSON.stringify(error)).not.to.contain(secret);
    }
  });

  describe('fuzzed (fast-check)', () => {
    let pc: RTCPeerConnection;
    before(() => (pc = new RTCPeerConnection()));
    after(() => pc.close());

    /** The browser is the judge: what we accept, RTCPeerConnection accepts. */
    function expectBrowserAccepts(servers: RTCIceServer[]): void {
      expect(servers).to.be.an('array');
      pc.setConfiguration({ iceServers: servers });
    }

    const url = fc
      .tuple(
        fc.constantFrom('stun:', 'stuns:', 'turn:', 'turns:', 'STUN:', 'http:', ''),
        fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((ip) => `[${ip}]`), anyText),
        fc.oneof(fc.constant(''), fc.integer({ min: -1, max: 70000 }).map((p) => `:${p}`)),
        fc.constantFrom('', '?transport=udp', '?transport=tcp', '?transport=tls', '?x'),
      )
      .map((parts) => parts.join(''));
    const server = fc.record(
      { urls: fc.oneof(url, fc.array(url, { maxLength: 3 }), anyValue), username: fc.oneof(fc.string(), anyValue), credential: fc.oneof(fc.string(), anyValue) },
      { requiredKeys: ['urls'] },
    );
    const input = fc.oneof(
      fc.array(server, { maxLength: 3 }).map((list) => {
        try {
          return JSON.stringify(list);
        } catch {
          return '[]'; // a bigint somewhere: JSON cannot write it
        }
      }),
      fc.array(server, { maxLength: 3 }),
      fc.array(url, { maxLength: 3 }).map((list) => list.join(' ')),
      fc.json(),
      anyText,
      anyValue,
    );

    it('the judge can say no: the browser refuses what the parser refuses', () => {
      for (const urls of ['stun:', 'turn:x', 'stun:x?transport=udp', 'http://x']) {
        expect(() => pc.setConfiguration({ iceServers: [{ urls }] }), urls).to.throw();
      }
    });

    it(`any input: servers the browser accepts, or config/invalid-ice-servers (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(input, (value) => {
          validOrTyped(() => parseIceServers(value as string), ['config/invalid-ice-servers'], expectBrowserAccepts);
        }),
        { numRuns: RUNS },
      );
    });

    it(`a credential in malformed input never reaches the message (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[A-Za-z0-9]{8,16}$/), fc.nat(80), (credential, cut) => {
          const text = JSON.stringify([{ urls: 'turn:t.example:3478', username: 'u', credential }]);
          const broken = text.slice(0, Math.min(cut, text.length - 1));
          const error = errorOf(broken);
          if (error) expect(error.message).not.to.contain(credential);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
