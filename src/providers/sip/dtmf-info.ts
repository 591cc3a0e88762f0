/**
 * DTMF as SIP INFO with `application/dtmf`: one digit a request, paced like tones.
 * @module
 */

/** What a `,` in a DTMF string waits (the usual dial-string pause). */
const DTMF_PAUSE_MS = 2000;

/** Calls `send` for each digit of `tones`, `duration + gap` ms apart; a `,` waits {@link DTMF_PAUSE_MS}. */
export function sendDtmfInfo(tones: string, duration: number, gap: number, send: (tone: string) => void): void {
  let at = 0;
  for (const tone of tones) {
    if (tone === ',') {
      at += DTMF_PAUSE_MS;
      continue;
    }
    setTimeout(() => send(tone), at);
    at += duration + gap;
  }
}
