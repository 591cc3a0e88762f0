/**
 * The participants of one call: their records, media streams, audio playback and the
 * participant events. The first participant is the call's remote party, whose stream is the
 * call's `remoteStream`; a provider that reports nothing about participants (SIP) keeps just
 * that one, joined when the call connects.
 * @module
 */
import { GONE_STATES } from './participant.js';
import type { Participant, ParticipantState, ParticipantUpdate } from './participant.js';
import type { AudioOutput } from '../media/audio-output.js';

interface Record_ {
  id: string;
  displayName: string;
  state: ParticipantState;
  audio: boolean;
  video: boolean;
  stream: MediaStream;
  joinedAt?: number;
  leftAt?: number;
}

/** Most participants one call keeps (a peer cannot grow the list without bound). */
export const MAX_PARTICIPANTS = 64;

/** What the participants borrow from their call. */
export interface ParticipantsHost {
  /** Fires a participant event of the call (the call adds itself to the detail). */
  emit(type: 'call-participant-joined' | 'call-participant-left' | 'call-participant-change', detail: { participant: Participant }): void;
  audio: AudioOutput;
  /** Key of the call's audio playback; other participants play under `key/id`. */
  readonly audioKey: string;
  speaking(id: string): boolean;
  /** A participant's audio track to measure (undefined: stop measuring it). */
  watchSpeaking(id: string, track: MediaStreamTrack | undefined): void;
}

/** Keeps one call's participants. */
export class CallParticipants {
  readonly #host: ParticipantsHost;
  readonly #records = new Map<string, Record_>();
  readonly #primary: Record_;
  #live = false;
  /** Whether the provider reports participants itself (then it decides who joined). */
  #reported = false;

  /** `primary` is the remote party; its stream is the call's `remoteStream`. */
  constructor(host: ParticipantsHost, primary: { id: string; displayName: string }, stream: MediaStream, video: boolean) {
    this.#host = host;
    this.#primary = { ...primary, state: 'invited', audio: true, video, stream };
    this.#records.set(primary.id, this.#primary);
  }

  /** Every participant, in the order they were first reported. */
  list(): Participant[] {
    return [...this.#records.values()].map((record) => this.#view(record));
  }

  /** One participant by id. */
  get(id: string): Participant | undefined {
    const record = this.#records.get(id);
    return record && this.#view(record);
  }

  /** The stream of a participant (the primary's when `id` is absent or unknown). */
  stream(id?: string): MediaStream {
    return (id !== undefined && this.#records.get(id)?.stream) || this.#primary.stream;
  }

  /** The call's media is up: joined participants' audio is measured from now on. */
  connected(): void {
    this.#live = true;
    if (this.#primary.state !== 'joined' && !GONE_STATES.has(this.#primary.state) && !this.#reported) this.update({ id: this.#primary.id, state: 'joined' });
    for (const record of this.#records.values()) if (record.state === 'joined') this.#watch(record);
  }

  /** Applies a provider's update; unknown ids become new participants (up to {@link MAX_PARTICIPANTS}). */
  update(update: ParticipantUpdate, fromProvider = false): void {
    if (fromProvider) this.#reported = true;
    const id = String(update.id ?? '');
    if (!id) return;
    let record = this.#records.get(id);
    const isNew = !record;
    if (!record) {
      if (this.#records.size >= MAX_PARTICIPANTS) return;
      record = { id, displayName: '', state: 'invited', audio: true, video: false, stream: new MediaStream() };
      this.#records.set(id, record);
    }
    const before = { ...record };
    if (typeof update.displayName === 'string') record.displayName = update.displayName.slice(0, 128);
    if (typeof update.audio === 'boolean') record.audio = update.audio;
    if (typeof update.video === 'boolean') record.video = update.video;
    if (update.state) record.state = update.state;
    const joined = record.state === 'joined' && before.state !== 'joined';
    const left = GONE_STATES.has(record.state) && !GONE_STATES.has(before.state);
    if (joined) {
      record.joinedAt = Date.now();
      record.leftAt = undefined;
      if (this.#live) this.#watch(record);
      this.#host.emit('call-participant-joined', { participant: this.#view(record) });
      return;
    }
    if (left) {
      record.leftAt = Date.now();
      this.#dropMedia(record);
      this.#host.emit('call-participant-left', { participant: this.#view(record) });
      return;
    }
    const changed = isNew || before.displayName !== record.displayName || before.audio !== record.audio || before.video !== record.video || before.state !== record.state;
    if (changed) this.#host.emit('call-participant-change', { participant: this.#view(record) });
  }

  /** A remote track of a participant (the primary's when `id` is absent). */
  track(track: MediaStreamTrack, id?: string): void {
    const record = (id !== undefined && this.#records.get(id)) || (id === undefined ? this.#primary : undefined);
    if (!record) return;
    const { stream } = record;
    // Tracks of a stopped transceiver (video removed earlier) have ended: drop them.
    for (const old of stream.getTracks()) if (old.readyState === 'ended' || (old.kind === track.kind && old !== track && record !== this.#primary)) stream.removeTrack(old);
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    if (track.kind === 'audio') {
      this.#host.audio.play(this.#audioKey(record), stream);
      if (this.#live && (record.state === 'joined' || record === this.#primary)) this.#host.watchSpeaking(record.id, track);
    }
  }

  /** The call ended: stop playback and measurement, empty every stream. */
  release(): void {
    for (const record of this.#records.values()) this.#dropMedia(record);
  }

  /** Who took part, for the call summary. */
  summary(): { id: string; displayName: string; state: ParticipantState; joinedAt?: number; leftAt?: number }[] {
    return [...this.#records.values()].map(({ id, displayName, state, joinedAt, leftAt }) => ({ id, displayName, state, joinedAt, leftAt }));
  }

  #watch(record: Record_): void {
    this.#host.watchSpeaking(record.id, record.stream.getAudioTracks()[0]);
  }

  #dropMedia(record: Record_): void {
    this.#host.audio.stop(this.#audioKey(record));
    this.#host.watchSpeaking(record.id, undefined);
    for (const track of record.stream.getTracks()) record.stream.removeTrack(track);
  }

  #audioKey(record: Record_): string {
    return record === this.#primary ? this.#host.audioKey : `${this.#host.audioKey}/${record.id}`;
  }

  #view(record: Record_): Participant {
    const { id, displayName, state, audio, video, stream, joinedAt, leftAt } = record;
    return { id, displayName: displayName || id, state, audio, video, stream, joinedAt, leftAt, speaking: this.#host.speaking(id) };
  }
}
