import { html, nothing, svg } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { CallEventName } from '../../core/events.js';
import type { QualitySample } from '../../quality/sample.js';
import { CallElement } from '../shared/call-element.js';
import { ControllerConsumer } from '../shared/controller-consumer.js';
import { warnOnce } from '../shared/warn.js';
import { styles } from './call-video.styles.js';

/** Controller events after which the shown stream or its video state may have changed. */
const VIDEO_EVENTS: readonly CallEventName[] = [
  'call-connected',
  'call-remote-track',
  'call-local-media',
  'call-video-change',
  'call-screen-share',
  'call-mute',
  'call-state-change',
  'call-ended',
  'call-list-change',
  'call-participant-joined',
  'call-participant-left',
  'call-participant-change',
];

/** Quality samples in a row with no incoming frames after which remote video counts as stopped. */
const STALLED_SAMPLES = 2;

/** Track events that change whether a track shows pictures. */
const TRACK_EVENTS = ['mute', 'unmute', 'ended'] as const;

/** Up to two initials of a name (first and last word), letters and digits only. */
export function initialsOf(name: string): string {
  const words = name
    .split(/\s+/)
    .map((word) => Array.from(word).filter((ch) => /[\p{L}\p{N}]/u.test(ch)))
    .filter((chars) => chars.length > 0);
  if (!words.length) return '';
  const last = words.length > 1 ? words[words.length - 1][0] : '';
  return (words[0][0] + last).toLocaleUpperCase();
}

/** The element's one `<video>`: muted (audio is the controller's), inline on iOS, autoplaying. */
function createVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  video.setAttribute('part', 'video');
  video.muted = true;
  video.defaultMuted = true;
  video.autoplay = true;
  video.playsInline = true;
  return video;
}

const personIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0 2c-4.4 0-9 2.2-9 5.5V22h18v-2.5c0-3.3-4.6-5.5-9-5.5Z"/></svg>`;

/**
 * One video of a call: the far end's (`source="remote"`, the default) or our own camera or
 * screen share (`source="local"`), of the controller's active call or of `call-id`. When there
 * is no picture (no call, an audio-only call, camera muted or stopped, the far end sends no
 * video, or its frames stop for two quality samples, e.g. it released its camera) it shows a
 * poster: the `poster` image, else the far end's initials and name, or an
 * icon and "You" for the local side. Peer-supplied names are rendered as text only.
 *
 * Video only: the `<video>` is always muted (the controller plays the call's audio), plays
 * inline, and lives in the shadow root, created once per element, so framework re-renders and
 * DOM moves never detach it; a moved element keeps playing. If the browser refuses to start
 * playback (autoplay policy), it retries on the next click or key press, or on
 * `call-sound-unblocked`.
 *
 * With `participant="bob"` it shows one participant of a group call (TRTC) instead:
 * `call.participantStream('bob')` of the call that has `bob` (`call-id`'s, else the active call,
 * else any call with that participant), following joins, leaves and track changes; the poster
 * (with that participant's name) shows while `bob` is not in the call or sends no video. A grid
 * of `<call-video participant>` tiles is a group call's video wall.
 *
 * Finds its controller by the `controller` property, `for="phone-id"`, or an enclosing
 * `<call-phone>`; with none it warns once and shows the idle poster.
 *
 * @summary Video of one side of a call, with a poster when there is no picture.
 *
 * @csspart frame - The box holding the video and the poster (has the accessible label).
 * @csspart video - The `<video>` element.
 * @csspart poster - Shown instead of the video when there is no picture.
 * @csspart poster-image - The `poster` image.
 * @csspart avatar - The initials or icon in the poster.
 * @csspart name - The name under the avatar.
 *
 * @cssprop [--call-video-background=#1f2328] - Background behind the video and the poster (dark: #0d1117).
 * @cssprop [--call-video-color=#f6f8fa] - Text colour of the poster (dark: #e6edf3).
 * @cssprop [--call-video-radius=8px] - Corner radius (default: two thirds of `--call-radius`).
 * @cssprop [--call-radius=12px] - The shared corner radius, when `--call-video-radius` is not set.
 * @cssprop [--call-font=system-ui] - Font family of the poster's name and initials.
 * @cssprop [--call-video-aspect-ratio=16 / 9] - Aspect ratio while the element has no explicit height.
 * @cssprop [--call-video-avatar-background=#57606a] - Background of the initials circle (dark: #30363d).
 * @cssprop [--call-video-avatar-color=#ffffff] - Colour of the initials and icon (dark: #e6edf3).
 */
export class CallVideo extends CallElement {
  static override styles = [CallElement.styles, styles];

  /** Id of the `<call-phone>` whose calls to show (else the enclosing phone, or `.controller`). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Show this call instead of the controller's active call. */
  @property({ attribute: 'call-id' }) callId = '';
  /** Which side to show: the far end (`remote`) or our own camera / screen share (`local`). */
  @property({ reflect: true }) source: 'local' | 'remote' = 'remote';
  /** How the picture fills the box, as CSS `object-fit`: `contain` (letterboxed) or `cover` (cropped). */
  @property({ reflect: true }) fit: 'contain' | 'cover' = 'contain';
  /**
   * Mirror the picture: `auto` mirrors our own camera (like a mirror) but not a screen share or
   * the far end; `on` and `off` force it.
   */
  @property() mirror: 'auto' | 'on' | 'off' = 'auto';
  /**
   * Show this participant of the call (a user id, e.g. `bob` in a TRTC group call) rather than
   * the call's remote party: its stream, its name on the poster. Only with `source="remote"`;
   * empty (the default) keeps the remote party. A participant not (or no longer) in the call
   * shows the poster.
   */
  @property() participant = '';
  /** URL of an image to show when there is no picture (instead of initials). */
  @property() poster = '';
  /** Reflected: a live, enabled video is shown (false while the poster shows). */
  @property({ type: Boolean, reflect: true, attribute: 'has-video' }) hasVideo = false;
  /** Reflected: the picture is mirrored horizontally. */
  @property({ type: Boolean, reflect: true }) mirrored = false;
  /** Reflected: the browser refused to start playback; it resumes on the next click or key press. */
  @property({ type: Boolean, reflect: true, attribute: 'play-blocked' }) playBlocked = false;

  @state() private _call?: Call;
  @state() private posterFailed = false;

  readonly #video: HTMLVideoElement;
  #watchedTrack?: MediaStreamTrack;
  #waitingForGesture = false;
  /** Quality samples in a row in which the followed call received no video frames. */
  #frameless = 0;
  readonly #consumer = new ControllerConsumer(this)
    .on('call-sound-unblocked', () => this.#play())
    .on('call-quality', ({ call, sample }) => this.#onQuality(call, sample));

  constructor() {
    super();
    // Created once: every render places this same node, so it is never re-created or detached.
    this.#video = createVideo();
    for (const name of VIDEO_EVENTS) this.#consumer.on(name, this.#onVideoEvent);
  }

  /** The controller to follow; set it to bypass `for` and context. */
  get controller(): CallController | undefined {
    return this.#consumer.value;
  }
  set controller(value: CallController | undefined) {
    this.#consumer.explicit = value;
  }

  /** The call shown, if any. */
  get call(): Call | undefined {
    return this._call;
  }

  /** The stream attached to the video, or null. */
  get stream(): MediaStream | null {
    return this.#video.srcObject as MediaStream | null;
  }

  /** The `<video>` element (the same one for the element's whole life), e.g. for picture-in-picture. */
  get videoElement(): HTMLVideoElement {
    return this.#video;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the DOM across tasks: the browser paused the video when it left the document.
    this.#play();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watch(undefined);
    this.#stopWaitingForGesture();
  }

  readonly #onVideoEvent = () => this.requestUpdate();
  /** The far end may stop sending frames without renegotiating (e.g. camera released): poster. */
  #onQuality(call: Call, sample: QualitySample): void {
    if (call !== this._call || this.source !== 'remote' || !sample.videoIn) return;
    const wasStalled = this.#frameless >= STALLED_SAMPLES;
    this.#frameless = (sample.videoIn.fps ?? 0) > 0 ? 0 : this.#frameless + 1;
    if (wasStalled !== this.#frameless >= STALLED_SAMPLES) this.requestUpdate();
  }
  readonly #onGesture = () => {
    this.#stopWaitingForGesture();
    this.#play();
  };

  /** Listens to the shown video track's mute/unmute/ended (only while connected). */
  #watch(track: MediaStreamTrack | undefined): void {
    if (track === this.#watchedTrack) return;
    for (const name of TRACK_EVENTS) this.#watchedTrack?.removeEventListener(name, this.#onVideoEvent);
    this.#watchedTrack = track;
    for (const name of TRACK_EVENTS) track?.addEventListener(name, this.#onVideoEvent);
  }

  #followedCall(): Call | undefined {
    const controller = this.#consumer.value;
    if (!controller) return undefined;
    let call = this.callId ? controller.getCall(this.callId) : controller.activeCall;
    const id = this.#participantId();
    if (id && !this.callId && !call?.participant(id)) call = controller.calls.find((c) => !c.ended && c.participant(id)) ?? call;
    return call && !call.ended ? call : undefined;
  }

  /** The participant shown (remote side only), or '' for the call's remote party. */
  #participantId(): string {
    return this.source === 'remote' ? this.participant.trim() : '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('poster')) this.posterFailed = false;
    this.#checkValue('source', this.source, ['remote', 'local']);
    this.#checkValue('fit', this.fit, ['contain', 'cover']);
    this.#checkValue('mirror', this.mirror, ['auto', 'on', 'off']);
    this.#sync();
  }

  /** Brings the video in line with the followed call: stream, play, has-video, mirrored. */
  #sync(): void {
    const call = this.isConnected ? this.#followedCall() : this._call;
    const local = this.source === 'local';
    const id = this.#participantId();
    // A named participant: its own stream, never the remote party's in its place.
    const member = id ? call?.participant(id) : undefined;
    const stream = call ? (local ? call.localStream : id ? member?.stream : call.remoteStream) : undefined;
    const track = stream?.getVideoTracks().find((t) => t.readyState === 'live');
    if (call !== this._call || track !== this.#watchedTrack) this.#frameless = 0;
    this._call = call;
    if (this.isConnected) this.#watch(track);
    const wanted = track && stream ? stream : null;
    if (this.#video.srcObject !== wanted) {
      this.#video.srcObject = wanted;
      if (!wanted) this.#stopWaitingForGesture();
    }
    this.#play();
    let showing = false;
    if (call && track) {
      showing = local
        ? track.enabled && !call.muted.video && (call.screenSharing || call.cameraOn)
        : member
          ? // A call's quality sample sums every participant's frames: no stall detection per participant.
            !track.muted && member.state === 'joined' && member.video
          : !track.muted && call.remoteVideo && this.#frameless < STALLED_SAMPLES;
    }
    this.hasVideo = showing;
    const screen = local && !!call?.screenSharing;
    this.mirrored = this.mirror === 'on' || (this.mirror !== 'off' && local && !screen);
  }

  /** Starts playback if it is paused; on refusal, retries on the next user gesture. */
  #play(): void {
    const video = this.#video;
    if (!this.isConnected || !video.srcObject || !video.paused) return;
    video.play().then(
      () => this.#stopWaitingForGesture(),
      (error: DOMException) => {
        // AbortError: the source changed meanwhile; the new source starts by itself.
        if (error?.name === 'NotAllowedError' && video.srcObject && this.isConnected) this.#waitForGesture();
      },
    );
  }

  #waitForGesture(): void {
    this.playBlocked = true;
    if (this.#waitingForGesture) return;
    this.#waitingForGesture = true;
    this.ownerDocument.addEventListener('pointerdown', this.#onGesture, true);
    this.ownerDocument.addEventListener('keydown', this.#onGesture, true);
  }

  #stopWaitingForGesture(): void {
    this.playBlocked = false;
    if (!this.#waitingForGesture) return;
    this.#waitingForGesture = false;
    this.ownerDocument.removeEventListener('pointerdown', this.#onGesture, true);
    this.ownerDocument.removeEventListener('keydown', this.#onGesture, true);
  }

  /** Warns (once per value) about an attribute value it does not know; the default (`allowed[0]`) applies. */
  #checkValue(name: string, value: string, allowed: string[]): void {
    if (!allowed.includes(value)) warnOnce(this, `${name}=${value}`, `unknown ${name}="${value}"; use one of ${allowed.join(', ')}. Using ${allowed[0]}.`);
  }

  #remoteName(call: Call): string {
    const id = this.#participantId();
    if (id) return (call.participant(id)?.displayName ?? id).trim();
    const { displayName, user, uri } = call.remote;
    return (displayName || user || uri).trim();
  }

  protected override render(): TemplateResult {
    const call = this._call;
    const t = this.localize;
    const local = this.source === 'local';
    let label: string;
    const id = this.#participantId();
    if (!call) label = id ? t.t('video.remote-off', { name: id }) : t.t('video.none');
    else if (local) label = t.t(this.hasVideo ? (call.screenSharing ? 'video.screen' : 'video.local') : 'video.local-off');
    else label = t.t(this.hasVideo ? 'video.remote' : 'video.remote-off', { name: this.#remoteName(call) });
    return html`<div class="frame" part="frame" role="img" aria-label=${label}>
      ${this.#video}${this.hasVideo ? nothing : this.#renderPoster(call, local)}
    </div>`;
  }

  #renderPoster(call: Call | undefined, local: boolean) {
    if (this.poster && !this.posterFailed) {
      return html`<div class="poster" part="poster">
        <img part="poster-image" src=${this.poster} alt="" @error=${() => (this.posterFailed = true)} />
      </div>`;
    }
    const name = local ? this.localize.t('video.you') : call ? this.#remoteName(call) : this.#participantId();
    const initials = local ? '' : initialsOf(name);
    return html`<div class="poster" part="poster">
      <span class="avatar" part="avatar" aria-hidden="true">${initials || personIcon}</span>
      ${name ? html`<span class="name" part="name">${name}</span>` : nothing}
    </div>`;
  }
}
