#!/usr/bin/env node
// What each browser engine on this machine can do for calls, measured, not read from a table:
// Chromium and Firefox through puppeteer-core, WebKitGTK (MiniBrowser) through WebKitWebDriver
// under Xvfb, each with the suite's launch options and fake devices (test/harness/engines.mjs).
// Backs the README's browser matrix.
//
//   node scripts/probe-engines.mjs            a table: feature x engine (as root: inside a
//                                             loopback-only network namespace, as the suite)
//   node scripts/probe-engines.mjs --json     the raw results
//
// Each probe runs in a page served from 127.0.0.1 and does the real thing: a WebSocket echo, a
// capture from the fake devices, a call between two peer connections in the page with audio
// energy and decoded video frames measured at the receiver, DTMF, a recording, a capture
// stream, a Web Audio graph, setSinkId on a listed output. "missing" means the API is absent;
// "failed: ..." that it exists but did not work.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { puppeteerCore } from '@web/test-runner-chrome';
import { WEBKIT_DRIVER, chromiumArgs, chromiumPath, firefoxLaunchOptions } from '../test/harness/engines.mjs';
import { startWebKit } from '../test/harness/webkit-launcher.mjs';

const json = process.argv.includes('--json');

// As the suite: inside a loopback-only network namespace when root.
if (process.getuid?.() === 0 && process.env.PROBE_NETNS !== '1' && spawnSync('unshare', ['-n', 'true']).status === 0) {
  const child = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${import.meta.filename}" ${process.argv.slice(2).join(' ')}`], {
    stdio: 'inherit',
    env: { ...process.env, PROBE_NETNS: '1' },
  });
  process.exit(child.status ?? 1);
}
const netns = process.env.PROBE_NETNS === '1';

/** The probe, run in the page; resolves with { feature: { ok, detail } }. */
const PROBE = String.raw`async (wsUrl) => {
  const results = {};
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const timeout = (p, ms, what) => Promise.race([p, sleep(ms).then(() => { throw new Error(what + ': timed out'); })]);
  async function probe(name, fn) {
    try { results[name] = { ok: true, ...(await timeout(fn(), 15000, name)) }; }
    catch (e) { results[name] = { ok: false, detail: String(e?.message ?? e) }; }
  }
  const missing = (what) => { throw new Error('missing: ' + what); };
  const media = navigator.mediaDevices;
  await probe('WebSocket', async () => {
    const ws = new WebSocket(wsUrl, 'sip');
    const echoed = await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send('ping');
      ws.onmessage = (e) => resolve(e.data);
      ws.onerror = () => reject(new Error('failed: connection error'));
    });
    ws.close();
    if (echoed !== 'ping') throw new Error('failed: echo ' + echoed);
    return { detail: 'echo over ws://127.0.0.1, subprotocol ' + ws.protocol };
  });
  const before = media?.enumerateDevices ? await media.enumerateDevices() : [];
  let stream;
  await probe('getUserMedia', async () => {
    if (!media?.getUserMedia) missing('navigator.mediaDevices.getUserMedia');
    stream = await media.getUserMedia({ audio: true, video: true });
    return { detail: stream.getTracks().map((t) => t.kind + ': ' + t.label).join(', ') };
  });
  await probe('enumerateDevices', async () => {
    const after = await media.enumerateDevices();
    const count = (list) => ['audioinput', 'videoinput', 'audiooutput'].map((k) => list.filter((d) => d.kind === k).length).join('/');
    return { detail: 'in/cam/out before permission ' + count(before) + ' (labels ' + (before.some((d) => d.label) ? 'shown' : 'empty') + '), after ' + count(after) };
  });
  await probe('WebRTC call (audio + video)', async () => {
    if (typeof RTCPeerConnection === 'undefined') missing('RTCPeerConnection');
    if (!stream) throw new Error('failed: no capture to send');
    const a = new RTCPeerConnection(), b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    // Played, as a call's audio is: Chromium counts received energy only for audio played out.
    const player = new Audio();
    b.ontrack = (e) => { player.srcObject = e.streams[0]; player.play().catch(() => undefined); };
    for (const t of stream.getTracks()) a.addTrack(t, stream);
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
    let audio = {}, video = {};
    for (let i = 0; i < 40 && !(audio.totalAudioEnergy > 0 && video.framesDecoded > 5); i++) {
      await sleep(250);
      (await b.getStats()).forEach((s) => { if (s.type === 'inbound-rtp') s.kind === 'audio' ? (audio = s) : (video = s); });
    }
    const sender = a.getSenders().find((s) => s.track?.kind === 'audio');
    const stats = {};
    // Receiver reports (round trip, loss) arrive with RTCP, a few seconds in.
    for (let i = 0; i < 20 && !('roundTripTime' in (stats['remote-inbound-rtp'] ?? {})); i++) {
      if (i) await sleep(250);
      (await a.getStats()).forEach((s) => { if (s.kind !== 'video') stats[s.type] = { ...(stats[s.type] ?? {}), ...s }; });
    }
    results['DTMF (RFC 4733)'] = await (async () => {
      if (!sender?.dtmf) return { ok: false, detail: 'missing: RTCRtpSender.dtmf' };
      const tones = [];
      sender.dtmf.ontonechange = (e) => tones.push(e.tone);
      sender.dtmf.insertDTMF('12', 100, 50);
      await sleep(600);
      return tones.includes('2') ? { ok: true, detail: 'tonechange ' + tones.filter(Boolean).join('') } : { ok: false, detail: 'failed: no tonechange' };
    })();
    const has = (type, field) => (stats[type] && field in stats[type] ? type + '.' + field : '(no ' + type + '.' + field + ')');
    results['stats fields (audio)'] = { ok: true, detail: [has('media-source', 'audioLevel'), has('transport', 'selectedCandidatePairId'), has('remote-inbound-rtp', 'roundTripTime'), has('remote-inbound-rtp', 'fractionLost')].join(', ') };
    const ice = a.iceConnectionState;
    a.close(); b.close(); player.srcObject = null;
    if (!(audio.totalAudioEnergy > 0)) throw new Error('failed: no audio energy at the receiver (' + (audio.packetsReceived ?? 0) + ' packets, ICE ' + ice + ')');
    if (!(video.framesDecoded > 5)) throw new Error('failed: ' + (video.framesDecoded ?? 0) + ' video frames decoded');
    return { detail: 'energy ' + audio.totalAudioEnergy.toFixed(3) + ', ' + video.framesDecoded + ' frames decoded, loopback ICE' };
  });
  await probe('video codecs', async () => {
    const caps = globalThis.RTCRtpSender?.getCapabilities?.('video');
    if (!caps) missing('RTCRtpSender.getCapabilities');
    return { detail: [...new Set(caps.codecs.map((c) => c.mimeType.replace('video/', '')).filter((c) => !/rtx|red|ulpfec|flexfec/i.test(c)))].join(' ') };
  });
  await probe('setSinkId', async () => {
    if (!('setSinkId' in HTMLMediaElement.prototype)) missing('HTMLMediaElement.setSinkId');
    const outputs = (await media.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId && d.deviceId !== 'default');
    if (!outputs.length) throw new Error('failed: no output device listed');
    const el = new Audio();
    await el.setSinkId(outputs.at(-1).deviceId);
    return { detail: 'audio element on "' + outputs.at(-1).label + '"; AudioContext.setSinkId ' + ('setSinkId' in (globalThis.AudioContext?.prototype ?? {}) ? 'yes' : 'missing') };
  });
  await probe('MediaRecorder', async () => {
    if (typeof MediaRecorder === 'undefined') missing('MediaRecorder');
    if (!stream) throw new Error('failed: no capture to record');
    const rec = new MediaRecorder(new MediaStream(stream.getAudioTracks()));
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((r) => (rec.onstop = r));
    rec.start(); await sleep(700); rec.stop(); await stopped;
    const size = chunks.reduce((n, c) => n + c.size, 0);
    if (!size) throw new Error('failed: empty recording');
    return { detail: size + ' bytes of ' + (rec.mimeType || chunks[0]?.type) };
  });
  await probe('captureStream', async () => {
    const canvas = document.createElement('canvas');
    if (!canvas.captureStream) missing('HTMLCanvasElement.captureStream');
    const tracks = canvas.captureStream(10).getVideoTracks().length;
    const el = document.createElement('video');
    const mediaCapture = el.captureStream ? 'captureStream' : el.mozCaptureStream ? 'mozCaptureStream only' : 'missing';
    return { detail: 'canvas: ' + tracks + ' track; media element: ' + mediaCapture };
  });
  await probe('Web Audio', async () => {
    const Ctor = globalThis.AudioContext ?? globalThis.webkitAudioContext;
    if (!Ctor) missing('AudioContext');
    const ctx = new Ctor();
    await timeout(ctx.resume(), 3000, 'failed: resume()').catch(() => undefined);
    const osc = ctx.createOscillator(), an = ctx.createAnalyser();
    osc.connect(an); osc.start();
    await sleep(300);
    const buf = new Float32Array(an.fftSize); an.getFloatTimeDomainData(buf);
    const peak = Math.max(...buf.map(Math.abs));
    let mic = 'no capture';
    if (stream) {
      const an2 = ctx.createAnalyser(); ctx.createMediaStreamSource(stream).connect(an2);
      // Chromium's fake microphone beeps once a second: read for a second.
      let micPeak = 0;
      for (let i = 0; i < 10; i++) {
        await sleep(100); const b2 = new Float32Array(an2.fftSize); an2.getFloatTimeDomainData(b2);
        micPeak = Math.max(micPeak, ...b2.map(Math.abs));
      }
      mic = 'microphone peak ' + micPeak.toFixed(2);
    }
    const state = ctx.state; await ctx.close();
    if (state !== 'running' || !(peak > 0)) throw new Error('failed: state ' + state + ', oscillator peak ' + peak);
    return { detail: 'running, oscillator peak ' + peak.toFixed(2) + ', ' + mic };
  });
  await probe('getDisplayMedia', async () => {
    if (!media?.getDisplayMedia) missing('getDisplayMedia');
    return { detail: 'present (not called: it needs a picker)' };
  });
  stream?.getTracks().forEach((t) => t.stop());
  return results;
}`;

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const http = createServer((req, res) => res.end('<!doctype html><title>probe</title><body>probe</body>'));
const port = await listen(http);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
await new Promise((resolve) => wss.on('listening', resolve));
wss.on('connection', (ws) => ws.on('message', (data) => ws.send(String(data))));
const page = `http://127.0.0.1:${port}/`;
const wsUrl = `ws://127.0.0.1:${wss.address().port}/`;

async function viaPuppeteer(options) {
  const browser = await puppeteerCore.launch(options);
  try {
    const tab = await browser.newPage();
    await tab.goto(page);
    return { version: await browser.version(), results: await tab.evaluate(`(${PROBE})(${JSON.stringify(wsUrl)})`) };
  } finally {
    await browser.close();
  }
}

async function viaWebDriver() {
  if (!existsSync(WEBKIT_DRIVER)) throw new Error(`${WEBKIT_DRIVER} is missing (apt-get install webkit2gtk-driver)`);
  const browser = await startWebKit();
  try {
    await browser.call('POST', './timeouts', { script: 120_000 });
    await browser.call('POST', './url', { url: page });
    const script = `const done = arguments[arguments.length - 1]; (${PROBE})(arguments[0]).then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify({ probe: { ok: false, detail: String(e) } })));`;
    const results = JSON.parse(await browser.call('POST', './execute/async', { script, args: [wsUrl] }));
    return { version: `${browser.capabilities.browserName} ${browser.capabilities.browserVersion}`, results };
  } finally {
    await browser.stop();
  }
}

const engines = {
  Chromium: () => viaPuppeteer({ executablePath: chromiumPath(), headless: true, args: chromiumArgs({ fakeUi: true, netns }) }),
  Firefox: () => viaPuppeteer(firefoxLaunchOptions()),
  WebKit: () => viaWebDriver(),
};

const all = {};
for (const [name, run] of Object.entries(engines)) {
  const started = Date.now();
  try {
    all[name] = await run();
  } catch (error) {
    all[name] = { version: 'did not start', error: String(error?.message ?? error), results: {} };
  }
  all[name].seconds = Math.round((Date.now() - started) / 100) / 10;
}
http.close();
wss.close();

if (json) {
  console.log(JSON.stringify(all, null, 2));
} else {
  console.log(`Engines on this machine${netns ? ', in a loopback-only network namespace' : ' (host network)'}:`);
  for (const [name, { version, seconds, error }] of Object.entries(all)) console.log(`  ${name}: ${version} (${seconds} s)${error ? ` - ${error}` : ''}`);
  const features = [...new Set(Object.values(all).flatMap((e) => Object.keys(e.results)))];
  for (const feature of features) {
    console.log(`\n${feature}`);
    for (const [name, { results }] of Object.entries(all)) {
      const r = results[feature];
      console.log(`  ${name.padEnd(9)} ${r ? `${r.ok ? 'ok  ' : 'NO  '} ${r.detail ?? ''}` : '-'}`);
    }
  }
}
