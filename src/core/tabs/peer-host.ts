/**
 * The real peer connection of a call whose signalling runs in another tab (see
 * `peer-proxy.ts`): it lives in the tab where the user dialled or answered, sends that tab's
 * captured tracks and hands the remote tracks to that tab's call. The leading tab's proxy asks
 * for each operation (`peer` requests); every reply and every state change carries the state
 * after it, so the proxy's properties stay in step.
 * @module
 */
import { CallError } from '../../base/errors.js';
import { peerState, wireCandidate } from './peer-wire.js';
import type { TabMessage } from './tab-bus.js';
import type { TabBus } from './tab-bus.js';

/** Events of the real peer connection the proxy re-dispatches. */
const FORWARDED = ['icegatheringstatechange', 'iceconnectionstatechange', 'connectionstatechange', 'signalingstatechange'] as const;

/** One call's real peer connection in its media tab (see the module comment). */
export class PeerHost {
  readonly id: string;
  #pc?: RTCPeerConnection;
  readonly #bus: TabBus;
  readonly #stream: MediaStream;
  readonly #onTrack: (track: MediaStreamTrack) => void;
  /** The leading tab (where the proxy is), learnt from its first request. */
  #leader?: string;

  constructor(bus: TabBus, stream: MediaStream, onTrack: (track: MediaStreamTrack) => void) {
    this.id = `${bus.id}:${Math.random().toString(36).slice(2, 10)}`;
    this.#bus = bus;
    this.#stream = stream;
    this.#onTrack = onTrack;
  }

  /** The real peer connection, once the leading tab created it. */
  get connection(): RTCPeerConnection | undefined {
    return this.#pc;
  }

  /** Runs one `peer` request of the proxy (its operations arrive in order, one at a time). */
  async handle(message: TabMessage): Promise<unknown> {
    this.#leader = message.from;
    const op = message.op as string;
    if (op === 'create') return this.#reply(this.#create(message.configuration as RTCConfiguration));
    const pc = this.#pc;
    if (!pc) throw new CallError('call/invalid-state', 'The call has no media connection yet.');
    switch (op) {
      case 'createOffer':
        return this.#reply(plain(await pc.createOffer(message.options as RTCOfferOptions)));
      case 'createAnswer':
        return this.#reply(plain(await pc.createAnswer(message.options as RTCAnswerOptions)));
      case 'setLocalDescription':
        await pc.setLocalDescription((message.description as RTCSessionDescriptionInit | null) ?? undefined);
        return this.#reply();
      case 'setRemoteDescription':
        await pc.setRemoteDescription(message.description as RTCSessionDescriptionInit);
        return this.#reply();
      case 'addIceCandidate':
        await pc.addIceCandidate((message.candidate as RTCIceCandidateInit | null) ?? undefined);
        return this.#reply();
      case 'setConfiguration':
        pc.setConfiguration(message.configuration as RTCConfiguration);
        return this.#reply();
      case 'getStats':
        return this.#reply([...(await pc.getStats()).entries()]);
      case 'close':
        this.close();
        return this.#reply();
      default:
        throw new CallError('call/unsupported', `A peer connection has no operation "${op}".`);
    }
  }

  /** Ends the media of the call here. */
  close(): void {
    if (this.#pc && this.#pc.signalingState !== 'closed') this.#pc.close();
  }

  #create(configuration: RTCConfiguration): undefined {
    if (this.#pc) return undefined;
    const pc = new RTCPeerConnection(configuration);
    this.#pc = pc;
    for (const track of this.#stream.getTracks()) pc.addTrack(track, this.#stream);
    pc.addEventListener('track', (event) => this.#onTrack(event.track));
    pc.addEventListener('icecandidate', (event) => {
      const url = (event as RTCPeerConnectionIceEvent & { url?: string | null }).url;
      this.#emit('icecandidate', { candidate: wireCandidate(event.candidate, url) });
    });
    for (const type of FORWARDED) pc.addEventListener(type, () => this.#emit(type, {}));
    return undefined;
  }

  #emit(type: string, fields: Record<string, unknown>): void {
    if (!this.#pc || !this.#leader) return;
    this.#bus.post({ t: 'peer-event', to: this.#leader, peer: this.id, event: { type, state: peerState(this.#pc), ...fields } });
  }

  #reply(value?: unknown): { value: unknown; state: ReturnType<typeof peerState> | undefined } {
    return { value, state: this.#pc ? peerState(this.#pc) : undefined };
  }
}

/** A description as plain data. */
function plain(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return { type: description.type, sdp: description.sdp };
}
