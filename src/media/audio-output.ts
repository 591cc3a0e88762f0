/** `HTMLMediaElement` with the Audio Output Devices API. */
type SinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

/**
 * Plays remote call audio from elements owned by the controller (so sound works with no
 * video element on the page) and applies the chosen speaker to all of them.
 */
export class AudioOutput {
  private readonly players = new Map<string, SinkElement>();
  private sinkId = '';
  /** Set when the browser refused to play (autoplay policy) until {@link resume}. */
  blocked = false;

  /** @param onBlocked called when the browser refuses to play call audio without a user gesture. */
  constructor(private readonly onBlocked: () => void = () => undefined) {}

  /** Whether the browser can choose the output device. */
  static get isOutputSelectionSupported(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  /** Plays a stream under a key (one per call); replaces what played under that key. */
  play(key: string, stream: MediaStream): void {
    let player = this.players.get(key);
    if (!player) {
      player = document.createElement('audio') as SinkElement;
      player.autoplay = true;
      player.setAttribute('playsinline', '');
      player.dataset.callElementsAudio = key;
      this.players.set(key, player);
      void this.applySink(player);
    }
    if (player.srcObject !== stream) player.srcObject = stream;
    this.start(player);
  }

  /** Silences one key without dropping it (e.g. while the call is held). */
  setMuted(key: string, muted: boolean): void {
    const player = this.players.get(key);
    if (player) player.muted = muted;
  }

  /** Stops and forgets the player of a key. */
  stop(key: string): void {
    const player = this.players.get(key);
    if (!player) return;
    player.pause();
    player.srcObject = null;
    this.players.delete(key);
  }

  /** Retries playback refused by autoplay policy; call it from a user gesture. */
  resume(): void {
    this.blocked = false;
    for (const player of this.players.values()) if (player.paused) this.start(player);
  }

  private start(player: SinkElement): void {
    player.play().catch((error: { name?: string }) => {
      // Autoplay refused: resume() retries from a user gesture.
      if (error?.name !== 'NotAllowedError' || this.blocked) return;
      this.blocked = true;
      this.onBlocked();
    });
  }

  /** Chooses the speaker for every player, now and later. */
  async setSinkId(sinkId: string): Promise<void> {
    this.sinkId = sinkId;
    await Promise.all([...this.players.values()].map((p) => this.applySink(p)));
  }

  /** The chosen speaker ('' = default). */
  get currentSinkId(): string {
    return this.sinkId;
  }

  /** The media element playing a key, for inspection (tests, debugging). */
  element(key: string): HTMLMediaElement | undefined {
    return this.players.get(key);
  }

  /** Stops everything. */
  dispose(): void {
    for (const key of [...this.players.keys()]) this.stop(key);
  }

  private async applySink(player: SinkElement): Promise<void> {
    if (!player.setSinkId || player.sinkId === this.sinkId) return;
    await player.setSinkId(this.sinkId).catch(() => undefined);
  }
}
