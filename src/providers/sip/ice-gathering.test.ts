import { expect } from '@open-wc/testing';
import { earlyIceReady, expectedCandidates } from './ice-gathering.js';
import { IceServerHealth } from './ice-server-health.js';

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

/** A peer connection as far as IceServerHealth looks at it: gathering state and icecandidate events. */
class FakePc extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'new';
  gather(state: RTCIceGatheringState) {
    this.iceGatheringState = state;
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }
  candidate(type: string, url?: string) {
    const event = Object.assign(new Event('icecandidate'), { candidate: { type, candidate: `candidate:1 1 udp 1 127.0.0.1 5000 typ ${type}`, url } });
    this.dispatchEvent(event);
  }
}
const asPc = (pc: FakePc) => pc as unknown as RTCPeerConnection;

describe('learning which ICE servers answer', () => {
  const dead = { urls: 'stun:127.0.0.1:9' };
  const live = { urls: 'stun:stun.example.org:3478' };
  const turn = { urls: ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp'], username: 'u', credential: 'c' };

  it('expects every configured server until a gathering says otherwise', () => {
    const health = new IceServerHealth();
    expect(health.expectation([dead, live, turn])).to.deep.equal(expectedCandidates([dead, live, turn]));
  });

  it('stops waiting for a server that gave nothing within the window, and keeps waiting for those that answered', async () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    health.watch(asPc(pc), [dead, live, turn], 'all', 40);
    pc.gather('gathering');
    pc.candidate('host');
    pc.candidate('srflx', 'stun:stun.example.org:3478');
    pc.candidate('relay', 'turn:127.0.0.1:3478?transport=udp');
    expect(health.expectation([dead, live, turn]), 'judged only when the window closes').to.deep.equal({ srflx: 2, relay: 1 });
    await sleep(80);
    expect(health.expectation([dead, live, turn])).to.deep.equal({ srflx: 1, relay: 1 });
    expect(health.skipped(['stun:127.0.0.1:9'], 'srflx')).to.equal(true);
    expect(health.skipped(turn.urls, 'relay')).to.equal(false);
  });

  it('judges a round when gathering completes, before the window', () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    health.watch(asPc(pc), [dead], 'all', 10_000);
    pc.gather('gathering');
    pc.candidate('host');
    pc.gather('complete');
    expect(health.expectation([dead])).to.deep.equal({ srflx: 0, relay: 0 });
  });

  it('waits for a skipped server again as soon as it answers in a later gathering', async () => {
    const health = new IceServerHealth();
    const first = new FakePc();
    health.watch(asPc(first), [dead], 'all', 20);
    first.gather('gathering');
    await sleep(40);
    expect(health.expectation([dead])).to.deep.equal({ srflx: 0, relay: 0 });
    // The next call still asks the server (it stays configured); its answer re-includes it.
    const second = new FakePc();
    health.watch(asPc(second), [dead], 'all', 20);
    second.gather('gathering');
    second.candidate('srflx', 'STUN:127.0.0.1:9');
    await sleep(40);
    expect(health.expectation([dead])).to.deep.equal({ srflx: 1, relay: 0 });
  });

  it('an ICE restart is a round of its own', async () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    health.watch(asPc(pc), [live], 'all', 20);
    pc.gather('gathering');
    pc.candidate('srflx', 'stun:stun.example.org:3478');
    pc.gather('complete');
    pc.gather('gathering'); // restart: no srflx this time
    await sleep(40);
    expect(health.expectation([live])).to.deep.equal({ srflx: 0, relay: 0 });
  });

  it('learns nothing from candidates without a url (a browser that does not say)', async () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    health.watch(asPc(pc), [dead, live], 'all', 20);
    pc.gather('gathering');
    pc.candidate('srflx');
    await sleep(40);
    expect(health.expectation([dead, live])).to.deep.equal({ srflx: 2, relay: 0 });
  });

  it('with policy relay, tracks TURN only', async () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    health.watch(asPc(pc), [dead, turn], 'relay', 20);
    pc.gather('gathering');
    pc.candidate('relay', 'turn:127.0.0.1:3478?transport=tcp');
    await sleep(40);
    expect(health.expectation([dead, turn], 'relay')).to.deep.equal({ srflx: 0, relay: 1 });
    expect(health.expectation([dead, turn]), 'the STUN entry was never judged').to.deep.equal({ srflx: 1, relay: 1 });
  });

  it('a stopped watch judges nothing', async () => {
    const health = new IceServerHealth();
    const pc = new FakePc();
    const stop = health.watch(asPc(pc), [dead], 'all', 20);
    pc.gather('gathering');
    stop();
    await sleep(40);
    expect(health.expectation([dead])).to.deep.equal({ srflx: 1, relay: 0 });
  });

  it('with the learned expectation, the early listener sends at once when only a dead server is configured', () => {
    const health = new IceServerHealth();
    // After one missed round (as above): nothing to wait for but a host candidate.
    const pc = new FakePc();
    health.watch(asPc(pc), [dead], 'all', 10_000);
    pc.gather('gathering');
    pc.gather('complete');
    let ready = 0;
    const listener = earlyIceReady(health.expectation([dead]), 5000);
    listener({ candidate: candidate('host'), ready: () => ready++ });
    expect(ready).to.equal(1);
  });
});
