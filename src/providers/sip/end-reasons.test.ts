import { expect } from '@open-wc/testing';
import { mapSessionEnd } from './end-reasons.js';
import { targetToSipUri, toSipUri } from './uri.js';

describe('SIP end reasons', () => {
  const table: [Parameters<typeof mapSessionEnd>[0], 'ended' | 'failed', string, string][] = [
    [{ originator: 'remote', cause: 'Terminated' }, 'ended', 'remote-hangup', 'remote'],
    [{ originator: 'local', cause: 'Terminated' }, 'ended', 'local-hangup', 'local'],
    [{ originator: 'remote', cause: 'Busy', message: { status_code: 486 } }, 'failed', 'busy', 'remote'],
    [{ originator: 'remote', cause: 'Rejected', message: { status_code: 603 } }, 'failed', 'rejected', 'remote'],
    [{ originator: 'remote', cause: 'Not Found', message: { status_code: 404 } }, 'failed', 'not-found', 'remote'],
    [{ originator: 'remote', cause: 'Unavailable', message: { status_code: 480 } }, 'failed', 'unavailable', 'remote'],
    [{ originator: 'remote', cause: 'Unavailable', message: { status_code: 408 } }, 'failed', 'no-answer', 'remote'],
    [{ originator: 'remote', cause: 'Canceled' }, 'failed', 'cancelled', 'remote'],
    [{ originator: 'system', cause: 'Connection Error' }, 'failed', 'network', 'system'],
    [{ originator: 'remote', cause: 'Incompatible SDP', message: { status_code: 488 } }, 'failed', 'media', 'remote'],
    [{ originator: 'remote', cause: 'SIP Failure Code', message: { status_code: 500 } }, 'failed', 'failed', 'remote'],
  ];
  for (const [event, phase, reason, endedBy] of table) {
    it(`${phase} ${event.cause} ${event.message?.status_code ?? ''} → ${reason}`, () => {
      const end = mapSessionEnd(event, phase);
      expect(end.reason).to.equal(reason);
      expect(end.endedBy).to.equal(endedBy);
      expect(end.rawCause).to.equal(event.cause);
      expect(end.statusCode).to.equal(event.message?.status_code);
    });
  }
});

describe('SIP URIs', () => {
  it('builds URIs from users, addresses and numbers', () => {
    expect(toSipUri('alice', 'wss://pbx.example.com:8443/ws')).to.equal('sip:alice@pbx.example.com');
    expect(toSipUri('alice@other.org', 'wss://pbx.example.com/ws')).to.equal('sip:alice@other.org');
    expect(toSipUri('sip:bob@x.org', 'wss://pbx.example.com/ws')).to.equal('sip:bob@x.org');
    expect(targetToSipUri('+1 (555) 010-9999', 'wss://pbx.example.com/ws')).to.equal('sip:+15550109999@pbx.example.com');
  });
});
