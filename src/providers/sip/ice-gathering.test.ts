import { expect } from '@open-wc/testing';
import { earlyIceReady, expectedCandidates } from './ice-gathering.js';

const candidate = (type: string) => ({ type, candidate: `candidate:1 1 udp 1 127.0.0.1 5000 typ ${type}` }) as RTCIceCandidate;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('early ICE policy', () => {
  it('expects one srflx per STUN server and one relay per TURN server', () => {
    expect(expectedCandidates([])).to.deep.equal({ srflx: 0, relay: 0 });
    expect(
      expectedCandidates([
        { urls: 'stun:a' },
        { urls: ['stun:b', 'stun:b2'] },
        { urls: 'turn:t', username: 'u', credential: 'c' },
      ]),
    ).to.deep.equal({ srflx: 2, relay: 1 });
    expect(expectedCandidates([{ urls: 'stun:a' }, { urls: 'turn:t', username: 'u', credential: 'c' }], 'relay')).to.deep.equal({
      srflx: 0,
      relay: 1,
    });
  });

  it('sends on the first host candidate when no server is configured', () => {
    let ready = 0;
    const listener = earlyIceReady({ srflx: 0, relay: 0 }, 500);
    const fire = () => ready++;
    listener({ candidate: candidate('host'), ready: fire });
    expect(ready).to.equal(1);
    listener({ candidate: candidate('host'), ready: fire });
    expect(ready, 'only once per round').to.equal(1);
  });

  it('waits for the srflx and relay candidates it expects', () => {
    let ready = 0;
    const fire = () => ready++;
    const listener = earlyIceReady({ srflx: 1, relay: 1 }, 5000);
    listener({ candidate: candidate('host'), ready: fire });
    listener({ candidate: candidate('srflx'), ready: fire });
    expect(ready).to.equal(0);
    listener({ candidate: candidate('relay'), ready: fire });
    expect(ready).to.equal(1);
  });

  it('gives up waiting after the cap when a server does not answer', async () => {
    let ready = 0;
    const listener = earlyIceReady({ srflx: 1, relay: 0 }, 60);
    listener({ candidate: candidate('host'), ready: () => ready++ });
    expect(ready).to.equal(0);
    await sleep(120);
    expect(ready).to.equal(1);
  });

  it('treats a new ready function as a new gathering round', () => {
    const calls: string[] = [];
    const listener = earlyIceReady({ srflx: 0, relay: 0 }, 500);
    listener({ candidate: candidate('host'), ready: () => calls.push('first') });
    listener({ candidate: candidate('host'), ready: () => calls.push('second') });
    expect(calls).to.deep.equal(['first', 'second']);
  });
});
