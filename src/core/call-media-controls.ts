/**
 * A call's media, ours and the far side's, as the base of {@link Call} (which adds the call's
 * life cycle and signalling): what a user does with our media — mute, devices, camera, adding
 * or removing video, sharing a screen or an element, recording — with the checks every such
 * action passes, and who is on the far side — participants, their streams, audio levels and
 * who speaks. The work is {@link CallMedia}'s, {@link CallRecording}'s,
 * {@link CallParticipants}' and {@link CallSpeaking}'s; this is the public face of it.
 * @module
 */
import { CallMedia } from './call-media.js';
import type { CaptureOptions } from './call-media.js';
import { CallParticipants } from './call-participants.js';
import type { ParticipantsHost } from './call-participants.js';
import { CallRecording } from './call-recording.js';
import { CallSpeaking } from './call-speaking.js';
import { CallError } from '../base/errors.js';
import type { ProviderSession } from './provider.js';
import type { Participant } from './participant.js';
import type { MediaKind, RemoteParty } from './types.js';
import type { AudioOutput } from '../media/audio-output.js';
import type { LocalMedia } from '../media/local-media.js';
import type { RecordingState } from '../media/call-recorder.js';

let nextId = 1;

/** What a call's media needs from its controller. */
export interface MediaControlsEnvironment {
  media: LocalMedia;
  /** Captures with the chosen devices (and falls back to the default when one is gone). */
  capture(options: CaptureOptions): Promise<MediaStream>;
  /** Throws `media/not-found` for a device the listing does not have (see `DeviceChoices.check`). */
  checkDevice(slot: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /** Remote audio playback. */
  audio: AudioOutput;
}

/** A change of a call's own media, for the call to report as its event. */
export type MediaControlEvent =
  | { type: 'mute'; kind: MediaKind; muted: boolean }
  | { type: 'recording'; state: RecordingState; blob?: Blob }
  | { type: 'local-media' }
  | { type: 'video'; originator: 'local' | 'remote' }
  | { type: 'sharing'; sharing: boolean }
  | { type: 'device-lost'; kind: MediaKind; deviceId: string }
  | { type: 'speaking'; participant: string; speaking: boolean }
  | { type: 'participant'; name: Parameters<ParticipantsHost['emit']>[0]; participant: Participant };

/** The media half of a call (see the module comment). */
export abstract class CallMediaControls {
  /** Unique within the page. */
  readonly id = `call-${nextId++}`;
  readonly #localMedia: CallMedia;
  readonly #recording = new CallRecording((state, blob) => this.mediaEvent({ type: 'recording', state, blob }));
  readonly #checkDevice: MediaControlsEnvironment['checkDevice'];
  #hasLocalMedia = false;
  readonly #remoteStream = new MediaStream();
  readonly #remoteId: string;
  readonly #speakingMeter = new CallSpeaking((participant, speaking) => this.mediaEvent({ type: 'speaking', participant, speaking }));
  readonly #party: CallParticipants;

  protected constructor(env: MediaControlsEnvironment, remote: RemoteParty, video: boolean) {
    this.#remoteId = remote.user || remote.uri || 'remote';
    this.#party = new CallParticipants(
      {
        emit: (name, detail) => this.mediaEvent({ type: 'participant', name, participant: detail.participant }),
        audio: env.audio,
        audioKey: this.id,
        speaking: (id) => this.speakingMeter.speaking(id),
        watchSpeaking: (id, track) => this.speakingMeter.watch(id, track),
      },
      { id: this.remoteId, displayName: remote.displayName },
      this.#remoteStream,
      video,
    );
    this.#checkDevice = (slot, deviceId) => env.checkDevice(slot, deviceId);
    this.#localMedia = new CallMedia({
      media: env.media,
      capture: (options) => env.capture(options),
      session: () => this.liveSession(),
      changed: () => this.mediaEvent({ type: 'local-media' }),
      videoChanged: (originator = 'local') => this.mediaEvent({ type: 'video', originator }),
      sharingChanged: (sharing) => this.mediaEvent({ type: 'sharing', sharing }),
      deviceLost: (kind, deviceId) => this.mediaEvent({ type: 'device-lost', kind, deviceId }),
    });
  }

  /** Whether the call is over. */
  abstract get ended(): boolean;
  /** @internal The call's provider session, if it has one. */
  protected abstract session(): ProviderSession | undefined;
  /** @internal The session while the call is up (connected or held), else undefined. */
  protected abstract liveSession(): ProviderSession | undefined;
  /** @internal Reports a change as the call's event. */
  protected abstract mediaEvent(event: MediaControlEvent): void;
  /** @internal The `call/invalid-state` error of an action the call's state does not allow. */
  protected abstract invalidState(action: string, why: string): CallError;

  /** The people on the far side: for SIP the one remote party, for a TRTC group call everyone invited or joined. */
  get participants(): Participant[] {
    return this.party.list();
  }

  /**
   * The users this call's invitation named (user ids): for a call we placed, whom we called;
   * for an incoming one, the invitee list the caller sent (us among them; TRTC: one user per
   * invitation in a group call without an IM group, everyone through an IM group). Empty where
   * invitations list nobody (SIP) and before the call has a session.
   */
  get invitees(): readonly string[] {
    return this.session()?.invitees ?? [];
  }

  /** One participant by id (`bob`), or undefined. */
  participant(id: string): Participant | undefined {
    return this.party.get(id);
  }

  /** The media of a participant (the remote party's, `remoteStream`, when `id` is absent or unknown). */
  participantStream(id?: string): MediaStream {
    return this.party.stream(id);
  }

  /**
   * Audio levels now (0–1) of our microphone (`local`, after mute: silence) and of the far end
   * (`remote`), measured while the call is up.
   */
  get levels(): { local: number; remote: number } {
    return { local: this.speakingMeter.level('local'), remote: this.speakingMeter.level(this.remoteId) };
  }
  /** Who speaks now (with hysteresis; see `call-speaking`). */
  get speaking(): { local: boolean; remote: boolean } {
    return { local: this.speakingMeter.speaking('local'), remote: this.speakingMeter.speaking(this.remoteId) };
  }

  /** The far end's media (audio plays by itself; attach video to `<call-video>`). */
  get remoteStream(): MediaStream {
    return this.#remoteStream;
  }
  // Private fields with protected getters: a call's own properties stay its public facts only.
  /** @internal The call's outgoing media. */
  protected get localMedia(): CallMedia {
    return this.#localMedia;
  }
  /** @internal The id `call-speaking` gives the far end: its user part, else its address. */
  protected get remoteId(): string {
    return this.#remoteId;
  }
  /** @internal Audio levels and who speaks. */
  protected get speakingMeter(): CallSpeaking {
    return this.#speakingMeter;
  }
  /** @internal The people on the far side. */
  protected get party(): CallParticipants {
    return this.#party;
  }

  /** @internal Whether the call has its local media (captured for it, or adopted). */
  protected get hasLocalMedia(): boolean {
    return this.#hasLocalMedia;
  }

  /** Whether the camera is captured (false with no video, or after {@link stopCamera}). */
  get cameraOn(): boolean {
    return this.localMedia.cameraOn;
  }
  /** Whether a screen, window or tab is shared in place of the camera. */
  get screenSharing(): boolean {
    return this.localMedia.screenSharing;
  }
  /** Whether local audio / video is muted. */
  get muted(): Readonly<Record<MediaKind, boolean>> {
    return { ...this.localMedia.muted };
  }
  /** Our outgoing media: one stream for the whole call, its tracks swapped in place. */
  get localStream(): MediaStream | undefined {
    return this.#hasLocalMedia ? this.localMedia.stream : undefined;
  }
  /** @internal Local media for an outgoing call, taken before the provider dials. */
  setLocalStream(stream: MediaStream): void {
    if (this.#hasLocalMedia) return;
    this.#hasLocalMedia = true;
    this.localMedia.adopt(stream);
  }

  /** Mutes local audio or video (the track keeps running; the far end gets silence/black). */
  mute(kind: MediaKind = 'audio'): void {
    this.#setMuted(kind, true);
  }

  /** Unmutes local audio or video. */
  unmute(kind: MediaKind = 'audio'): void {
    this.#setMuted(kind, false);
  }

  /** Toggles mute of a kind; returns the new state. */
  toggleMute(kind: MediaKind = 'audio'): boolean {
    this.#setMuted(kind, !this.localMedia.muted[kind as MediaKind]);
    return this.localMedia.muted[kind];
  }

  /** Switches microphone or camera live (`replaceTrack`: no SIP message, mute kept); see {@link CallController.selectDevice}. */
  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.#mediaAction('switch device', async () => {
      await this.#checkDevice(kind, deviceId);
      await this.localMedia.switchDevice(kind, deviceId);
    });
  }

  /** Releases the camera (its light goes off; the far end sees no new frames). Undo with {@link startCamera}. */
  stopCamera(): Promise<void> {
    return this.#mediaAction('stop the camera', () => this.localMedia.stopCamera());
  }

  /** Captures the camera again after {@link stopCamera}. */
  startCamera(): Promise<void> {
    return this.#mediaAction('start the camera', () => this.localMedia.startCamera());
  }

  /** Adds our camera to an audio call (a re-INVITE for SIP); both sides get `call-video-change`. */
  upgradeToVideo(): Promise<void> {
    return this.#mediaAction('add video', () => this.localMedia.upgradeToVideo());
  }

  /** Removes video from the call (a re-INVITE for SIP) and releases the camera. */
  downgradeToAudio(): Promise<void> {
    return this.#mediaAction('remove video', () => this.localMedia.downgradeToAudio());
  }

  /** Shares a screen, window or tab in place of the camera (adding video to an audio call). */
  shareScreen(): Promise<void> {
    return this.#mediaAction('share the screen', () => this.localMedia.shareScreen());
  }

  /**
   * Shares one element of the page in place of the camera: a `<canvas>` or `<video>` by its
   * `captureStream()`; any other element by capturing this tab narrowed to it (Element or
   * Region Capture, where the browser has them; the user picks this tab). Rejects with
   * `media/unsupported` where the browser cannot, `media/share-cancelled` when the picker is closed.
   */
  shareElement(element: Element): Promise<void> {
    return this.#mediaAction('share an element', () => this.localMedia.shareElement(element));
  }

  /** Stops sharing; the camera comes back (or video goes, if the call had none before). */
  stopScreenShare(): Promise<void> {
    return this.#mediaAction('stop sharing', () => this.localMedia.stopScreenShare());
  }

  /** @internal The device of the microphone or camera in use ('' when none). */
  deviceInUse(kind: MediaKind): string {
    return this.localMedia.deviceInUse(kind);
  }

  /** @internal Replaces a lost microphone or camera with the chosen one, or what remains when `lost` still opens. */
  recoverDevice(kind: MediaKind, lost: string): Promise<void> {
    return this.#mediaAction('recover the device', () => this.localMedia.switchDevice(kind === 'audio' ? 'audioinput' : 'videoinput', '', lost));
  }

  async #mediaAction(action: string, run: () => Promise<void>): Promise<void> {
    if (!this.liveSession()) throw this.invalidState(action, 'the call is not connected');
    await run();
  }

  #setMuted(kind: MediaKind, muted: boolean): void {
    if (kind !== 'audio' && kind !== 'video') {
      throw new CallError('call/unsupported', `Cannot ${muted ? 'mute' : 'unmute'} "${String(kind)}": only 'audio' or 'video' can be muted.`);
    }
    if (this.ended) throw this.invalidState(muted ? 'mute' : 'unmute', 'the call has ended');
    if (!this.localMedia.setMuted(kind, muted)) return;
    this.session()?.setMuted?.(kind, muted);
    this.mediaEvent({ type: 'mute', kind, muted });
  }

  /** Whether this call is being recorded (`recording`, `paused`) or not (`stopped`). */
  get recording(): RecordingState {
    return this.#recording.state;
  }

  /**
   * Records the call: our microphone and the far end, mixed, until {@link stopRecording} or the
   * call ends (then `call-recording` carries the file). Throws `media/unsupported` where the
   * browser cannot record, `call/invalid-state` when the call is not connected or already recorded.
   */
  startRecording(): void {
    if (!this.liveSession()) throw this.invalidState('record', 'the call is not connected');
    this.#recording.start([this.localStream?.getAudioTracks()[0], this.remoteStream.getAudioTracks()[0]]);
  }

  /** Pauses the recording (nothing is recorded until {@link resumeRecording}). */
  pauseRecording(): void {
    this.#recording.pause();
  }

  /** Resumes a paused recording. */
  resumeRecording(): void {
    this.#recording.resume();
  }

  /** Stops recording; resolves with the file (audio, WebM/Opus in Chromium), also fired as `call-recording`. */
  stopRecording(): Promise<Blob> {
    return this.#recording.stop();
  }

  /** @internal Sends `track` as our audio in place of the microphone (a conference mix); null: the microphone again. */
  async sendAudio(track: MediaStreamTrack | null): Promise<void> {
    const session = this.session();
    if (!session || this.ended) return;
    await session.replaceTrack('audio', track ?? this.localStream?.getAudioTracks()[0] ?? null);
  }

  /** @internal Stops a recording under way and releases the call's media (the call ended). */
  protected releaseMedia(): void {
    if (this.#recording.state !== 'stopped') void this.#recording.stop().catch(() => undefined);
    this.localMedia.release();
    this.speakingMeter.stop();
    this.party.release();
  }
}
