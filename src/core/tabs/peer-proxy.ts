/**
 * A stand-in `RTCPeerConnection` in the tab that holds the phone's signalling, for a call whose
 * media lives in another tab (the tab where the user dialled or answered). The provider's SIP
 * stack drives it exactly as it drives a real one — offers, answers, ICE restarts, candidates —
 * and each request runs on the real peer connection in the media tab ({@link PeerHost}), which
 * captures, sends and plays there. Properties read the state the media tab copied with its last
 * reply or event ({@link PeerState}), so they answer synchronously and in order.
 *
 * What it does not carry: tracks (`addTrack` is a no-op: the media tab adds its own), senders
 * (`getSenders()` is empty: mute, device switch and RFC 4733 tones act on the real senders in
 * the media tab) and `track` events (remote media plays in the media tab).
 * @module
 */
import type { PeerState, WireCandidate } from './peer-wire.js';
import type { TabRpc } from './tab-rpc.js';

/** A proxy's link to its real peer connection: the media tab and the peer's id there. */
export interface PeerLink {
  rpc: TabRpc;
  tab: string;
  peer: string;
}

/** What the media tab's peer reports unasked (see `PeerHost`). */
export interface PeerEvent {
  type: string;
  state: PeerState;
  candidate?: WireCandidate | null;
}

/** A stand-in peer connection (see the module comment). */
export class ProxyPeerConnection extends EventTarget {
  readonly #link: PeerLink;
  #state: PeerState = {
    signalingState: 'stable',
    iceGatheringState: 'new',
    iceConnectionState: 'new',
    connectionState: 'new',
    localDescription: null,
    remoteDescription: null,
    transceivers: [],
  };
  #configuration: RTCConfiguration;
  /** Requests run one after the other, as on a real peer connection (its operations chain). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(link: PeerLink, configuration: RTCConfiguration = {}) {
    super();
    this.#link = link;
    this.#configuration = configuration;
    void this.#call('create', { configuration: plainConfiguration(configuration) }).catch(() => undefined);
  }

  get signalingState(): RTCSignalingState {
    return this.#state.signalingState;
  }
  get iceGatheringState(): RTCIceGatheringState {
    return this.#state.iceGatheringState;
  }
  get iceConnectionState(): RTCIceConnectionState {
    return this.#state.iceConnectionState;
  }
  get connectionState(): RTCPeerConnectionState {
    return this.#state.connectionState;
  }
  get localDescription(): RTCSessionDescriptionInit | null {
    return this.#state.localDescription;
  }
  get remoteDescription(): RTCSessionDescriptionInit | null {
    return this.#state.remoteDescription;
  }

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    return this.#call('createOffer', { options: options ?? {} }) as Promise<RTCSessionDescriptionInit>;
  }
  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit> {
    return this.#call('createAnswer', { options: options ?? {} }) as Promise<RTCSessionDescriptionInit>;
  }
  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await this.#call('setLocalDescription', { description: plainDescription(description) });
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await this.#call('setRemoteDescription', { description: plainDescription(description) });
  }
  async addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
    await this.#call('addIceCandidate', { candidate: candidate ?? null });
  }
  getConfiguration(): RTCConfiguration {
    return { ...this.#configuration };
  }
  setConfiguration(configuration: RTCConfiguration): void {
    this.#configuration = configuration;
    void this.#call('setConfiguration', { configuration: plainConfiguration(configuration) }).catch(() => undefined);
  }
  /** Stats of the real peer connection, as a map like `RTCStatsReport`. */
  async getStats(): Promise<RTCStatsReport> {
    const entries = (await this.#call('getStats', {})) as [string, RTCStats][];
    return new Map(entries) as unknown as RTCStatsReport;
  }
  /** The media tab adds its own tracks; nothing to carry. */
  addTrack(): RTCRtpSender {
    return {} as RTCRtpSender;
  }
  getSenders(): RTCRtpSender[] {
    return [];
  }
  getReceivers(): RTCRtpReceiver[] {
    return [];
  }
  /** Read-only views of the real transceivers (kind, direction): enough to tell what the call carries. */
  getTransceivers(): RTCRtpTransceiver[] {
    return this.#state.transceivers.map(
      (t) =>
        ({
          mid: t.mid,
          direction: t.direction,
          currentDirection: null,
          stopped: t.stopped,
          receiver: { track: { kind: t.kind } },
          sender: { track: t.sending ? { kind: t.kind } : null },
        }) as unknown as RTCRtpTransceiver,
    );
  }
  close(): void {
    if (this.#state.signalingState === 'closed') return;
    this.#state = { ...this.#state, signalingState: 'closed', iceConnectionState: 'closed', connectionState: 'closed' };
    void this.#call('close', {}).catch(() => undefined);
  }

  /** An event of the real peer connection, with its state after it. */
  receive(event: PeerEvent): void {
    this.#state = event.state;
    const dispatched = new Event(event.type);
    if (event.type === 'icecandidate') {
      const candidate = event.candidate ? { ...event.candidate, toJSON: () => ({ candidate: event.candidate!.candidate, sdpMid: event.candidate!.sdpMid, sdpMLineIndex: event.candidate!.sdpMLineIndex }) } : null;
      Object.defineProperty(dispatched, 'candidate', { value: candidate });
      Object.defineProperty(dispatched, 'url', { value: event.candidate?.url ?? null });
    }
    this.dispatchEvent(dispatched);
  }

  #call(op: string, fields: Record<string, unknown>): Promise<unknown> {
    const { rpc, tab, peer } = this.#link;
    const run = () =>
      rpc.request(tab, 'peer', { peer, op, ...fields }).then((reply) => {
        const { state, value } = reply as { state: PeerState; value: unknown };
        if (state && this.#state.signalingState !== 'closed') this.#state = state;
        return value;
      });
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

/** `description` without the methods of an `RTCSessionDescription` (it must be cloneable). */
function plainDescription(description?: RTCSessionDescriptionInit | null): RTCSessionDescriptionInit | null {
  return description ? { type: description.type, ...(description.sdp !== undefined ? { sdp: description.sdp } : {}) } : null;
}

/** The cloneable part of a configuration (certificates stay out: the media tab makes its own). */
function plainConfiguration(configuration: RTCConfiguration): RTCConfiguration {
  const { certificates: _certificates, ...rest } = configuration;
  return JSON.parse(JSON.stringify(rest)) as RTCConfiguration;
}
