/**
 * The people on the far side of a call. A SIP call has exactly one participant (its remote
 * party); a TRTC group call has one per invited or joined user. Providers report changes as
 * {@link ParticipantUpdate}s; the call keeps the {@link Participant} records and fires
 * `call-participant-joined`, `call-participant-left` and `call-participant-change`.
 * @module
 */

/**
 * Where a participant is: `invited` (asked, not yet ringing), `ringing`, `joined` (its media is
 * with us), `left` (hung up or dropped), or an invitation that failed: `rejected`, `busy`,
 * `no-answer`, `cancelled`.
 */
export type ParticipantState = 'invited' | 'ringing' | 'joined' | 'left' | 'rejected' | 'busy' | 'no-answer' | 'cancelled';

/** States after which a participant is no longer in the call. */
export const GONE_STATES: ReadonlySet<ParticipantState> = new Set(['left', 'rejected', 'busy', 'no-answer', 'cancelled']);

/** One participant of a call, as a page sees it (peer-supplied strings: render as text). */
export interface Participant {
  /** The participant's id: its user part for SIP (`bob`), its user id for TRTC. */
  readonly id: string;
  /** Name to show (the id when the peer gave none). */
  readonly displayName: string;
  readonly state: ParticipantState;
  /** Whether its microphone is on (sending audio, not muted), as far as we know. */
  readonly audio: boolean;
  /** Whether it sends video (camera on, not muted). */
  readonly video: boolean;
  /** Whether it speaks now (see `call-speaking`). */
  readonly speaking: boolean;
  /** Its media: audio plays by itself, attach video to `<call-video participant="…">`. */
  readonly stream: MediaStream;
  /** When it joined (ms since epoch). */
  readonly joinedAt?: number;
  /** When it left or its invitation ended (ms since epoch). */
  readonly leftAt?: number;
}

/** What a provider reports about one participant: only the fields that changed besides `id`. */
export interface ParticipantUpdate {
  id: string;
  displayName?: string;
  state?: ParticipantState;
  audio?: boolean;
  video?: boolean;
}
