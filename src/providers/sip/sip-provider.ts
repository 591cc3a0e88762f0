import * as JsSIPNamespace from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';
import { CallError } from '../../core/errors.js';
import type { CallProvider, DialRequest, ProviderConfig, ProviderHandlers, ProviderSession } from '../../core/provider.js';
import { earlyIceReady, expectedCandidates } from './ice-gathering.js';
import { sdpOffersVideo } from './sdp-video.js';
import { SipSession } from './sip-session.js';
import { targetToSipUri, toSipUri } from './uri.js';

/** JsSIP is CommonJS: depending on the bundler its API is the namespace or its default export. */
const JsSIP: typeof JsSIPNamespace = (JsSIPNamespace as { default?: typeof JsSIPNamespace }).default ?? JsSIPNamespace;

/** Longest display name kept from a peer. */
const MAX_DISPLAY_NAME = 256;

interface IncomingSessionEvent {
  originator: string;
  session: RTCSession;
  request: { body?: string; headers?: Record<string, { raw: string }[]> };
}

/**
 * SIP over WebSocket (RFC 7118) through JsSIP: registration, calls, hold, DTMF, INFO,
 * and the early-ICE policy of {@link earlyIceReady}.
 */
export class SipProvider implements CallProvider {
  readonly name = 'sip';
  /** Holds the password: private, so nothing a page can walk to leads to it. */
  readonly #config: ProviderConfig;
  readonly #handlers: ProviderHandlers;
  #ua?: UA;
  #everConnected = false;
  #failureReported = false;

  constructor(config: ProviderConfig, handlers: ProviderHandlers) {
    this.#config = config;
    this.#handlers = handlers;
  }

  start(): void {
    const config = this.#config;
    let ua: UA;
    try {
      ua = new JsSIP.UA({
        sockets: [new JsSIP.WebSocketInterface(config.server)],
        uri: toSipUri(config.user, config.server),
        password: config.password,
        authorization_user: config.authUser,
        display_name: config.displayName,
        register: config.register,
        register_expires: 600,
        session_timers: false,
        no_answer_timeout: config.noAnswerTimeout || 3600,
        user_agent: 'call-elements',
        connection_recovery_min_interval: 2,
        connection_recovery_max_interval: 30,
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
      if (!this.#failureReported) this.#handlers.registration('connecting');
    });
    ua.on('connected', () => {
      this.#everConnected = true;
      this.#failureReported = false;
      this.#handlers.registration(config.register ? 'registering' : 'connected');
    });
    ua.on('disconnected', () => this.#onDisconnected());
    ua.on('registered', () => this.#handlers.registration('registered'));
    ua.on('unregistered', () => {
      if (ua.isConnected()) this.#handlers.registration('connected');
    });
    ua.on('registrationFailed', (e: { cause?: string; response?: { status_code?: number; reason_phrase?: string } | null }) => {
      const status = e.response?.status_code;
      const auth = status === 401 || status === 403 || status === 407 || e.cause === 'Authentication Error';
      this.#handlers.registration(
        'failed',
        new CallError(
          'sip/registration-failed',
          `Registration of ${config.user} failed (${status ? `${status} ${e.response?.reason_phrase ?? ''}`.trim() : e.cause}). ` +
            (auth ? 'Check the user name and password (and auth-user, if the PBX uses one).' : 'Check the server and account settings.'),
          { cause: { cause: e.cause, status } },
        ),
      );
    });
    ua.on('newRTCSession', (e: IncomingSessionEvent) => {
      if (e.originator === 'remote') this.#onIncoming(e);
    });
    ua.start();
  }

  async stop(): Promise<void> {
    const ua = this.#ua;
    this.#ua = undefined;
    if (!ua) return;
    const emitter = ua as unknown as { removeAllListeners(): void; once(name: string, fn: () => void): void };
    emitter.removeAllListeners();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1500);
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

  dial(request: DialRequest): ProviderSession {
    const ua = this.#ua;
    if (!ua) throw new CallError('call/invalid-state', 'Cannot call: the SIP connection is not started.');
    const uri = targetToSipUri(request.target, this.#config.server);
    const remote = { uri, user: uri.replace(/^sips?:/, '').split('@')[0], displayName: '' };
    const session = new SipSession(this.#config, remote, request.video);
    const handlers = session.eventHandlers();
    const icecandidate = this.#iceListener();
    let rtc: RTCSession;
    try {
      rtc = ua.call(uri, {
        mediaStream: request.stream,
        pcConfig: { iceServers: this.#config.iceServers, iceTransportPolicy: this.#config.iceTransportPolicy },
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: request.video },
        extraHeaders: request.extraHeaders,
        eventHandlers: { ...handlers, icecandidate },
      } as never);
    } catch (cause) {
      throw new CallError('call/invalid-target', `Cannot call "${request.target}": ${(cause as Error).message}`, { cause, attribute: 'target' });
    }
    session.setSession(rtc, false);
    session.startNoAnswerTimer();
    return session;
  }

  #onIncoming(e: IncomingSessionEvent): void {
    const identity = e.session.remote_identity;
    const remote = {
      uri: identity.uri.toString(),
      user: String(identity.uri.user ?? ''),
      // Peer data: bounded so a hostile INVITE cannot blow up a layout (rendered as text only).
      displayName: String(identity.display_name ?? '').slice(0, MAX_DISPLAY_NAME),
    };
    const session = new SipSession(this.#config, remote, sdpOffersVideo(e.request.body), e.request);
    (e.session as unknown as { on(n: string, h: unknown): void }).on('icecandidate', this.#iceListener());
    session.setSession(e.session, true);
    this.#handlers.incoming(session);
  }

  #iceListener() {
    const relayOnly = this.#config.iceTransportPolicy === 'relay';
    return earlyIceReady(expectedCandidates(this.#config.iceServers, this.#config.iceTransportPolicy), this.#config.iceGatheringTimeout, relayOnly);
  }

  #onDisconnected(): void {
    if (this.#failureReported) return;
    this.#failureReported = true;
    const { server, connectTimeout } = this.#config;
    this.#handlers.registration(
      'failed',
      this.#everConnected
        ? new CallError('network/disconnected', `Lost the connection to ${server}. Reconnecting…`)
        : new CallError(
            'network/connect-timeout',
            `Could not connect to ${server} (refused or unreachable; limit ${connectTimeout / 1000} s). Check the server URL and that the server runs. Retrying in the background.`,
          ),
    );
  }
}
