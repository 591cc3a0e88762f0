import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';
import { backoffDelay } from '../../core/backoff.js';
import { CallError } from '../../base/errors.js';
import { shownUrl } from '../../core/shown.js';
import type {
  CallProvider,
  DialCheck,
  DialRequest,
  PeerConnectionFactory,
  ProviderConfig,
  ProviderContext,
  ProviderHandlers,
  ProviderSession,
  SessionHandlers,
  SessionSnapshot,
} from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { isSipDialogSnapshot, takeOverDialog } from './dialog-takeover.js';
import { earlyIceReady } from './ice-gathering.js';
import { JsSIP } from './jssip.js';
import { withPeerConnection } from './peer-factory.js';
import { IceServerHealth } from './ice-server-health.js';
import { sdpOffersVideo } from './sdp-video.js';
import { serverUrls } from './sip-config.js';
import { releaseSipInstance, takeSipInstance } from './sip-instance.js';
import { REFUSALS, autoAnswerHint, extensionHeaders } from './sip-messages.js';
import { SIP_NO_ANSWER_TIMEOUT_S, SipSession } from './sip-session.js';
import type { SipSessionHost } from './sip-session.js';
import { logSignalling } from './signalling-log.js';
import { remoteOf, targetToSipUri, toSipUri } from './uri.js';

/** Longest display name kept from a peer. */
const MAX_DISPLAY_NAME = 256;

interface IncomingSessionEvent {
  originator: string;
  session: RTCSession;
  request: { body?: string; headers?: Record<string, { raw: string }[]> };
}

interface RegistrationFailedEvent {
  cause?: string;
  response?: { status_code?: number; reason_phrase?: string } | null;
}

/** The parts of JsSIP's UA behind {@link SipProvider.retryNow} and the reconnect backoff. */
interface JsSipTransportInternals {
  _transport?: { connect(): void; isConnected(): boolean; isConnecting(): boolean; url?: string; recovery_options?: { max_interval: number } };
}

/** How long `stop()` waits for the WebSocket to close after un-registering. */
const STOP_WAIT_MS = 1500;

/** JsSIP's transport backoff is in whole seconds: at least 1, at most the configured cap. */
const recoverySeconds = (maxMs: number) => Math.max(1, Math.ceil(maxMs / 1000));

/**
 * SIP over WebSocket (RFC 7118) through JsSIP: registration, calls, hold, DTMF, INFO,
 * and the early-ICE policy of {@link earlyIceReady}.
 *
 * Recovery: the transport reconnects with jittered backoff capped at `reconnectMaxDelay`
 * (`reconnecting`); a REGISTER answered 5xx/408 or unanswered is retried with the same backoff
 * (also `reconnecting`); refused credentials (401/403/407) are not retried (`failed`). After
 * the transport returns, every established call is refreshed (see `SipSession.refresh`).
 *
 * Several servers (`server="wss://a…, wss://b…"`, edges of one cluster): JsSIP connects to the
 * first; when a connection is lost or refused it moves to the next one at its next reconnect
 * attempt (1–2 s after the loss, never later than `reconnectMaxDelay`), back to the first
 * after the last. The REGISTER through the new edge carries the same Contact, Call-ID and
 * RFC 5626 `+sip.instance`/`reg-id=1`, so the registrar replaces the binding.
 */
export class SipProvider implements CallProvider {
  readonly name = 'sip';
  /** A call's media can be in another tab (a proxy peer connection, see `core/tabs`). */
  readonly remoteMedia = true;
  readonly #sharedAcrossTabs: boolean;
  /** Holds the password: private, so nothing a page can walk to leads to it. */
  #config: ProviderConfig;
  readonly #handlers: ProviderHandlers;
  readonly #sessions = new Set<SipSession>();
  readonly #sessionHost: SipSessionHost;
  #ua?: UA;
  #everConnected = false;
  /** The transport dropped after being up: the next `connected` is a recovery. */
  #lost = false;
  /** The transport came back after a loss: refresh the calls once registered again. */
  #refreshPending = false;
  /** A connection failure was reported for the current outage. */
  #failureReported = false;
  #registerAttempt = 0;
  /** Servers not yet tried before the first connection (their failures are not reported). */
  #untried = 0;
  /** The RFC 5626 instance id this UA registers with (see sip-instance.ts), and its user. */
  #instance?: { user: string; id: string };
  /** Set while JsSIP builds the session of an INVITE with Replaces for this one. */
  #replacing?: SipSession;
  #registerRetry?: ReturnType<typeof setTimeout>;
  /** Which ICE servers answer, learned per controller (see IceServerHealth). */
  readonly #iceHealth = new IceServerHealth();

  constructor(config: ProviderConfig, handlers: ProviderHandlers, context: ProviderContext = {}) {
    this.#config = config;
    this.#sharedAcrossTabs = !!context.sharedAcrossTabs;
    this.#handlers = handlers;
    this.#sessionHost = {
      config: () => this.#config,
      signallingUp: () => !!this.#ua?.isConnected(),
      ended: (session) => this.#sessions.delete(session),
      debug: (line) => this.#handlers.debug(line),
      referred: (remote, video, sessionHandlers, place) => {
        const session = new SipSession(this.#sessionHost, sessionHandlers, remote, { offersVideo: video, outgoing: true });
        const rtc = place(this.#callOptions(session, video, []));
        this.#sessions.add(session);
        session.setSession(rtc, false);
        session.startNoAnswerTimer();
        return session;
      },
      replacing: (old, accept) => {
        this.#replacing = old;
        try {
          accept();
        } finally {
          this.#replacing = undefined;
        }
      },
    };
  }

  start(): void {
    const config = this.#config;
    let ua: UA;
    try {
      const urls = serverUrls(config.server);
      // JsSIP picks the highest weight first, then the next that has not failed: weights keep the order given.
      const sockets = urls.map((url, i) => {
        const socket = new JsSIP.WebSocketInterface(url);
        logSignalling(socket, (line) => {
          if (this.#config.debug) this.#handlers.debug(line);
        });
        return { socket, weight: urls.length - i };
      });
      this.#untried = urls.length - 1;
      const uri = toSipUri(config.user, config.server);
      if (this.#instance) releaseSipInstance(this.#instance.user, this.#instance.id);
      this.#instance = { user: uri, id: takeSipInstance(uri, this.#sharedAcrossTabs) };
      ua = new JsSIP.UA({
        sockets,
        instance_id: this.#instance.id,
        uri,
        password: config.password,
        authorization_user: config.authUser,
        display_name: config.displayName,
        register: config.register,
        register_expires: 600,
        session_timers: false,
        no_answer_timeout: (config.noAnswerTimeout ?? SIP_NO_ANSWER_TIMEOUT_S) || 3600,
        user_agent: 'call-elements',
        connection_recovery_min_interval: 1,
        connection_recovery_max_interval: recoverySeconds(config.reconnectMaxDelay),
      });
    } catch (cause) {
      this.#handlers.registration(
        'failed',
        new CallError('config/invalid-user', `JsSIP rejected the configuration: ${(cause as Error).message}. Check user and server.`, {
          cause,
          attribute: 'user',
        }),
      );
      return;
    }
    this.#ua = ua;
    ua.on('connecting', () => {
      if (!this.#failureReported) this.#handlers.registration(this.#lost ? 'reconnecting' : 'connecting');
    });
    ua.on('connected', () => this.#onConnected());
    ua.on('disconnected', () => this.#onDisconnected());
    ua.on('registered', () => {
      this.#clearRegisterRetry();
      this.#registerAttempt = 0;
      this.#failureReported = false;
      this.#handlers.registration('registered');
      this.#refreshCalls();
    });
    // A refresh that fails makes JsSIP emit `unregistered` after `registrationFailed`; that is
    // handled there (a retry), never shown as "connected, not registered".
    ua.on('registrationFailed', (e: RegistrationFailedEvent) => this.#onRegistrationFailed(e));
    ua.on('newRTCSession', (e: IncomingSessionEvent) => {
      if (e.originator === 'remote') this.#onIncoming(e);
    });
    ua.start();
  }

  async stop(): Promise<void> {
    const ua = this.#ua;
    this.#ua = undefined;
    this.#clearRegisterRetry();
    if (this.#instance) releaseSipInstance(this.#instance.user, this.#instance.id);
    this.#instance = undefined;
    if (!ua) return;
    const emitter = ua as unknown as { removeAllListeners(): void; once(name: string, fn: () => void): void };
    emitter.removeAllListeners();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_WAIT_MS);
      emitter.once('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        ua.stop();
      } catch {
        clearTimeout(timer);
        resolve();
      }
      if (!ua.isConnected()) {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  update(config: ProviderConfig): void {
    const iceChanged = JSON.stringify([config.iceServers, config.iceTransportPolicy]) !== JSON.stringify([this.#config.iceServers, this.#config.iceTransportPolicy]);
    this.#config = config;
    const ua = this.#ua as (UA & JsSipTransportInternals & { set(name: string, value: unknown): boolean }) | undefined;
    if (!ua) return;
    ua.set('display_name', config.displayName);
    const recovery = ua._transport?.recovery_options;
    if (recovery) recovery.max_interval = recoverySeconds(config.reconnectMaxDelay);
    if (iceChanged) for (const session of this.#sessions) session.updateIceServers(this.#config);
  }

  retryNow(): void {
    const ua = this.#ua as (UA & JsSipTransportInternals) | undefined;
    if (!ua) return;
    const transport = ua._transport;
    if (transport && !transport.isConnected() && !transport.isConnecting()) {
      this.#handlers.debug('retrying the connection now');
      transport.connect();
    } else if (this.#registerRetry) {
      this.#clearRegisterRetry();
      this.#register();
    }
  }

  checkTarget(target: string): RemoteParty {
    const uri = targetToSipUri(target, this.#config.server);
    if (!parsesAsSipUri(uri)) {
      throw new CallError('call/invalid-target', `Cannot call "${target.slice(0, 40)}": it is not a valid SIP address. Enter a user name, number or SIP URI.`, {
        attribute: 'target',
      });
    }
    return remoteOf(uri);
  }

  checkDial(request?: DialCheck): void {
    if (request && (request.targets.length > 1 || request.groupId)) {
      throw new CallError('call/unsupported', 'Cannot start a group call over SIP: it calls one party at a time. Dial each party and merge the calls.');
    }
    if (typeof RTCPeerConnection === 'undefined') {
      // JsSIP would fail inside ua.call() with a bare "WebRTC not supported" (WebKitGTK builds without WebRTC).
      throw new CallError('media/unsupported', 'Cannot call: this browser has no WebRTC (RTCPeerConnection), so it can register but not place or answer calls. Use a browser with WebRTC.');
    }
    const ua = this.#ua;
    if (!ua) throw new CallError('call/invalid-state', 'Cannot call: the SIP connection is not started.');
    if (!ua.isConnected()) {
      throw new CallError('call/signalling-down', 'Cannot call now: the connection to the SIP server is down (reconnecting). Try again in a moment.');
    }
  }

  dial(request: DialRequest, handlers: SessionHandlers): ProviderSession {
    this.checkDial(request);
    const ua = this.#ua!;
    const remote = this.checkTarget(request.target);
    const session = new SipSession(this.#sessionHost, handlers, remote, { offersVideo: request.video, outgoing: true });
    let rtc: RTCSession;
    try {
      const options = { ...this.#callOptions(session, request.video, request.extraHeaders), mediaStream: request.stream };
      rtc = withPeerConnection(request.peerConnection, () => ua.call(remote.uri, options as never));
    } catch (cause) {
      throw new CallError('call/invalid-target', `Cannot call "${request.target}": ${(cause as Error).message}`, { cause, attribute: 'target' });
    }
    this.#sessions.add(session);
    session.setSession(rtc, false);
    session.startNoAnswerTimer();
    return session;
  }

  /**
   * Takes over a call whose dialog was in another tab's UA (see dialog-takeover.ts): the far end
   * learns our Contact from a re-INVITE, sent once registered (at once if we are).
   */
  adopt(snapshot: SessionSnapshot, handlers: SessionHandlers, peerConnection: PeerConnectionFactory): ProviderSession {
    const ua = this.#ua;
    if (!ua) throw new CallError('call/invalid-state', 'Cannot take over the call: the SIP connection is not started.');
    if (!isSipDialogSnapshot(snapshot)) throw new CallError('call/invalid-state', 'Cannot take over the call: it is not a SIP dialog.');
    const { iceServers, iceTransportPolicy } = this.#config;
    const rtc = takeOverDialog(ua, snapshot, peerConnection({ iceServers, iceTransportPolicy }));
    const session = new SipSession(this.#sessionHost, handlers, snapshot.remote, { offersVideo: snapshot.offersVideo, outgoing: snapshot.outgoing });
    this.#sessions.add(session);
    session.setSession(rtc, true);
    this.#handlers.debug(`took over the call with ${snapshot.remote.uri} from the tab that held it`);
    this.#refreshPending = true;
    if (ua.isRegistered() || (!this.#config.register && ua.isConnected())) this.#refreshCalls();
    return session;
  }

  /** The `ua.call` options of an outgoing session (dialled, or placed for a transfer), without the stream. */
  #callOptions(session: SipSession, video: boolean, extraHeaders: string[]): object {
    const config = this.#config;
    const handlers = session.eventHandlers();
    const peerconnection = (e: { peerconnection: RTCPeerConnection }) => {
      (handlers.peerconnection as (e: { peerconnection: RTCPeerConnection }) => void)(e);
      this.#watchIce(e.peerconnection);
    };
    return {
      pcConfig: { iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: video },
      extraHeaders,
      eventHandlers: { ...handlers, icecandidate: this.#iceListener(), peerconnection },
    };
  }

  #onIncoming(e: IncomingSessionEvent): void {
    const identity = e.session.remote_identity;
    const remote = {
      uri: identity.uri.toString(),
      user: String(identity.uri.user ?? ''),
      // Peer data: bounded so a hostile INVITE cannot blow up a layout (rendered as text only).
      displayName: String(identity.display_name ?? '').slice(0, MAX_DISPLAY_NAME),
    };
    const offersVideo = sdpOffersVideo(e.request.body);
    const headers = extensionHeaders(e.request);
    this.#handlers.incoming({
      remote,
      remoteOffersVideo: offersVideo,
      headers,
      autoAnswerAfter: autoAnswerHint(e.request),
      replaces: this.#replacing,
      take: (handlers) => {
        const session = new SipSession(this.#sessionHost, handlers, remote, { offersVideo, outgoing: false, initial: e.request });
        const emitter = e.session as unknown as { on(n: string, h: unknown): void };
        emitter.on('icecandidate', this.#iceListener());
        emitter.on('peerconnection', (p: { peerconnection: RTCPeerConnection }) => this.#watchIce(p.peerconnection));
        this.#sessions.add(session);
        session.setSession(e.session, true);
        return session;
      },
      refuse: (kind) => {
        try {
          e.session.terminate(REFUSALS[kind]);
        } catch {
          /* The caller cancelled meanwhile. */
        }
      },
    });
  }

  /** The early-ICE listener of a new session: waits only for the servers known to answer. */
  #iceListener() {
    const config = this.#config;
    const relayOnly = config.iceTransportPolicy === 'relay';
    return earlyIceReady(this.#iceHealth.expectation(config.iceServers, config.iceTransportPolicy), config.iceGatheringTimeout, relayOnly);
  }

  /** Counts which configured servers answer in `pc`'s gatherings, for the next calls. */
  #watchIce(pc: RTCPeerConnection): void {
    const config = this.#config;
    this.#iceHealth.watch(pc, config.iceServers, config.iceTransportPolicy ?? 'all', config.iceGatheringTimeout);
  }

  #onConnected(): void {
    const recovered = this.#lost;
    this.#everConnected = true;
    this.#lost = false;
    this.#failureReported = false;
    this.#clearRegisterRetry();
    this.#handlers.registration(this.#config.register ? 'registering' : 'connected');
    if (recovered) this.#refreshPending = true;
    if (!this.#config.register) this.#refreshCalls();
  }

  /**
   * After a reconnect, once registered again (so the far end's requests can find us): a
   * refresh of every established call, each after a random 0–500 ms so that two phones that
   * came back together rarely send theirs at the same moment.
   */
  #refreshCalls(): void {
    if (!this.#refreshPending) return;
    this.#refreshPending = false;
    for (const session of this.#sessions) setTimeout(() => void session.refresh(), Math.random() * 500);
  }

  #onDisconnected(): void {
    this.#clearRegisterRetry();
    if (this.#everConnected) this.#lost = true;
    if (this.#failureReported) return;
    const { server, connectTimeout } = this.#config;
    const lost = (this.#ua as (UA & JsSipTransportInternals) | undefined)?._transport?.url ?? server;
    if (!this.#everConnected && this.#untried > 0) {
      this.#untried--;
      this.#handlers.debug(`could not connect to ${shownUrl(lost)}; trying the next server`);
      return;
    }
    this.#failureReported = true;
    if (this.#everConnected) {
      const next = serverUrls(server).length > 1 ? 'Moving to the next server…' : 'Reconnecting…';
      this.#handlers.registration('reconnecting', new CallError('network/disconnected', `Lost the connection to ${shownUrl(lost)}. ${next}`));
    } else {
      this.#handlers.registration(
        'failed',
        new CallError(
          'network/connect-timeout',
          `Could not connect to ${shownUrl(server)} (refused or unreachable; limit ${connectTimeout / 1000} s). Check the server URL and that the server runs. Retrying in the background.`,
        ),
      );
    }
  }

  #onRegistrationFailed(e: RegistrationFailedEvent): void {
    const config = this.#config;
    const status = e.response?.status_code;
    // The transport dropped: its recovery registers again once connected.
    if (e.cause === 'Connection Error' || !this.#ua?.isConnected()) return;
    const refused = status === 401 || status === 403 || status === 407 || e.cause === 'Authentication Error';
    const what = status ? `${status} ${e.response?.reason_phrase ?? ''}`.trim() : e.cause;
    if (refused) {
      this.#handlers.registration(
        'failed',
        new CallError(
          'sip/registration-failed',
          `Registration of ${config.user} failed (${what}). Check the user name and password (and auth-user, if the PBX uses one).`,
          { cause: { cause: e.cause, status } },
        ),
      );
      return;
    }
    const delay = backoffDelay(this.#registerAttempt++, config.reconnectMaxDelay, 1000);
    const error = new CallError(
      'sip/registration-failed',
      `Registration of ${config.user} failed (${what}). Retrying in ${(delay / 1000).toFixed(1)} s.`,
      { cause: { cause: e.cause, status } },
    );
    // Report the first failure of a streak; the state says the rest.
    this.#handlers.registration('reconnecting', this.#failureReported ? undefined : error);
    this.#failureReported = true;
    this.#handlers.debug(`REGISTER failed (${what}); next attempt in ${delay} ms`);
    this.#clearRegisterRetry();
    this.#registerRetry = setTimeout(() => {
      this.#registerRetry = undefined;
      this.#register();
    }, delay);
  }

  #register(): void {
    const ua = this.#ua;
    if (!ua?.isConnected()) return;
    this.#handlers.registration('registering');
    ua.register();
  }

  #clearRegisterRetry(): void {
    clearTimeout(this.#registerRetry);
    this.#registerRetry = undefined;
  }
}

/** Whether JsSIP can parse `uri`: it returns nothing for most bad ones, and throws (URIError) for a bad %-escape. */
function parsesAsSipUri(uri: string): boolean {
  try {
    return !!JsSIP.URI.parse(uri);
  } catch {
    return false;
  }
}
