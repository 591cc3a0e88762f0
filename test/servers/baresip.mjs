// baresip as a desk-phone-class SIP client for the end-to-end suite: registers to Kamailio over
// UDP from 127.0.0.1, plain RTP/AVP with G.711 (Opus on request), a 440 Hz sine (ausine) as microphone,
// what it hears dumped to WAV files (sndfile), driven over ctrl_tcp (netstring JSON) whose
// events (call states, received DTMF) are kept for the tests to read.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, waitForTcp } from './processes.mjs';
import { KAMAILIO } from './kamailio.mjs';

/** baresip's ports: SIP/UDP, ctrl_tcp, RTP range (rtpengine uses 40000-40999). */
export const BARESIP = { sipPort: 5090, ctrlPort: 4444, rtpPorts: '41000-41999' };

function config({ sound, opus }) {
  return `# written by test/servers/baresip.mjs
poll_method		epoll
sip_listen		127.0.0.1:${BARESIP.sipPort}
call_local_timeout	120
call_max_calls		4
audio_source		ausine,440
audio_player		aubridge,nil
audio_alert		aubridge,nil
ausrc_srate		48000
ausrc_channels		2
auplay_srate		48000
auplay_channels		2
audio_level		no
rtp_ports		${BARESIP.rtpPorts}
rtcp_mux		no
jitter_buffer_delay	5-10
rtp_stats		no
net_interface		127.0.0.1
module_path		/usr/lib/baresip/modules
module			g711.so
${opus ? 'module\t\t\topus.so\n' : ''}module			sndfile.so
module			ausine.so
module			aubridge.so
module_tmp		account.so
module_app		menu.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:${BARESIP.ctrlPort}
snd_path		${sound}
opus_bitrate		28000
`;
}

/** A netstring JSON client for ctrl_tcp: commands answered by token, events kept in order. */
function control(port) {
  const socket = connect(port, '127.0.0.1');
  const events = [];
  const pending = new Map();
  let buffer = Buffer.alloc(0);
  let token = 1;
  socket.on('data', (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) return;
      const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString());
      buffer = buffer.subarray(colon + 1 + length + 1);
      if (message.event) events.push({ ...message, at: Date.now() });
      else if (message.response && pending.has(message.token)) {
        pending.get(message.token)(message);
        pending.delete(message.token);
      }
    }
  });
  const ready = new Promise((resolvePromise, reject) => {
    socket.once('connect', resolvePromise);
    socket.once('error', reject);
  });
  return {
    events,
    ready,
    send(command, params = '') {
      const id = String(token++);
      const json = Buffer.from(JSON.stringify({ command, params, token: id }));
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`baresip did not answer "${command}"`));
        }, 5000);
        pending.set(id, (message) => {
          clearTimeout(timer);
          resolvePromise({ ok: message.ok, data: message.data });
        });
        socket.write(Buffer.concat([Buffer.from(`${json.length}:`), json, Buffer.from(',')]));
      });
    },
    close: () => socket.destroy(),
  };
}

/** The PCM samples (16-bit) of a WAV file as written so far (the header may not be final). */
function samples(file) {
  const data = readFileSync(file);
  const at = data.indexOf('data', 12);
  const start = at < 0 ? 44 : at + 8;
  const channels = data.readUInt16LE(22);
  const rate = data.readUInt32LE(24);
  const pcm = data.subarray(start, start + Math.floor((data.length - start) / 2) * 2);
  return { rate, channels, pcm: new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.length)) };
}

/**
 * Starts baresip registered as `user` through Kamailio (UDP), with G.711 (PCMU, PCMA) and, when
 * `opus`, Opus too (offered first by browsers, so then chosen). Resolves with
 * `{ user, send, events, recording, stop }` once the registration succeeded.
 */
export async function startBaresip({ user, opus = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  const sound = join(dir, 'sound');
  mkdirSync(sound);
  writeFileSync(join(dir, 'config'), config({ sound, opus }));
  writeFileSync(join(dir, 'accounts'), `<sip:${user}@${KAMAILIO.udpAddress};transport=udp>;regint=600;answermode=manual;ptime=20\n`);
  writeFileSync(join(dir, 'contacts'), '');
  const proc = startProcess(opus ? 'baresip-opus' : 'baresip', '/usr/bin/baresip', ['-f', dir, '-4'], { cwd: dir });
  let log = '';
  proc.child.stdout.on('data', (data) => (log = (log + String(data)).slice(-200_000)));
  proc.child.stderr.on('data', (data) => (log = (log + String(data)).slice(-200_000)));
  const exited = proc.exited.then(({ code }) => {
    throw new Error(`baresip exited (code ${code}): ${log.slice(-800)}`);
  });
  exited.catch(() => undefined);
  await Promise.race([waitForTcp(BARESIP.ctrlPort), exited]);
  const ctrl = control(BARESIP.ctrlPort);
  await ctrl.ready;
  const end = Date.now() + 10_000;
  while (!ctrl.events.some((e) => e.type === 'REGISTER_OK') && !/200 OK/.test(log)) {
    if (ctrl.events.some((e) => e.type === 'REGISTER_FAIL') || Date.now() > end) {
      await proc.stop();
      throw new Error(`baresip could not register ${user}: ${log.slice(-800)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    user,
    uri: `sip:${user}@127.0.0.1:${BARESIP.sipPort}`,
    events: ctrl.events,
    send: ctrl.send,
    /** What baresip logged (its stdout/stderr), the last 200 kB. */
    log: () => log,
    /**
     * What the phone heard: the newest decoded-audio dump (`*-dec.wav`), its length in seconds
     * and the RMS (0–1) of the samples after `fromSeconds` (the whole file by default).
     */
    recording(fromSeconds = 0) {
      const files = readdirSync(sound).filter((f) => f.endsWith('-dec.wav'))
        .map((f) => join(sound, f)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
      const file = files.at(-1);
      if (!file) return { file: null, seconds: 0, rms: 0, files: 0 };
      const { rate, channels, pcm } = samples(file);
      const from = Math.min(pcm.length, Math.floor(fromSeconds * rate) * channels);
      let sum = 0;
      for (let i = from; i < pcm.length; i++) sum += (pcm[i] / 32768) ** 2;
      const count = pcm.length - from;
      let peak = 0;
      for (let i = from; i < pcm.length; i++) peak = Math.max(peak, Math.abs(pcm[i]));
      return { file, files: files.length, rate, channels, seconds: pcm.length / channels / rate, rms: count ? Math.sqrt(sum / count) : 0, peak: peak / 32768 };
    },
    async stop() {
      try {
        await ctrl.send('quit');
      } catch {
        // already gone
      }
      ctrl.close();
      const timer = setTimeout(() => void proc.stop(), 2000);
      await proc.exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
