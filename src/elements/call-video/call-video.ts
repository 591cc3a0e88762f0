import { LitElement, html, nothing, svg } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextConsumer } from '@lit/context';
import type { CallController } from '../../core/call-controller.js';
import type { Call } from '../../core/call.js';
import type { QualitySample } from '../../quality/sample.js';
import { localeOf } from '../../i18n/strings.js';
import { callControllerContext } from '../shared/controller-context.js';
import { CONTROLLER_CHANGE_EVENT, controllerFor } from '../shared/resolve-controller.js';
import { styles } from './call-video.styles.js';

/** Controller events after which the shown stream or its video state may have changed. */
const VIDEO_EVENTS = [
  'call-connected',
  'call-remote-track',
  'call-local-media',
  'call-video-change',
  'call-screen-share',
  'call-mute',
  'call-state-change',
  'call-ended',
  'call-list-change',
] as const;

/** Quality samples in a row with no incoming frames after which remote video counts as stopped. */
const STALLED_SAMPLES = 2;

/** Track events that change whether a track shows pictures. */
const TRACK_EVENTS = ['mute', 'unmute', 'ended'] as const;

/** Call fields of the media core, read with fallbacks so the element works before they exist. */
type VideoCall = Call & Partial<{ cameraOn: boolean; screenSharing: boolean; remoteVideo: boolean }>;

/** The element's own strings (English and Simplified Chinese). */
const STRINGS = {
  en: {
    remote: 'Video of {name}',
    'remote-off': '{name}: no video',
    local: 'Your camera',
    'local-off': 'Your camera is off',
    screen: 'Your screen share',
    none: 'No video',
    you: 'You',
  },
  zh: {
    remote: '{name} 的视频',
    'remote-off': '{name}：无视频',
    local: '你的摄像头',
    'local-off': '你的摄像头已关闭',
    screen: '你的屏幕共享',
    none: '无视频',
    you: '你',
  },
};
type VideoStringKey = keyof (typeof STRINGS)['en'];

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
 * @cssprop [--call-video-background=#1f2328] - Background behind the video and the poster.
 * @cssprop [--call-video-color=#f6f8fa] - Text colour of the poster.
 * @cssprop [--call-video-radius=8px] - Corner radius.
 * @cssprop [--call-video-aspect-ratio=16 / 9] - Aspect ratio while the element has no explicit height.
 * @cssprop [--call-video-avatar-background=#57606a] - Background of the initials circle.
 * @cssprop [--call-video-avatar-color=#ffffff] - Colour of the initials and icon.
 */
export class CallVideo extends LitElement {
  static override styles = styles;

  /** Id of the `<call-phone>` whose calls to show (else the enclosing phone, or `.controller`). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** Show this call instead of the controller's active call. */
  @property({ attribute: 'call-id' }) callId = '';
  /** Which side to show: the far end (`remote`) or our own camera / screen share (`local`). */
  @property({ reflect: true }) source: 'local' | 'remote' = 'remote';
  /** Reserved for group calls (which participant's video). 1:1 calls ignore it. */
  @property() participant = '';
  /** How the picture fills the box, as CSS `object-fit`: `contain` (letterboxed) or `cover` (cropped). */
  @property({ reflect: true }) fit: 'contain' | 'cover' = 'contain';
  /**
   * Mirror the picture: `auto` mirrors our own camera (like a mirror) but not a screen share or
   * the far end; `on` and `off` force it.
   */
  @property() mirror: 'auto' | 'on' | 'off' = 'auto';
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

  private readonly video: HTMLVideoElement;
  private explicit?: CallController;
  private current?: CallController;
  private watchedTrack?: MediaStreamTrack;
  private waitingForGesture = false;
  /** Quality samples in a row in which the followed call received no video frames. */
  private frameless = 0;
  private warnedNoController = false;
  private readonly warnedValues = new Set<string>();
  private readonly consumer = new ContextConsumer(this, {
    context: callControllerContext,
    subscribe: true,
    callback: () => this.resubscribe(),
  });

  constructor() {
    super();
    // Created once: every render places this same node, so it is never re-created or detached.
    this.video = createVideo();
  }

  /** The controller to follow; set it to bypass `for` and context. */
  get controller(): CallController | undefined {
    return this.explicit ?? controllerFor(this, this.htmlFor) ?? this.consumer.value;
  }
  set controller(value: CallController | undefined) {
    this.explicit = value;
    this.resubscribe();
  }

  /** The call shown, if any. */
  get call(): Call | undefined {
    return this._call;
  }

  /** The stream attached to the video, or null. */
  get stream(): MediaStream | null {
    return this.video.srcObject as MediaStream | null;
  }

  /** The `<video>` element (the same one for the element's whole life), e.g. for picture-in-picture. */
  get videoElement(): HTMLVideoElement {
    return this.video;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener(CONTROLLER_CHANGE_EVENT, this.onControllerChange);
    this.resubscribe();
    // Moved in the DOM across tasks: the browser paused the video when it left the document.
    this.play();
    void this.updateComplete.then(() => {
      if (this.isConnected && !this.current && !this.warnedNoController) {
        this.warnedNoController = true;
        console.warn(
          '<call-video> found no controller: set its `controller` property, give it for="<call-phone id>", or put it inside a <call-phone>. It shows no video until then.',
        );
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener(CONTROLLER_CHANGE_EVENT, this.onControllerChange);
    this.unsubscribe();
    this.watch(undefined);
    this.stopWaitingForGesture();
  }

  private readonly onControllerChange = () => this.resubscribe();
  private readonly onVideoEvent = () => this.requestUpdate();
  private readonly onSoundUnblocked = () => this.play();
  /** The far end may stop sending frames without renegotiating (e.g. camera released): poster. */
  private readonly onQuality = (event: Event) => {
    const { call, sample } = (event as CustomEvent<{ call: Call; sample: QualitySample }>).detail;
    if (call !== this._call || this.source !== 'remote' || !sample.videoIn) return;
    const wasStalled = this.frameless >= STALLED_SAMPLES;
    this.frameless = (sample.videoIn.fps ?? 0) > 0 ? 0 : this.frameless + 1;
    if (wasStalled !== this.frameless >= STALLED_SAMPLES) this.requestUpdate();
  };
  private readonly onGesture = () => {
    this.stopWaitingForGesture();
    this.play();
  };

  private resubscribe(): void {
    if (!this.isConnected) return;
    const next = this.controller;
    if (next === this.current) return;
    this.unsubscribe();
    this.current = next;
    for (const name of VIDEO_EVENTS) next?.addEventListener(name, this.onVideoEvent);
    next?.addEventListener('call-sound-unblocked', this.onSoundUnblocked);
    next?.addEventListener('call-quality', this.onQuality);
    this.requestUpdate();
  }

  private unsubscribe(): void {
    for (const name of VIDEO_EVENTS) this.current?.removeEventListener(name, this.onVideoEvent);
    this.current?.removeEventListener('call-sound-unblocked', this.onSoundUnblocked);
    this.current?.removeEventListener('call-quality', this.onQuality);
    this.current = undefined;
  }

  /** Listens to the shown video track's mute/unmute/ended (only while connected). */
  private watch(track: MediaStreamTrack | undefined): void {
    if (track === this.watchedTrack) return;
    for (const name of TRACK_EVENTS) this.watchedTrack?.removeEventListener(name, this.onVideoEvent);
    this.watchedTrack = track;
    for (const name of TRACK_EVENTS) track?.addEventListener(name, this.onVideoEvent);
  }

  private followedCall(): Call | undefined {
    const controller = this.current;
    if (!controller) return undefined;
    const call = this.callId ? controller.getCall(this.callId) : controller.activeCall;
    return call && !call.ended ? call : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.resubscribe();
    if (changed.has('poster')) this.posterFailed = false;
    this.checkValue('source', this.source, ['remote', 'local']);
    this.checkValue('fit', this.fit, ['contain', 'cover']);
    this.checkValue('mirror', this.mirror, ['auto', 'on', 'off']);
    this.sync();
  }

  /** Brings the video in line with the followed call: stream, play, has-video, mirrored. */
  private sync(): void {
    const call = (this.isConnected ? this.followedCall() : this._call) as VideoCall | undefined;
    const local = this.source === 'local';
    const stream = call ? (local ? call.localStream : call.remoteStream) : undefined;
    const track = stream?.getVideoTracks().find((t) => t.readyState === 'live');
    if (call !== this._call || track !== this.watchedTrack) this.frameless = 0;
    this._call = call;
    if (this.isConnected) this.watch(track);
    const wanted = track && stream ? stream : null;
    if (this.video.srcObject !== wanted) {
      this.video.srcObject = wanted;
      if (!wanted) this.stopWaitingForGesture();
    }
    this.play();
    let showing = false;
    if (call && track) {
      showing = local
        ? track.enabled && !call.muted.video && ((call.screenSharing ?? false) || (call.cameraOn ?? true))
        : !track.muted && (call.remoteVideo ?? true) && this.frameless < STALLED_SAMPLES;
    }
    this.hasVideo = showing;
    const screen = local && (call?.screenSharing ?? false);
    this.mirrored = this.mirror === 'on' || (this.mirror !== 'off' && local && !screen);
  }

  /** Starts playback if it is paused; on refusal, retries on the next user gesture. */
  private play(): void {
    const video = this.video;
    if (!this.isConnected || !video.srcObject || !video.paused) return;
    video.play().then(
      () => this.stopWaitingForGesture(),
      (error: DOMException) => {
        // AbortError: the source changed meanwhile; the new source starts by itself.
        if (error?.name === 'NotAllowedError' && video.srcObject && this.isConnected) this.waitForGesture();
      },
    );
  }

  private waitForGesture(): void {
    this.playBlocked = true;
    if (this.waitingForGesture) return;
    this.waitingForGesture = true;
    this.ownerDocument.addEventListener('pointerdown', this.onGesture, true);
    this.ownerDocument.addEventListener('keydown', this.onGesture, true);
  }

  private stopWaitingForGesture(): void {
    this.playBlocked = false;
    if (!this.waitingForGesture) return;
    this.waitingForGesture = false;
    this.ownerDocument.removeEventListener('pointerdown', this.onGesture, true);
    this.ownerDocument.removeEventListener('keydown', this.onGesture, true);
  }

  /** Warns (once per value) about an attribute value it does not know; the default (`allowed[0]`) applies. */
  private checkValue(name: string, value: string, allowed: string[]): void {
    if (allowed.includes(value) || this.warnedValues.has(`${name}=${value}`)) return;
    this.warnedValues.add(`${name}=${value}`);
    console.warn(`<call-video>: unknown ${name}="${value}"; use one of ${allowed.join(', ')}. Using ${allowed[0]}.`);
  }

  private t(key: VideoStringKey, name = ''): string {
    const locale = localeOf(this) === 'zh' ? 'zh' : 'en';
    return STRINGS[locale][key].replace('{name}', name);
  }

  private remoteName(call: Call): string {
    const { displayName, user, uri } = call.remote;
    return (displayName || user || uri).trim();
  }

  protected override render() {
    const call = this._call as VideoCall | undefined;
    const local = this.source === 'local';
    let label: string;
    if (!call) label = this.t('none');
    else if (local) label = this.hasVideo ? this.t(call.screenSharing ? 'screen' : 'local') : this.t('local-off');
    else label = this.t(this.hasVideo ? 'remote' : 'remote-off', this.remoteName(call));
    return html`<div class="frame" part="frame" role="img" aria-label=${label}>
      ${this.video}${this.hasVideo ? nothing : this.renderPoster(call, local)}
    </div>`;
  }

  private renderPoster(call: Call | undefined, local: boolean) {
    if (this.poster && !this.posterFailed) {
      return html`<div class="poster" part="poster">
        <img part="poster-image" src=${this.poster} alt="" @error=${() => (this.posterFailed = true)} />
      </div>`;
    }
    const name = local ? this.t('you') : call ? this.remoteName(call) : '';
    const initials = local ? '' : initialsOf(name);
    return html`<div class="poster" part="poster">
      <span class="avatar" part="avatar" aria-hidden="true">${initials || personIcon}</span>
      ${name ? html`<span class="name" part="name">${name}</span>` : nothing}
    </div>`;
  }
}
