// Counts what a benchmark page holds: peer connections not closed, captured tracks still live,
// AudioContexts not closed — by wrapping the constructors and getUserMedia. Import it FIRST in a
// bench file (before any controller module), so everything the library creates goes through the
// wrappers. Only weak references are kept: counting never keeps an object alive, so the heap
// figures of `heapAfterGc` are not inflated by the counters. (Chromium keeps an RTCPeerConnection
// that is not closed, and a live track, alive by itself; a closed one may be collected, and then
// it is no longer open, so a collected object can never be miscounted.)
import { executeServerCommand } from '@web/test-runner-commands';

const created = { peerConnections: 0, tracks: 0, audioContexts: 0 };
const peerConnections = new Set<WeakRef<RTCPeerConnection>>();
const tracks = new Set<WeakRef<MediaStreamTrack>>();
const audioContexts = new Set<WeakRef<AudioContext>>();

function live<T extends object>(set: Set<WeakRef<T>>, isOpen: (x: T) => boolean): number {
  let n = 0;
  for (const ref of [...set]) {
    const x = ref.deref();
    if (!x) set.delete(ref);
    else if (isOpen(x)) n++;
  }
  return n;
}

const RealPeerConnection = globalThis.RTCPeerConnection;
class CountedPeerConnection extends RealPeerConnection {
  constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
    super(...args);
    created.peerConnections++;
    peerConnections.add(new WeakRef(this));
  }
}
globalThis.RTCPeerConnection = CountedPeerConnection;

const RealAudioContext = globalThis.AudioContext;
class CountedAudioContext extends RealAudioContext {
  constructor(...args: ConstructorParameters<typeof AudioContext>) {
    super(...args);
    created.audioContexts++;
    audioContexts.add(new WeakRef(this));
  }
}
globalThis.AudioContext = CountedAudioContext;

function own(stream: MediaStream): MediaStream {
  for (const track of stream.getTracks()) {
    created.tracks++;
    tracks.add(new WeakRef(track));
  }
  return stream;
}
const media = navigator.mediaDevices;
const realGetUserMedia = media.getUserMedia.bind(media);
media.getUserMedia = (constraints?: MediaStreamConstraints) => realGetUserMedia(constraints).then(own);
if (media.getDisplayMedia) {
  const realGetDisplayMedia = media.getDisplayMedia.bind(media);
  media.getDisplayMedia = (options?: DisplayMediaStreamOptions) => realGetDisplayMedia(options).then(own);
}
const realClone = MediaStreamTrack.prototype.clone;
MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
  const copy = realClone.call(this);
  created.tracks++;
  tracks.add(new WeakRef(copy));
  return copy;
};

/** What the page holds now, and how many of each were ever created. */
export function pageCounts() {
  return {
    peerConnectionsOpen: live(peerConnections, (pc) => pc.connectionState !== 'closed'),
    tracksLive: live(tracks, (t) => t.readyState === 'live'),
    audioContextsOpen: live(audioContexts, (c) => c.state !== 'closed'),
    audioContextStates: [...audioContexts].flatMap((r) => r.deref()?.state ?? []).join(','),
    created: { ...created },
  };
}

/** The page's JS heap after a forced GC (CDP), and the objects of some prototypes still alive. */
export interface HeapAfterGc {
  /** V8 heap in use, bytes (Runtime.getHeapUsage usedSize). */
  usedSize: number;
  totalSize: number;
  /** Blink's (Oilpan) heap in use, bytes, where the browser reports it. */
  embedderHeapUsedSize?: number;
  /** Objects alive after GC whose prototype chain holds each named prototype (Runtime.queryObjects). */
  objects: Record<string, number>;
}

/** Collects garbage through CDP, then reads the heap and counts live objects of the page's media classes. */
export function heapAfterGc(): Promise<HeapAfterGc> {
  return executeServerCommand('heap-after-gc', {
    count: {
      RTCPeerConnection: 'RTCPeerConnection.prototype',
      MediaStreamTrack: 'MediaStreamTrack.prototype',
      AudioContext: 'AudioContext.prototype',
    },
  }) as Promise<HeapAfterGc>;
}
