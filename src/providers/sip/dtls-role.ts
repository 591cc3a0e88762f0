/**
 * Which DTLS role this phone asks for in the first offer of a call (RFC 8842, which lets an
 * offerer say `active` or `passive` rather than only `actpass`).
 *
 * Why: a call moved to another tab of a shared phone (`controller.moveHere`) gets a new DTLS
 * association from that tab's own peer connection, and the far end keeps the DTLS role it took
 * in the call's first exchange. A far end that is the DTLS server hears the new tab's
 * ClientHello on the new path and switches to it at once (~0.2 s). A far end that is the client
 * — what Chromium and most stacks choose when they answer `actpass` — goes on sending on the
 * old tab's path until that path times out, and only then shakes hands with the new tab
 * (~6.5 s of silence, measured by bench/tabs.bench.ts). So when a phone may move its calls, its
 * first offer says `active` on the wire: the far end answers `passive` and is the server from
 * the start. The peer connection's own local description keeps `actpass` (browsers refuse
 * anything else from a local offer); the far end's `passive` answer makes it the client.
 * @module
 */

/** `sdp` (an offer) with every `a=setup:actpass` turned into `a=setup:active`. */
export function offerDtlsClient(sdp: string): string {
  return sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active');
}
