import type { RTCSession } from 'jssip/lib/RTCSession';
import { CallError } from '../../core/errors.js';
import type { ProviderConfig, ProviderSession, SessionEnd, SessionHandlers } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { mapSessionEnd } from './end-reasons.js';
import type { JsSipEndEvent } from './end-reasons.js';
import { sdpSendsVideo } from './sdp-video.js';

/** The bits of a JsSIP message we read. */
interface SipMessageLike {
  body?: string;
  status_code?: number;
  headers?: Record<string, { raw: string }[]>;
}

/** Peer-supplied headers we expose to the app: `X-*` extension headers only. */
function extensionHeaders(message: SipMessageLike | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(message?.headers ?? {})) {
    if (/^x-/i.test(name) && values[0]) out[name] = String(values[0].raw).slice(0, 1024);
  }
  return out;
}

/** The private parts of a JsSIP RTCSession that {@link SipSession.setVideo} relies on. */
interface JsSipReinvite {
  _sendReinvite?(options: { eventHandlers: { succeeded(): void; failed(): void }; rtcOfferConstraints?: object }): void;
  _rtcOfferConstraints?: object | null;
  isReadyToReOffer?(): boolean;
  isOnHold(): { local: boolean; remote: boolean };
}

/**
 * A JsSIP RTCSession seen through the provider interface. Events that arrive before the
 * controller binds (JsSIP emits some synchronously inside `ua.call`) are queued.
 */
export class SipSession implements ProviderSession {
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  readonly headers: Record<string, string>;
  private handlers?: SessionHandlers;
  private readonly queue: ((h: SessionHandlers) => void)[] = [];
  private rtc?: RTCSession;
  private readonly hooked = new WeakSet<RTCPeerConnection>();
  private readonly connections: RTCPeerConnection[] = [];
  private noAnswerTimer?: ReturnType<typeof setTimeout>;
  private over = false;

  readonly #config: ProviderConfig;

  constructor(config: ProviderConfig, remote: RemoteParty, offersVideo: boolean, initial?: SipMessageLike) {
    this.#config = config;
    this.remote = remote;
    this.remoteOffersVideo = offersVideo;
    this.headers = extensionHeaders(initial);
  }

  /** Event handlers to pass to `ua.call` (outgoing); {@link setSession} attaches them to an incoming session. */
  eventHandlers(): Record<string, (event: never) => void> {
    return {
      peerconnection: (e: { peerconnection: RTCPeerConnection }) => this.hook(e.peerconnection),
      progress: (e: { originator: string; response?: SipMessageLike }) => {
        if (e.originator !== 'remote') return;
        const early = e.response?.status_code === 183 && !!e.response.body;
        this.deliver((h) => h.ringing(early));
      },
      confirmed: () => {
        clearTimeout(this.noAnswerTimer);
        this.deliver((h) => h.connected());
      },
      ended: (e: JsSipEndEvent) => this.end(mapSessionEnd(e, 'ended')),
      failed: (e: JsSipEndEvent) => this.end(mapSessionEnd(e, 'failed')),
      hold: (e: { originator: 'local' | 'remote' }) => this.deliver((h) => h.hold(e.originator, true)),
      unhold: (e: { originator: 'local' | 'remote' }) => this.deliver((h) => h.hold(e.originator, false)),
      newDTMF: (e: { originator: 'local' | 'remote'; dtmf: { tone: string } }) =>
        this.deliver((h) => h.dtmf(String(e.dtmf.tone), e.originator)),
      sdp: (e: { originator: 'local' | 'remote'; sdp: string }) => {
        // While we hold, the far end answers recvonly: that says nothing about its camera.
        if (e.originator !== 'remote' || this.rtc?.isOnHold().local) return;
        const sending = sdpSendsVideo(e.sdp);
        this.deliver((h) => h.remoteVideo(sending));
      },
      newInfo: (e: { originator: 'local' | 'remote'; info: { contentType: string; body: string } }) =>
        this.deliver((h) => h.info(String(e.info.contentType ?? ''), String(e.info.body ?? ''), e.originator)),
    };
  }

  /** Links the JsSIP session (after `ua.call` returned, or for an incoming one). */
  setSession(rtc: RTCSession, listen: boolean): void {
    this.rtc = rtc;
    if (listen) {
      for (const [name, handler] of Object.entries(this.eventHandlers())) {
        (rtc as unknown as { on(n: string, h: unknown): void }).on(name, handler);
      }
    }
    const existing = (rtc as unknown as { connection?: RTCPeerConnection }).connection;
    if (existing) this.hook(existing);
  }

  /** Starts the outgoing no-answer timer. */
  startNoAnswerTimer(): void {
    if (!this.#config.noAnswerTimeout) return;
    this.noAnswerTimer = setTimeout(() => {
      // End first: terminate() reports a local CANCEL synchronously, which must not win.
      this.end({ reason: 'no-answer', endedBy: 'system', rawCause: 'No Answer' });
      this.safely(() => this.rtc?.terminate());
    }, this.#config.noAnswerTimeout * 1000);
  }

  bind(handlers: SessionHandlers): void {
    this.handlers = handlers;
    for (const fn of this.queue.splice(0)) fn(handlers);
  }

  async answer(stream: MediaStream, video: boolean): Promise<void> {
    const rtc = this.requireSession();
    rtc.answer({
      mediaStream: stream,
      pcConfig: { iceServers: this.#config.iceServers, iceTransportPolicy: this.#config.iceTransportPolicy },
      rtcAnswerConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: video },
    } as never);
  }

  reject(kind: 'busy' | 'decline'): void {
    this.safely(() =>
      this.rtc?.terminate(kind === 'busy' ? { status_code: 486, reason_phrase: 'Busy Here' } : { status_code: 603, reason_phrase: 'Decline' }),
    );
  }

  hangup(): void {
    clearTimeout(this.noAnswerTimer);
    this.safely(() => this.rtc?.terminate());
  }

  hold(): Promise<void> {
    return this.reinvite('hold');
  }

  unhold(): Promise<void> {
    return this.reinvite('unhold');
  }

  sendDtmf(tones: string): void {
    const rtc = this.requireSession();
    rtc.sendDTMF(tones, {
      transportType: (this.#config.dtmfTransport === 'info' ? 'INFO' : 'RFC2833') as never,
      duration: 100,
      interToneGap: 70,
    });
  }

  sendInfo(contentType: string, body: string): void {
    this.requireSession().sendInfo(contentType, body);
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.transceiver(kind);
    if (!transceiver) throw new CallError('call/invalid-state', `This call sends no ${kind}.`);
    await transceiver.sender.replaceTrack(track);
  }

  async setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void> {
    const rtc = this.requireSession() as unknown as JsSipReinvite;
    const pc = this.connections[0];
    if (!pc) throw new CallError('call/invalid-state', 'The call has no media connection yet.');
    if (!rtc._sendReinvite || rtc.isReadyToReOffer?.() === false) {
      throw new CallError('call/invalid-state', 'Cannot change video now: another request is in progress. Try again in a moment.');
    }
    const existing = this.transceiver('video');
    const undo: (() => void)[] = [];
    if (track) {
      if (existing) {
        const previous = existing.sender.track;
        const direction = existing.direction;
        await existing.sender.replaceTrack(track);
        existing.direction = 'sendrecv';
        undo.push(() => {
          existing.direction = direction;
          void existing.sender.replaceTrack(previous).catch(() => undefined);
        });
      } else {
        const added = pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
        undo.push(() => added.stop());
      }
    } else if (existing) {
      await existing.sender.replaceTrack(null);
      existing.stop();
    } else {
      return;
    }
    // Later re-INVITEs (hold) reuse these: they must not turn video receiving off again.
    const constraints = { offerToReceiveAudio: true, offerToReceiveVideo: !!track };
    rtc._rtcOfferConstraints = constraints;
    // JsSIP's public renegotiate() ends the call when the far end refuses; this keeps it.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => failed(), 10_000);
      const failed = () => {
        clearTimeout(timer);
        if (pc.signalingState === 'have-local-offer') void pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
        for (const fn of undo) fn();
        reject(
          new CallError(
            'media/renegotiation-failed',
            `The other side did not accept ${track ? 'adding' : 'removing'} video; the call goes on as before.`,
          ),
        );
      };
      rtc._sendReinvite!({
        rtcOfferConstraints: constraints,
        eventHandlers: {
          succeeded: () => {
            clearTimeout(timer);
            resolve();
          },
          failed,
        },
      });
    });
  }

  /** The live transceiver carrying a kind (found by its receiver, which never changes kind). */
  private transceiver(kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
    return this.connections[0]
      ?.getTransceivers()
      .find((t) => t.receiver.track.kind === kind && !(t as { stopped?: boolean }).stopped && t.direction !== 'stopped');
  }

  peerConnections(): RTCPeerConnection[] {
    return [...this.connections];
  }

  private reinvite(action: 'hold' | 'unhold'): Promise<void> {
    const rtc = this.requireSession();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CallError('sip/request-failed', `The ${action} request got no answer.`)),
        10_000,
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      let accepted = false;
      try {
        accepted = action === 'hold' ? rtc.hold({}, done) : rtc.unhold({}, done);
      } catch (cause) {
        clearTimeout(timer);
        reject(new CallError('call/invalid-state', `Cannot ${action} now: ${(cause as Error).message}`, { cause }));
        return;
      }
      if (!accepted) {
        clearTimeout(timer);
        reject(new CallError('call/invalid-state', `Cannot ${action} now: another request is in progress or the call is not up.`));
      }
    });
  }

  private hook(pc: RTCPeerConnection): void {
    if (this.hooked.has(pc)) return;
    this.hooked.add(pc);
    this.connections.push(pc);
    pc.addEventListener('track', (event) => this.deliver((h) => h.remoteTrack(event.track, event.streams[0])));
  }

  private end(end: SessionEnd): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.noAnswerTimer);
    this.deliver((h) => h.ended(end));
  }

  private deliver(fn: (h: SessionHandlers) => void): void {
    if (this.handlers) fn(this.handlers);
    else this.queue.push(fn);
  }

  private requireSession(): RTCSession {
    if (!this.rtc || this.over) throw new CallError('call/invalid-state', 'The call is not active.');
    return this.rtc;
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      /* JsSIP throws INVALID_STATE_ERROR on a session already terminated: nothing to do. */
    }
  }
}
