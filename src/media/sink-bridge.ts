/**
 * Where Web Audio plays on a chosen output device in engines whose AudioContext cannot choose
 * one (no `AudioContext.setSinkId`: Firefox, Safari) while media elements can (Firefox 116+):
 * a MediaStream destination on the context, played by an `<audio>` element on that device.
 * One bridge per context and device, made on first use and kept (an idle bridge carries
 * silence and costs no decoding).
 * @module
 */

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

interface Bridge {
  context: AudioContext;
  node: MediaStreamAudioDestinationNode;
  element: SinkElement;
}

const bridges = new Map<string, Bridge>();

/** Whether Web Audio needs a bridge to reach `sinkId` ('' = the default: never). */
export function needsBridge(ctx: AudioContext, sinkId: string): boolean {
  return (
    !!sinkId &&
    !('setSinkId' in ctx) &&
    typeof HTMLMediaElement !== 'undefined' &&
    'setSinkId' in HTMLMediaElement.prototype &&
    typeof ctx.createMediaStreamDestination === 'function'
  );
}

/**
 * The node to connect a sound to so that it plays on `sinkId`: the context's destination where
 * the context routes itself (or for the default device), else the bridge to that device.
 */
export function outputNode(ctx: AudioContext, sinkId: string): AudioNode {
  if (!needsBridge(ctx, sinkId)) return ctx.destination;
  let bridge = bridges.get(sinkId);
  if (bridge && bridge.context !== ctx) {
    bridge.element.srcObject = null;
    bridge = undefined;
  }
  if (!bridge) {
    const node = ctx.createMediaStreamDestination();
    const element: SinkElement = new Audio();
    element.srcObject = node.stream;
    bridge = { context: ctx, node, element };
    bridges.set(sinkId, bridge);
    void element.setSinkId!(sinkId).then(
      () => element.play(),
      // The device went away: play on the default output rather than not at all.
      () => element.play(),
    ).catch(() => undefined);
  }
  return bridge.node;
}

/** The bridges by device id, with the device each element plays on now and whether it plays (for tests). */
export function sinkBridges(): { sinkId: string; playingOn: string; paused: boolean; stream: MediaStream }[] {
  return [...bridges].map(([sinkId, { element, node }]) => ({ sinkId, playingOn: element.sinkId ?? '', paused: element.paused, stream: node.stream }));
}
