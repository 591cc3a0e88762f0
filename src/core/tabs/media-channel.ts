/**
 * A call's media across tabs when it is not a peer connection (TRTC's room): the media tab's
 * {@link ChannelHost} runs the provider's {@link TabMedia} there, and the leading tab's
 * {@link ChannelProxy} is the provider's {@link MediaChannel} to it. They travel as the peer
 * connection's requests and events do (`peer` requests, `peer-event` messages), so the rest of
 * the tab machinery treats both kinds of media alike.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { MediaChannel, TabMedia, TabMediaHandlers } from '../provider.js';
import type { TabBus, TabMessage } from './tab-bus.js';
import type { TabRpc } from './tab-rpc.js';

/** An event of a {@link ChannelHost}, as its proxy receives it. */
export interface ChannelEvent {
  type: string;
  args: unknown[];
}

/** Makes the provider's media here (`CallProvider.tabMedia`). */
export type TabMediaFactory = (stream: MediaStream, handlers: TabMediaHandlers) => TabMedia;

/** The media of one call in its media tab, for the leading tab's proxy (see the module comment). */
export class ChannelHost {
  readonly id: string;
  readonly media: TabMedia;
  /** The leading tab, learnt from its first request. */
  #leader?: string;

  constructor(bus: TabBus, open: TabMediaFactory, stream: MediaStream, remoteTrack: TabMediaHandlers['remoteTrack']) {
    this.id = `${bus.id}:${Math.random().toString(36).slice(2, 10)}`;
    this.media = open(stream, {
      emit: (type, args) => {
        if (this.#leader) bus.post({ t: 'peer-event', to: this.#leader, peer: this.id, event: { type, args } satisfies ChannelEvent });
      },
      remoteTrack,
    });
  }

  /** Channel media has no peer connection a page could read. */
  get connection(): undefined {
    return undefined;
  }

  /** Runs one request of the leading tab's proxy. */
  handle(message: TabMessage): Promise<unknown> {
    this.#leader = message.from;
    const { op, ...fields } = message;
    if (typeof op !== 'string') throw new CallError('call/unsupported', 'A media request without an operation.');
    return this.media.handle(op, fields);
  }

  /** Ends the media here. */
  close(): void {
    this.media.close();
  }
}

/** The leading tab's link to a {@link ChannelHost} (see the module comment). */
export class ChannelProxy implements MediaChannel {
  readonly #rpc: TabRpc;
  readonly #tab: string;
  readonly #peer: string;
  #listener?: (name: string, args: unknown[]) => void;

  constructor(rpc: TabRpc, tab: string, peer: string) {
    this.#rpc = rpc;
    this.#tab = tab;
    this.#peer = peer;
  }

  request(op: string, fields: Record<string, unknown> = {}): Promise<unknown> {
    return this.#rpc.request(this.#tab, 'peer', { ...fields, peer: this.#peer, op });
  }

  listen(listener: (name: string, args: unknown[]) => void): void {
    this.#listener = listener;
  }

  /** An event of the host. */
  receive(event: ChannelEvent): void {
    this.#listener?.(event.type, event.args);
  }
}
