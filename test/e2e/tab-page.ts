// One "tab" of a phone shared across tabs (test/e2e/tabs.test.ts loads this page in same-origin
// frames, which share Web Locks and BroadcastChannel as tabs do): a controller for `user`,
// driven by the test through `window.tab`.
import { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import type { CallEventDetailMap } from '../../src/core/events.js';
import '../../src/elements/call-phone/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import { energyOver, nextEvent, until } from './helpers.js';

let controller: CallController;
let call: Call | undefined;
/** Every call event this tab saw, in order: `type` and, for call-ended, the reason. */
const events: { type: string; reason?: string }[] = [];
/** Registration states this tab showed, with `Date.now()` when (for bench/tabs.bench.ts). */
const states: { state: string; at: number }[] = [];
/** Calls of other tabs that ended, as `user:reason` (from call-elsewhere-change). */
const endedElsewhere: string[] = [];
/** Times getUserMedia was called here (media captured in this tab). */
let captures = 0;
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (constraints) => {
  captures++;
  return getUserMedia(constraints);
};

const EVENTS: (keyof CallEventDetailMap)[] = ['call-incoming', 'call-outgoing', 'call-connected', 'call-ended', 'call-registered', 'call-unregistered', 'call-dtmf'];

const tab = {
  async start(server: string, user: string, settings: Record<string, unknown> = {}): Promise<void> {
    controller = new CallController({ server, user, tones: false, ...settings });
    for (const type of EVENTS) {
      controller.addEventListener(type, (event) => {
        const detail = (event as CustomEvent).detail;
        events.push({ type, ...(type === 'call-ended' ? { reason: detail.summary.reason } : {}) });
        // The call this tab acts on: the last one that rang or went out (also one placed to follow a transfer).
        if (type === 'call-incoming' || type === 'call-outgoing') call = detail.call;
      });
    }
    controller.addEventListener('call-registration-change', (event) => states.push({ state: (event as CustomEvent).detail.state, at: Date.now() }));
    controller.addEventListener('call-elsewhere-change', ({ detail }) => {
      if (detail.ended) endedElsewhere.push(`${detail.ended.call.remote.user}:${detail.ended.reason}`);
    });
    await controller.start();
  },
  states: () => [...states],
  registered: () => controller.registrationState === 'registered',
  async waitRegistered(ms = 10_000): Promise<void> {
    await until(() => controller.registrationState === 'registered', ms, 'this tab shows the phone registered');
  },
  async waitIncoming(ms = 10_000): Promise<string> {
    await until(() => !!call && call.state === 'incoming', ms, 'a ringing call in this tab');
    return call!.remote.user;
  },
  async answer(): Promise<void> {
    const connected = nextEvent(controller, 'call-connected', (d) => d.call === call, 10_000);
    await call!.answer();
    await connected;
  },
  async dial(target: string, video = false): Promise<void> {
    call = await controller.dial(target, { video });
    await nextEvent(controller, 'call-connected', (d) => d.call === call, 10_000);
  },
  hangup: () => call?.hangup(),
  /** The calls other tabs hold, as `user:state`. */
  elsewhere: () => controller.callsElsewhere.map((c) => `${c.remote.user}:${c.state}`),
  endedElsewhere: () => [...endedElsewhere],
  /** Moves the first call another tab holds here; resolves once it is connected here. */
  async moveHere(): Promise<void> {
    const [other] = controller.callsElsewhere;
    const moved = await controller.moveHere(other.id);
    call = moved;
    if (moved.state !== 'connected') await nextEvent(controller, 'call-connected', (d) => d.call === moved, 10_000);
  },
  /** As {@link moveHere}, but resolves with how the move went: `connected`, or `ended:<reason>:<rawCause>`. */
  async tryMoveHere(): Promise<string> {
    const [other] = controller.callsElsewhere;
    const moved = await controller.moveHere(other.id);
    call = moved;
    await until(() => moved.state === 'connected' || moved.state === 'ended', 10_000, 'the moved call connected or ended');
    return moved.state === 'ended' ? `ended:${moved.summary?.reason}:${moved.summary?.rawCause}` : moved.state;
  },
  /** Shows a `<call-phone>` on this tab's controller. */
  showPhone(): void {
    const phone = document.createElement('call-phone') as CallPhone;
    phone.controller = controller;
    document.body.append(phone);
  },
  /** The texts of the phone's list of calls in other tabs (one line per call), '' without one. */
  async phoneElsewhere(): Promise<string> {
    const phone = document.querySelector<CallPhone>('call-phone')!;
    await phone.updateComplete;
    const items = phone.shadowRoot!.querySelectorAll('[part~="elsewhere"] li');
    return [...items].map((li) => li.textContent!.replace(/\s+/g, ' ').trim()).join('\n');
  },
  /** Presses the phone's *Move here*; resolves once this tab's call is connected. */
  async pressMoveHere(): Promise<void> {
    const phone = document.querySelector<CallPhone>('call-phone')!;
    const connected = nextEvent(controller, 'call-connected', () => true, 10_000);
    phone.shadowRoot!.querySelector<HTMLButtonElement>('.move-here')!.click();
    call = (await connected).call;
  },
  /** Tracks captured here and still live. */
  liveTracks: () => controller.media.liveTrackCount,
  reject: () => call!.reject(),
  /** Video packets and frames this tab's call received. */
  async videoIn(): Promise<{ packets: number; frames: number }> {
    const result = { packets: 0, frames: 0 };
    (await call?.getStats())?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') Object.assign(result, { packets: s.packetsReceived ?? 0, frames: s.framesDecoded ?? 0 });
    });
    return result;
  },
  hold: () => call!.hold(),
  upgradeToVideo: () => call!.upgradeToVideo(),
  downgradeToAudio: () => call!.downgradeToAudio(),
  /** Whether this tab's call sends video (its camera in the call). */
  sendsVideo: () => !!call?.video,
  unhold: () => call!.unhold(),
  sendDtmf: (tones: string) => call!.sendDtmf(tones),
  callState: () => call?.state,
  /** When this tab's call connected (\`Date.now()\`; a moved call: when it first connected). */
  connectedAt: () => call?.connectedAt,
  remoteUser: () => call?.remote.user,
  endReason: () => call?.summary?.reason,
  energy: (ms: number): Promise<number> => (call ? energyOver(call, ms) : Promise.resolve(0)),
  /**
   * The peak amplitude (0–1) of the far end's audio in this tab's call over `ms`: its remote
   * stream through a Web Audio analyser (for TRTC, whose calls have no peer connection to read).
   */
  async remotePeak(ms = 800): Promise<number> {
    const stream = call!.remoteStream;
    // A TRTC call's media follows its room: the far end's stream comes once subscribed there.
    await until(() => stream.getAudioTracks().length > 0, 5000, 'the far end\'s audio in this tab\'s call');
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) {
      analyser.getFloatTimeDomainData(samples);
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    }
    await context.close();
    return peak;
  },
  /** Whether this tab's call has a live peer connection of its own (media here). */
  hasMedia: () => (call?.peerConnections()[0]?.connectionState ?? 'none') === 'connected',
  captures: () => captures,
  /** The tone this tab plays (`ringtone` while it sounds a ringing call). */
  tone: () => controller.tones.playing,
  events: () => events.map((e) => (e.reason ? `${e.type}:${e.reason}` : e.type)),
  stop: () => controller.dispose(),
};

declare global {
  interface Window {
    tab: typeof tab;
  }
}
window.tab = tab;
