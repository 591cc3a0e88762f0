import { expect } from '@open-wc/testing';
import { offerDtlsClient } from './dtls-role.js';

const offer = (setup: string) =>
  'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' +
  `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:${setup}\r\na=mid:0\r\n` +
  `m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=setup:${setup}\r\na=mid:1\r\n`;

describe('offerDtlsClient', () => {
  it('asks to be the DTLS client in every media section of an actpass offer', () => {
    expect(offerDtlsClient(offer('actpass'))).to.equal(offer('active'));
  });

  it('leaves a role already chosen alone', () => {
    expect(offerDtlsClient(offer('passive'))).to.equal(offer('passive'));
    expect(offerDtlsClient(offer('active'))).to.equal(offer('active'));
  });
});
