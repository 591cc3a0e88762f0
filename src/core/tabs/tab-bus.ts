/**
 * The wire between the tabs of one phone: a `BroadcastChannel` per phone key (origin, provider,
 * servers, user), each tab's id, and two Web Locks: the *phone* lock that makes its holder the
 * leader (the one tab that registers), and a *tab* lock every tab holds for its lifetime, so the
 * leader learns at once when a tab that owns a call is gone (closed, crashed, navigated away):
 * requesting that tab's lock succeeds the moment the browser releases it.
 * @module
 */

/** A message between tabs: `t` names it, `to` (a tab id) addresses one tab, absent: every tab. */
export interface TabMessage {
  t: string;
  from: string;
  to?: string;
  [field: string]: unknown;
}

const LOCK_PREFIX = 'call-elements:';


/** A random id for this tab's phone (unique per phone instance, not per page). */
function newTabId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** One tab's end of a phone's channel (see the module comment). */
export class TabBus {
  readonly id = newTabId();
  readonly #channel: BroadcastChannel;
  readonly #key: string;
  readonly #listeners = new Set<(message: TabMessage) => void>();
  readonly #releases: (() => void)[] = [];
  #closed = false;
  /** This tab's request for the phone lock: `given` once it holds it. */
  #campaign?: { lead: () => void; drop: () => void; given: boolean };
  /** Resolves once this tab holds its tab lock: post nothing before, or the leader could think it gone. */
  readonly ready: Promise<void>;

  constructor(key: string) {
    this.#key = key;
    this.#channel = new BroadcastChannel(`${LOCK_PREFIX}phone:${key}`);
    this.#channel.onmessage = (event: MessageEvent<TabMessage>) => this.#deliver(event.data);
    this.ready = new Promise((resolve) => this.#hold(`${LOCK_PREFIX}tab:${this.id}`, resolve));
  }

  /**
   * Sends `message` to every other tab of the phone (or to `message.to`). One addressed to this
   * tab is delivered here, later and as a copy, as if it came through the channel (a tab that
   * took over the phone carries its own calls the way it carries another tab's).
   */
  post(message: Omit<TabMessage, 'from'>): void {
    if (this.#closed) return;
    const sent = { ...message, from: this.id } as TabMessage;
    if (message.to === this.id) setTimeout(() => this.#deliver(structuredClone(sent)));
    else this.#channel.postMessage(sent);
  }

  /** Listens to messages for this tab; returns the function that stops. */
  listen(listener: (message: TabMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Waits for the phone lock and calls `lead` once this tab holds it (at once when no tab does);
   * the tab keeps it until {@link close}. Another tab gets it the moment this one is gone.
   */
  campaign(lead: () => void): void {
    this.#campaign = { lead, drop: this.#hold(`${LOCK_PREFIX}lead:${this.#key}`, lead), given: false };
  }

  /**
   * Moves this tab's wait for the phone lock to the back of the line (the browser grants it in
   * request order): a tab going hidden lets the visible ones take over first. Nothing once this
   * tab holds the lock.
   */
  requeue(): void {
    const campaign = this.#campaign;
    if (!campaign || campaign.given || this.#closed) return;
    campaign.drop();
    this.#releases.splice(this.#releases.indexOf(campaign.drop), 1);
    this.campaign(campaign.lead);
  }

  /** Calls `gone` once the tab `tabId` is closed (its tab lock is released). Returns the function that stops waiting. */
  whenGone(tabId: string, gone: () => void): () => void {
    const controller = new AbortController();
    navigator.locks
      .request(`${LOCK_PREFIX}tab:${tabId}`, { signal: controller.signal }, () => {
        if (!this.#closed) gone();
      })
      .catch(() => undefined);
    return () => controller.abort();
  }

  /** Leaves: releases this tab's locks (the next tab in line becomes leader) and closes the channel. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    for (const release of this.#releases.splice(0)) release();
    this.#channel.close();
  }

  #deliver(message: TabMessage): void {
    if (this.#closed || !message || typeof message.t !== 'string' || (message.to && message.to !== this.id)) return;
    for (const listener of [...this.#listeners]) listener(message);
  }

  /** Requests `name` and keeps it until {@link close}, calling `granted` when it is ours. Returns the function that gives it up. */
  #hold(name: string, granted: () => void): () => void {
    const controller = new AbortController();
    let release!: () => void;
    let dropped = false;
    const held = new Promise<void>((resolve) => (release = resolve));
    const drop = () => {
      dropped = true;
      controller.abort();
      release();
    };
    this.#releases.push(drop);
    navigator.locks
      .request(name, { signal: controller.signal }, () => {
        if (this.#closed || dropped) return undefined;
        if (this.#campaign?.drop === drop) this.#campaign.given = true;
        granted();
        return held;
      })
      .catch(() => undefined);
    return drop;
  }
}
