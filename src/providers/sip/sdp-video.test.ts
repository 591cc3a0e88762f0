import { expect } from '@open-wc/testing';
import { sdpOffersVideo, sdpSendsVideo } from './sdp-video.js';

const session = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const audio = 'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n';

describe('SDP video helpers', () => {
  it('sees offered video only with a non-zero port', () => {
    expect(sdpOffersVideo(session + audio + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\n')).to.equal(true);
    expect(sdpOffersVideo(session + audio + 'm=video 0 UDP/TLS/RTP/SAVPF 96\r\n')).to.equal(false);
    expect(sdpOffersVideo(session + audio)).to.equal(false);
  });

  it('reads whether the author sends video from the section or session direction', () => {
    expect(sdpSendsVideo(session + audio + 'm=video 9 RTP/SAVPF 96\r\na=sendrecv\r\n')).to.equal(true);
    expect(sdpSendsVideo(session + audio + 'm=video 9 RTP/SAVPF 96\r\na=sendonly\r\n')).to.equal(true);
    expect(sdpSendsVideo(session + audio + 'm=video 9 RTP/SAVPF 96\r\na=recvonly\r\n')).to.equal(false);
    expect(sdpSendsVideo(session + audio + 'm=video 9 RTP/SAVPF 96\r\na=inactive\r\n')).to.equal(false);
    expect(sdpSendsVideo(session + audio + 'm=video 0 RTP/SAVPF 96\r\na=sendrecv\r\n')).to.equal(false);
    expect(sdpSendsVideo(session + 'a=recvonly\r\n' + 'm=video 9 RTP/SAVPF 96\r\n')).to.equal(false);
    expect(sdpSendsVideo(session + 'm=video 9 RTP/SAVPF 96\r\n')).to.equal(true);
  });
});
