/**
 * A call of a tab that does not hold the phone's signalling: its media is here (the tab where
 * the user dialled or answered: capture, the real peer connection in {@link PeerHost}, playback),
 * its signalling in the leading tab. The controller sees an ordinary provider session; each
 * request goes to the leading tab, whose events come back through {@link receive}.
 *
 * Acted on here, without the leading tab: device switch (the real sender's `replaceTrack`),
 * mute (the controller's tracks) and RFC 4733 tones (the real sender's `dtmf`). Adding or
 * removing video changes the real transceivers here; the leading tab then renegotiates.
 *
 * A provider whose media is not a peer connection (TRTC) hosts it here itself
 * (`CallProvider.tabMedia`, through a {@link ChannelHost}): device switch and video go to it,
 * and call quality reads its figures.
 * @module
 */
import { CallError } from '../../base/errors.js';
import { changeVideo, liveTransceiver } from '../../media/video-transceiver.js';
import type { ProviderConfig, ProviderSession, SessionHandlers, StatsSource } from '../provider.js';
import type { RemoteParty } from '../types.js';
import { ChannelHost } from './media-channel.js';
import type { TabMediaFactory } from './media-channel.js';
import { PeerHost } from './peer-host.js';
import type { TabBus } from './tab-bus.js';

/** The optional requests a session may have (its features), as the leading tab lists them. */
export const OPTIONAL_REQUESTS = ['hold', 'unhold', 'sendDtmf', 'sendInfo', 'transfer', 'invite', 'setMuted'] as const;
/** One of {@link OPTIONAL_REQUESTS}. */
export type OptionalRequest = (typeof OPTIONAL_REQUESTS)[number];

/** What a remote session needs from its tab. */
export interface RemoteSessionHost {
  bus: TabBus;
  /** Sends request `op` of call `call` to the leading tab; resolves with its reply. */
  request(call: string, op: string, fields?: Record<string, unknown>): Promise<unknown>;
  config(): ProviderConfig;
  /** The provider's own media here, when it is not a peer connection (`CallProvider.tabMedia`). */
  tabMedia?: TabMediaFactory;
  /** The session ended: forget it. */
  ended(session: RemoteSession): void;
}

/** How a remote session first shows: what the leading tab knows of the call. */
export interface RemoteSessionInit {
  id: string;
  remote: RemoteParty;
  remoteOffersVideo: boolean;
  headers: Record<string, string>;
  invitees?: readonly string[];
  requests: readonly OptionalRequest[];
}

/** A call whose signalling is in the leading tab (see the module comment). */
export class RemoteSession implements ProviderSession {
  readonly id: string;
  readonly remote: RemoteParty;
  readonly remoteOffersVideo: boolean;
  readonly invitees?: readonly string[];
  #headers: Record<string, string>;
  readonly #host: RemoteSessionHost;
  readonly #handlers: SessionHandlers;
  #peer?: PeerHost | ChannelHost;
  #over = false;

  /** Optional requests, present when the leading tab's session has them (see `call.features`). */
  hold?: () => Promise<void>;
  unhold?: () => Promise<void>;
  sendDtmf?: (tones: string) => void;
  sendInfo?: (contentType: string, body: string) => void;
  transfer?: (target: string | ProviderSession) => Promise<void>;
  invite?: (targets: string[]) => Promise<void>;
  setMuted?: (kind: 'audio' | 'video', muted: boolean) => void;

  constructor(host: RemoteSessionHost, handlers: SessionHandlers, init: RemoteSessionInit) {
    this.#host = host;
    this.#handlers = handlers;
    this.id = init.id;
    this.remote = init.remote;
    this.remoteOffersVideo = init.remoteOffersVideo;
    this.invitees = init.invitees;
    this.#headers = { ...init.headers };
    this.offer(init.requests);
  }

  get headers(): Record<string, string> {
    return { ...this.#headers };
  }

  /** The host of this call's media (created by {@link media}). */
  get peer(): PeerHost | ChannelHost | undefined {
    return this.#peer;
  }

  /** Creates the host of this call's media for `stream` (before dialling or answering). */
  media(stream: MediaStream): PeerHost | ChannelHost {
    const remoteTrack = (track: MediaStreamTrack, participant?: string) => this.#handlers.remoteTrack(track, participant);
    const { bus, tabMedia } = this.#host;
    this.#peer = tabMedia ? new ChannelHost(bus, tabMedia, stream, remoteTrack) : new PeerHost(bus, stream, remoteTrack);
    return this.#peer;
  }

  /** Gives this session the optional requests the leading tab's session has. */
  offer(requests: readonly OptionalRequest[]): void {
    const send = (op: string, fields?: Record<string, unknown>) => this.#host.request(this.id, op, fields) as Promise<void>;
    const post = (op: string, fields?: Record<string, unknown>) => void send(op, fields).catch(() => undefined);
    for (const request of requests) {
      if (request === 'hold') this.hold = () => send('hold');
      if (request === 'unhold') this.unhold = () => send('unhold');
      if (request === 'sendDtmf') this.sendDtmf = (tones) => this.#sendDtmf(tones, post);
      if (request === 'sendInfo') this.sendInfo = (contentType, body) => post('sendInfo', { contentType, body });
      if (request === 'transfer') {
        this.transfer = (target) =>
          send('transfer', typeof target === 'string' ? { target } : { targetCall: (target as RemoteSession).id });
      }
      if (request === 'invite') this.invite = (targets) => send('invite', { targets });
      if (request === 'setMuted') this.setMuted = (kind, muted) => post('setMuted', { kind, muted });
    }
  }

  async answer(stream: MediaStream, video: boolean, extraHeaders: string[] = []): Promise<void> {
    const peer = this.media(stream);
    await this.#host.request(this.id, 'answer', { video, extraHeaders, peer: peer.id });
  }

  reject(kind: 'busy' | 'decline' | 'timeout'): void {
    void this.#host.request(this.id, 'reject', { kind }).catch(() => undefined);
  }

  hangup(): void {
    void this.#host.request(this.id, 'hangup').catch(() => undefined);
  }

  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (this.#peer instanceof ChannelHost) return this.#peer.media.replaceTrack(kind, track);
    const transceiver = this.#transceiver(kind);
    if (!transceiver) throw new CallError('call/invalid-state', `This call sends no ${kind}.`);
    await transceiver.sender.replaceTrack(track);
  }

  /** Changes the real peer connection's video here, then the leading tab renegotiates it (undone if refused). */
  async setVideo(track: MediaStreamTrack | null, stream: MediaStream): Promise<void> {
    if (this.#peer instanceof ChannelHost) {
      await this.#peer.media.replaceTrack('video', track);
      await this.#host.request(this.id, 'renegotiate', { video: !!track });
      return;
    }
    const pc = this.#peer?.connection;
    if (!pc) throw new CallError('call/invalid-state', 'The call has no media connection yet.');
    const undo = await changeVideo(pc, track, stream);
    if (!undo) return;
    try {
      await this.#host.request(this.id, 'renegotiate', { video: !!track });
    } catch (error) {
      undo();
      throw error;
    }
  }

  peerConnections(): RTCPeerConnection[] {
    const pc = this.#peer?.connection;
    return pc ? [pc] : [];
  }

  /** Where call quality reads its figures: the provider's media here, when it is not a peer connection. */
  statsSource(): StatsSource | undefined {
    return this.#peer instanceof ChannelHost ? this.#peer.media.statsSource() : undefined;
  }

  /** An event of the leading tab's session (a {@link SessionHandlers} call). */
  receive(name: keyof SessionHandlers, args: unknown[]): void {
    if (this.#over) return;
    if (name === 'connected') this.#adoptHeaders(args[0]);
    if (name === 'ended') this.end();
    // `connected` carries the far end's headers, then (after a move) when the call first connected.
    (this.#handlers[name] as (...a: unknown[]) => void)(...(name === 'connected' ? args.slice(1) : args));
  }

  /** Ends the media here (the call ended, or its signalling is lost). */
  end(): void {
    if (this.#over) return;
    this.#over = true;
    this.#peer?.close();
    this.#host.ended(this);
  }

  #adoptHeaders(headers: unknown): void {
    if (headers && typeof headers === 'object') this.#headers = { ...(headers as Record<string, string>) };
  }

  /** RFC 4733 tones go out here, on the real audio sender; other transports through the leading tab. */
  #sendDtmf(tones: string, post: (op: string, fields?: Record<string, unknown>) => void): void {
    const { dtmfTransport, dtmfDuration, dtmfGap } = this.#host.config();
    if (dtmfTransport !== 'rfc4733') {
      post('sendDtmf', { tones });
      return;
    }
    const dtmf = this.#transceiver('audio')?.sender.dtmf;
    if (!dtmf?.canInsertDTMF) throw new CallError('call/invalid-state', 'Cannot send tones now: the call has no audio connection yet.');
    const onTone = (event: RTCDTMFToneChangeEvent) => {
      if (!event.tone) dtmf.removeEventListener('tonechange', onTone);
      else if (event.tone !== ',') this.#handlers.dtmf(event.tone, 'local');
    };
    dtmf.addEventListener('tonechange', onTone);
    dtmf.insertDTMF(tones, dtmfDuration, dtmfGap);
  }

  #transceiver(kind: 'audio' | 'video'): RTCRtpTransceiver | undefined {
    return liveTransceiver(this.#peer?.connection, kind);
  }
}
