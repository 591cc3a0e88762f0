import type { RTCSession } from 'jssip/lib/RTCSession';
import { timerMs } from '../../core/backoff.js';
import { CallError, toCallError } from '../../base/errors.js';
import type { PeerConnectionFactory, ProviderConfig, ProviderSession, SessionEnd, SessionHandlers, SessionSnapshot } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { sendDtmfInfo } from './dtmf-info.js';
import { mapSessionEnd } from './end-reasons.js';
import { dialogSnapshot } from './jssip.js';
import { instrumentSession } from './session-hooks.js';
import type { JsSipInternals } from './session-hooks.js';
import { changeVideo, liveTransceiver } from '../../media/video-transceiver.js';
import { withPeerConnection } from './peer-factory.js';
import type { JsSipEndEvent } from './end-reasons.js';
import { ICE_RECOVERY_DEFAULTS, IceRecovery } from './ice-recovery.js';
import { offerDtlsClient } from './dtls-role.js';
import { sdpOffersVideo, sdpSendsVideo } from './sdp-video.js';
import { referRequest, sendRefer } from './sip-refer.js';
import type { JsSipReferEvent } from './sip-refer.js';
import { REFUSALS, autoAnswerHint, extensionHeaders } from './sip-messages.js';
import type { SipMessageLike } from './sip-messages.js';
import { targetToSipUri } from './uri.js';

/** How long an in-dialog request may go unanswered before it counts as failed. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long an outgoing call rings when the page sets no `no-answer-timeout`, s. */
export const SIP_NO_ANSWER_TIMEOUT_S = 60;
/** How much later than the caller the callee restarts ICE after a loss, so both rarely offer at once (glare). */
const CALLEE_RESTART_DELAY_MS = 2000;

/** What a session needs from its provider. */
export interface SipSessionHost {
  /** The provider's settings now (they may change between calls and during one, see `CallProvider.update`). */
  config(): ProviderConfig;
  /** Whether the signalling transport is up, so in-dialog requests can be sent. */
  signallingUp(): boolean;
  /** The session ended: forget it. */
  ended(session: SipSession): void;
  /** A line for the debug log. */
  debug(line: string): void;
  /**
   * Places an outgoing session for a transfer we were asked to make: JsSIP's `accept` creates
   * the RTCSession; this wires it like a dialled one (`ua.call` options built by the provider).
   */
  referred(remote: RemoteParty, video: boolean, handlers: SessionHandlers, place: (options: object) => RTCSession): SipSession;
  /** The next incoming session (an INVITE with Replaces for `old`) takes over `old`. */
  replacing(old: SipSession, accept: () => void): void;
}

/** JsSIP's `replaces` event of a session (an INVITE with Replaces for it arrived). */
interface JsSipReplacesEvent {
  accept(initCallback?: (session: RTCSession) => void): void;
  reject(): void;
}

/**
 * A JsSIP RTCSession seen through the provider interface, bound to the call's handlers from
 * creation (JsSIP emits some events synchronously inside `ua.call`). While the signalling
 * transport is down, in-dialog requests are refused with `call/signalling-down`
 * (the call and its media stay up); after it returns the provider calls {@link refresh}.
 * A lost media path is recovered by ICE restarts ({@link IceRecovery}).
 */
export class SipSession implements ProviderSession {
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  #headers: Record<string, string>;
  readonly autoAnswerAfter?: number;
  readonly #host: SipSessionHost;
  readonly #outgoing: boolean;
  readonly #handlers: SessionHandlers;
  #rtc?: RTCSession;
  readonly #hooked = new WeakSet<RTCPeerConnection>();
  readonly #connections: RTCPeerConnection[] = [];
  #noAnswerTimer?: ReturnType<typeof setTimeout>;
  #iceRecovery?: IceRecovery;
  /** Status of the last in-dialog request answered 408/481 (JsSIP then ends the call as "Dialog Error"). */
  #dialogErrorStatus?: number;
  #over = false;

  constructor(
    host: SipSessionHost,
    handlers: SessionHandlers,
    remote: RemoteParty,
    options: { offersVideo: boolean; outgoing: boolean; initial?: SipMessageLike },
  ) {
    const { offersVideo, outgoing, initial } = options;
    this.#host = host;
    this.#handlers = handlers;
    this.#outgoing = outgoing;
    this.remote = remote;
    this.remoteOffersVideo = offersVideo;
    this.#headers = extensionHeaders(initial);
    this.autoAnswerAfter = autoAnswerHint(initial);
  }

  /** The peer's `X-*` headers: of the INVITE (incoming), of the answer (outgoing, once answered). */
  get headers(): Record<string, string> {
    return { ...this.#headers };
  }

  /** Whether the call is confirmed and not over. */
  get established(): boolean {
    return !this.#over && !!(this.#rtc as unknown as JsSipInternals | undefined)?.isEstablished();
  }

  /** The dialog as plain data, for another tab to take the call over (see dialog-takeover.ts). */
  snapshot(): SessionSnapshot | undefined {
    return this.#rtc && !this.#over ? dialogSnapshot(this.#rtc, { remote: this.remote, offersVideo: this.remoteOffersVideo }) : undefined;
  }

  /** Event handlers to pass to `ua.call` (outgoing); {@link setSession} attaches them to an incoming session. */
  eventHandlers(): Record<string, (event: never) => void> {
    return {
      peerconnection: (e: { peerconnection: RTCPeerConnection }) => this.#hook(e.peerconnection),
      progress: (e: { originator: string; response?: SipMessageLike }) => {
        if (e.originator !== 'remote') return;
        const early = e.response?.status_code === 183 && !!e.response.body;
        this.#handlers.ringing(early);
      },
      accepted: (e: { originator: string; response?: SipMessageLike }) => {
        if (this.#outgoing && e.originator === 'remote' && e.response) this.#headers = extensionHeaders(e.response);
      },
      confirmed: () => {
        clearTimeout(this.#noAnswerTimer);
        this.#handlers.connected();
      },
      ended: (e: JsSipEndEvent) => this.#end(mapSessionEnd(e, 'ended', this.#dialogErrorStatus)),
      failed: (e: JsSipEndEvent) => this.#end(mapSessionEnd(e, 'failed', this.#dialogErrorStatus)),
      hold: (e: { originator: 'local' | 'remote' }) => this.#handlers.hold(e.originator, true),
      unhold: (e: { originator: 'local' | 'remote' }) => this.#handlers.hold(e.originator, false),
      newDTMF: (e: { originator: 'local' | 'remote'; dtmf: { tone: string } }) =>
        this.#handlers.dtmf(String(e.dtmf.tone), e.originator),
      sdp: (e: { originator: 'local' | 'remote'; type: 'offer' | 'answer'; sdp: string }) => {
        if (e.originator === 'local') {
          // What goes on the wire (JsSIP sends e.sdp); see dtls-role.ts.
          const config = this.#host.config();
          if (e.type === 'offer' && config.shareTabs && config.register && !this.#rtc?.isEstablished()) e.sdp = offerDtlsClient(e.sdp);
          return;
        }
        // An offer with no live video stream ends ours: the browser stops our video transceiver.
        if (e.type === 'offer' && !sdpOffersVideo(e.sdp) && this.#transceiver('video')) this.#handlers.videoRemoved();
        // While we hold, the far end answers recvonly: that says nothing about its camera.
        if (this.#rtc?.isOnHold().local) return;
        const sending = sdpSendsVideo(e.sdp);
        this.#handlers.remoteVideo(sending);
      },
      newInfo: (e: { originator: 'local' | 'remote'; info: { contentType: string; body: string } }) => {
        const contentType = String(e.info.contentType ?? '');
        const body = String(e.info.body ?? '');
        // application/dtmf carries one DTMF digit (application/dtmf-relay JsSIP reports as newDTMF).
        const digit = /^application\/dtmf\s*(;|$)/i.test(contentType) ? body.trim().toUpperCase() : '';
        if (e.originator === 'remote' && /^[0-9A-D*#]$/.test(digit)) this.#handlers.dtmf(digit, 'remote');
        else this.#handlers.info(contentType, body, e.originator);
      },
      // An incoming REFER: the controller decides; accepting places the new call through the host.
      refer: (e: JsSipReferEvent) =>
        this.#handlers.referred(referRequest(e, (remote, video, handlers, accept) => this.#host.referred(remote, video, handlers, accept))),
      // JsSIP ends this session once the replacing one is confirmed (the core names that end).
      replaces: (e: JsSipReplacesEvent) => this.#host.replacing(this, () => e.accept()),
    };
  }

  /** Links the JsSIP session (after `ua.call` returned, or for an incoming one). */
  setSession(rtc: RTCSession, listen: boolean): void {
    this.#rtc = rtc;
    instrumentSession(rtc as unknown as JsSipInternals, {
      dialogError: (status) => (this.#dialogErrorStatus = status),
      keepOnRtpTimeout: () => !!this.#iceRecovery?.enabled && !this.#over,
    });
    if (listen) {
      for (const [name, handler] of Object.entries(this.eventHandlers())) {
        (rtc as unknown as { on(n: string, h: unknown): void }).on(name, handler);
      }
    }
    const existing = (rtc as unknown as { connection?: RTCPeerConnection }).connection;
    if (existing) this.#hook(existing);
  }

  /** Starts the outgoing no-answer timer. */
  startNoAnswerTimer(): void {
    const seconds = this.#host.config().noAnswerTimeout ?? SIP_NO_ANSWER_TIMEOUT_S;
    if (!seconds) return;
    this.#noAnswerTimer = setTimeout(() => {
      // End first: terminate() reports a local CANCEL synchronously, which must not win.
      this.#end({ reason: 'no-answer', endedBy: 'system', rawCause: 'No Answer' });
      this.#safely(() => this.#rtc?.terminate());
    }, timerMs(seconds * 1000));
  }

  async answer(stream: MediaStream, video: boolean, extraHeaders: string[] = [], peerConnection?: PeerConnectionFactory): Promise<void> {
    const rtc = this.#requireSession();
    const { iceServers, iceTransportPolicy } = this.#host.config();
    const options = { mediaStream: stream, extraHeaders, pcConfig: { iceServers, iceTransportPolicy }, rtcAnswerConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: video } };
    try {
      withPeerConnection(peerConnection, () => rtc.answer(options as never));
    } catch (cause) {
      throw toCallError(cause, 'sip/call-failed');
    }
  }

  reject(kind: 'busy' | 'decline' | 'timeout'): void {
    this.#safely(() => this.#rtc?.terminate(REFUSALS[kind]));
  }

  hangup(): void {
    clearTimeout(this.#noAnswerTimer);
    this.#safely(() => this.#rtc?.terminate());
  }

  hold(): Promise<void> {
    return this.#holdRequest('hold');
  }

  unhold(): Promise<void> {
    return this.#holdRequest('unhold');
  }

  sendDtmf(tones: string): void {
    const rtc = this.#requireSession();
    const { dtmfTransport, dtmfDuration, dtmfGap } = this.#host.config();
    // RFC 4733 tones travel in the media, which outlives the signalling connection; INFO does not.
    if (dtmfTransport !== 'rfc4733') this.#requireSignalling('send DTMF');
    if (dtmfTransport === 'info-dtmf') {
      sendDtmfInfo(tones, dtmfDuration, dtmfGap, (tone) => {
        if (this.#over) return;
        this.#safely(() => this.#rtc?.sendInfo('application/dtmf', tone));
        this.#handlers.dtmf(tone, 'local');
      });
      return;
    }
    const transportType = (dtmfTransport === 'info' ? 'INFO' : 'RFC2833') as never;
    this.#request('send DTMF', () => rtc.sendDTMF(tones, { transportType, duration: dtmfDuration, interToneGap: dtmfGap }));
  }

  sendInfo(contentType: string, body: string): void {
    const rtc = this.#requireSession();
    this.#requireSignalling('send INFO');
    this.#request('send INFO', () => rtc.sendInfo(contentType, body));
  }

  /** Runs a JsSIP request, its failure (JsSIP throws plain errors) as `sip/request-failed`. */
  #request(action: string, send: () => void): void {
    try {
      send();
    } catch (cause) {
      throw new CallError('sip/request-failed', `Cannot ${action} now: ${String((cause as Error)?.message ?? cause)}`, { cause });
    }
  }

  transfer(target: string | ProviderSession): Promise<void> {
    const rtc = this.#requireSession();
    this.#requireSignalling('transfer');
    const other = target instanceof SipSession ? target.#rtc : undefined;
    if (typeof target !== 'string' && (!other || (target as SipSession).#over)) {
      return Promise.reject(new CallError('call/invalid-state', 'Cannot transfer to that call: it is not active.'));
    }
    const referTo = other ? other.remote_identity.uri.toString() : targetToSipUri(target as string, this.#host.config().server);
    this.#host.debug(`${this.#label()}: REFER to ${referTo}${other ? ' (attended)' : ''}`);
    return sendRefer(rtc, referTo, other, (state, statusCode) => this.#handlers.transfer(state, statusCode));
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const transceiver = this.#transceiver(kind);
    if (!transceiver) throw new CallError('call/invalid-state', `This call sends no ${kind}.`);
    await transceiver.sender.replaceTrack(track).catch((cause: unknown) => {
      throw toCallError(cause, 'media/failed');
    });
  }

  async setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void> {
    this.#requireReoffer('change video');
    const undo = await changeVideo(this.#connections[0]!, track, stream);
    if (!undo) return;
    try {
      await this.renegotiate(!!track);
    } catch (error) {
      undo();
      throw error;
    }
  }

  /**
   * A re-INVITE offering the connection's media as it is now, receiving video or not (the
   * transceivers were changed: here by {@link setVideo}, or in the tab that holds the media).
   * Rejects with `media/renegotiation-failed` when refused or unanswered.
   */
  async renegotiate(video: boolean): Promise<void> {
    const rtc = this.#requireReoffer('change video');
    // Later re-INVITEs (hold, ICE restart) reuse these: they must not turn video receiving off again.
    const constraints = { offerToReceiveAudio: true, offerToReceiveVideo: video };
    rtc._rtcOfferConstraints = constraints;
    try {
      await this.#reoffer(constraints);
    } catch {
      throw new CallError('media/renegotiation-failed', `The other side did not accept ${video ? 'adding' : 'removing'} video; the call goes on as before.`);
    }
  }

  /**
   * Moves the call's media to a new peer connection (another tab's capture and playback, see
   * `controller.moveHere`): a re-INVITE with its offer (new ICE and DTLS). Once the far end
   * answered, the old connection closes; if it refuses, the call stays as it was.
   */
  async moveMedia(peerConnection: PeerConnectionFactory): Promise<void> {
    const rtc = this.#requireReoffer('move the call') as JsSipInternals & { _connection: RTCPeerConnection };
    const { iceServers, iceTransportPolicy } = this.#host.config();
    const pc = peerConnection({ iceServers, iceTransportPolicy });
    const old = { pc: rtc._connection, connections: this.#connections.splice(0), recovery: this.#iceRecovery };
    const use = (connection: RTCPeerConnection, connections: RTCPeerConnection[], recovery?: IceRecovery) => {
      rtc._connection = connection;
      this.#connections.splice(0, Infinity, ...connections);
      this.#iceRecovery = recovery;
    };
    use(pc, [], undefined);
    this.#hook(pc);
    try {
      await this.#reoffer(rtc._rtcOfferConstraints ?? null);
    } catch {
      this.#iceRecovery?.dispose();
      use(old.pc, old.connections, old.recovery);
      pc.close();
      throw new CallError('media/renegotiation-failed', 'The other side did not accept the call\'s media from this tab; the call stays where it was.');
    }
    old.recovery?.dispose();
    if (old.pc.signalingState !== 'closed') old.pc.close();
  }

  /**
   * After the signalling transport came back: a re-INVITE (no media change) so that the far
   * end's next in-dialog requests (a BYE) reach us over the new connection. If the far end
   * hung up meanwhile, its 481 ends the call as `remote-hangup` (408: `network`).
   */
  async refresh(): Promise<void> {
    if (!this.established) return;
    this.#host.debug(`${this.#label()}: refreshing the dialog after the signalling connection returned`);
    try {
      await this.#reoffer(null);
    } catch {
      /* A refused refresh leaves the dialog as it was; 408/481 end the call through JsSIP. */
    }
  }

  /** Takes new ICE servers for the next ICE restart (RTCPeerConnection.setConfiguration). */
  updateIceServers(config: ProviderConfig): void {
    for (const pc of this.#connections) {
      if (pc.connectionState === 'closed') continue;
      try {
        pc.setConfiguration({ ...pc.getConfiguration(), iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy });
      } catch (cause) {
        this.#host.debug(`${this.#label()}: the peer connection refused the new ICE servers (${(cause as Error).name})`);
      }
    }
  }

  #transceiver(kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
    return liveTransceiver(this.#connections[0], kind);
  }

  peerConnections(): RTCPeerConnection[] {
    return [...this.#connections];
  }

  /** The session, ready for a re-INVITE now; else throws the `CallError` that says why not. */
  #requireReoffer(action: string): JsSipInternals {
    const rtc = this.#requireSession() as unknown as JsSipInternals;
    if (!this.#connections[0]) throw new CallError('call/invalid-state', 'The call has no media connection yet.');
    this.#requireSignalling(action);
    if (!rtc._sendReinvite || rtc.isReadyToReOffer?.() === false) {
      throw new CallError('call/invalid-state', `Cannot ${action} now: another request is in progress. Try again in a moment.`);
    }
    return rtc;
  }

  /**
   * Sends a re-INVITE with `constraints` (null: the session's own) and resolves when it is
   * answered. Rejects when refused or unanswered, with the offer rolled back.
   */
  async #reoffer(constraints: object | null): Promise<void> {
    const rtc = this.#requireReoffer('renegotiate');
    const pc = this.#connections[0]!;
    // JsSIP's public renegotiate() ends the call when the far end refuses; this keeps it.
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => failed(), REQUEST_TIMEOUT_MS);
      const failed = () => {
        clearTimeout(timer);
        if (pc.signalingState === 'have-local-offer') void pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
        reject(new CallError('sip/request-failed', 'The other side did not accept the renegotiation.'));
      };
      rtc._sendReinvite!({
        ...(constraints ? { rtcOfferConstraints: constraints } : {}),
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

  /** An ICE-restart offer, keeping what the session receives (audio, and video if it has it). */
  async #restartIce(): Promise<void> {
    const rtc = this.#requireReoffer('restart ICE');
    const receivesVideo = !!this.#transceiver('video');
    const base = rtc._rtcOfferConstraints ?? { offerToReceiveAudio: true, offerToReceiveVideo: receivesVideo };
    this.#host.debug(`${this.#label()}: ICE restart`);
    return this.#reoffer({ ...base, iceRestart: true });
  }

  #holdRequest(action: 'hold' | 'unhold'): Promise<void> {
    const rtc = this.#requireSession();
    this.#requireSignalling(action === 'hold' ? 'hold' : 'resume');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new CallError('sip/request-failed', `The ${action} request got no answer.`)), REQUEST_TIMEOUT_MS);
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

  #hook(pc: RTCPeerConnection): void {
    if (this.#hooked.has(pc)) return;
    this.#hooked.add(pc);
    this.#connections.push(pc);
    pc.addEventListener('track', (event) => this.#handlers.remoteTrack(event.track));
    if (this.#iceRecovery) return;
    const config = this.#host.config();
    // The caller restarts first; the callee waits longer, so both rarely offer at once (glare).
    const graceMs = ICE_RECOVERY_DEFAULTS.graceMs + (this.#outgoing ? 0 : CALLEE_RESTART_DELAY_MS);
    this.#iceRecovery = new IceRecovery(
      pc,
      {
        restart: () => this.#restartIce(),
        lost: (cause) => {
          this.#host.debug(`${this.#label()}: media path lost (${cause}), restarting ICE`);
          this.#handlers.reconnecting(cause);
        },
        recovered: () => {
          this.#host.debug(`${this.#label()}: media path back`);
          this.#handlers.reconnected();
        },
        gaveUp: () => {
          this.#end({ reason: 'network', endedBy: 'system', rawCause: 'Media Reconnect Timeout' });
          this.#safely(() => this.#rtc?.terminate());
        },
        mediaExpected: () => this.established && !Object.values((this.#rtc as unknown as JsSipInternals).isOnHold()).some(Boolean),
      },
      { graceMs, timeoutMs: config.mediaReconnectTimeout, maxDelayMs: ICE_RECOVERY_DEFAULTS.maxDelayMs },
    );
  }

  #end(end: SessionEnd): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#noAnswerTimer);
    this.#iceRecovery?.dispose();
    this.#host.ended(this);
    this.#handlers.ended(end);
    // JsSIP leaves its connection open when it ends a call for a bad answer (a 2xx whose SDP it
    // cannot apply: it marks the session terminated before the close that would do it).
    for (const pc of this.#connections) if (pc.signalingState !== 'closed') pc.close();
  }

  #requireSession(): RTCSession {
    if (!this.#rtc || this.#over) throw new CallError('call/invalid-state', 'The call is not active.');
    return this.#rtc;
  }

  #requireSignalling(action: string): void {
    if (this.#host.signallingUp()) return;
    throw new CallError(
      'call/signalling-down',
      `Cannot ${action} now: the connection to the SIP server is down (reconnecting). The call and its audio go on; try again once the phone is connected.`,
    );
  }

  #label(): string {
    return `call with ${this.remote.user || this.remote.uri}`;
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch {
      /* JsSIP throws INVALID_STATE_ERROR on a session already terminated: nothing to do. */
    }
  }
}
