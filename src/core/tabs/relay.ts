/**
 * A call as the leading tab of a shared phone carries it ({@link Relay}), and the view of a
 * provider's session that a controller in the leading tab gets ({@link localView}).
 * @module
 */
import type { ProviderSession, SessionHandlers } from '../provider.js';
import { OPTIONAL_REQUESTS } from './remote-session.js';

/** The owner of a call that is the leading tab itself. */
export const HERE = 'here';

/** One call the leading tab carries: the provider's session and the tabs it concerns. */
export class Relay {
  session!: ProviderSession;
  /** The tab whose call this is (`here`, a tab id), once dialled or answered. */
  owner?: string;
  /** Tabs it rings in, before an owner. */
  readonly offered = new Set<string>();
  /** This tab's view of a call rung in every tab. */
  local?: { handlers: SessionHandlers };
  /** The last snapshot sent to the owner (JSON), so an unchanged one is not sent again. */
  snapshot?: string;
  readonly stops: (() => void)[] = [];
  over = false;
  /** When it first connected (`Date.now()`), which a move keeps. */
  connectedAt?: number;
  /** Whether it carries video (as dialled, answered or moved). */
  video = false;
  /** Its media is moving to another tab. */
  moving = false;
  /**
   * Events the session reported while it was being taken, before any tab could hear of it (a
   * TRTC invitation lists its participants at once): replayed to each tab's call as it takes it.
   */
  early?: [name: string, args: unknown[]][];
  /** The handlers of this tab's call that the media moves to (its tracks arrive before the move is done). */
  movingHere?: SessionHandlers;
  constructor(public id: string) {}
}

/** Which optional requests `session` has (its features). */
export function requestsOf(session: ProviderSession): string[] {
  return OPTIONAL_REQUESTS.filter((name) => typeof (session as unknown as Record<string, unknown>)[name] === 'function');
}

/** The provider's sessions behind the views {@link localView} made, and the views of them. */
const viewed = new WeakMap<ProviderSession, ProviderSession>();
const views = new WeakMap<ProviderSession, ProviderSession>();

/** The view {@link localView} made of the provider's `session`, if any. */
export function viewOf(session: ProviderSession): ProviderSession | undefined {
  return views.get(session);
}

/** `session` as this tab's controller sees a call rung in every tab: the same, with its own `answer`. */
export function localView(session: ProviderSession, answer: ProviderSession['answer']): ProviderSession {
  const view: ProviderSession = {
    get remote() {
      return session.remote;
    },
    get remoteOffersVideo() {
      return session.remoteOffersVideo;
    },
    get invitees() {
      return session.invitees;
    },
    get headers() {
      return session.headers;
    },
    answer,
    reject: (kind) => session.reject(kind),
    hangup: () => session.hangup(),
    replaceTrack: (kind, track) => session.replaceTrack(kind, track),
    setVideo: (track, stream) => session.setVideo(track, stream),
    peerConnections: () => session.peerConnections(),
  };
  const methods = view as unknown as Record<string, unknown>;
  const source = session as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of [...OPTIONAL_REQUESTS, 'statsSource'] as const) {
    if (typeof source[name] === 'function') methods[name] = source[name].bind(session);
  }
  if (session.transfer) view.transfer = (target) => session.transfer!(typeof target === 'string' ? target : (viewed.get(target) ?? target));
  viewed.set(view, session);
  views.set(session, view);
  return view;
}
