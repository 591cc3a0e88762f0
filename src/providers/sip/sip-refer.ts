/**
 * SIP REFER both ways through JsSIP (RFC 3515, sipfrag NOTIFYs): sending one (blind, or with
 * Replaces for an attended transfer) and turning a received one into the provider-neutral
 * {@link ReferRequest}.
 * @module
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import { CallError } from '../../base/errors.js';
import type { ProviderSession, ReferRequest, SessionHandlers, TransferState } from '../../core/provider.js';
import type { RemoteParty } from '../../core/types.js';
import { withPeerConnection } from './peer-factory.js';
import { remoteOf } from './uri.js';

/** JsSIP's `refer` event of a session (an incoming REFER, already answered 202). */
export interface JsSipReferEvent {
  request: { refer_to: { uri: { clone(): { clearHeaders(): void; toString(): string; user?: string }; hasHeader(name: string): boolean } } };
  accept(initCallback: (session: RTCSession) => void, options: object): void;
  reject(): void;
}

/** A JsSIP ReferSubscriber's NOTIFY-driven events, mapped to transfer states. */
const REFER_EVENTS: Record<string, TransferState> = { trying: 'trying', progress: 'ringing', accepted: 'accepted', failed: 'failed' };

/** What a ReferSubscriber event carries that we read. */
type ReferEvent = { response?: { status_code?: number }; status_line?: { status_code?: number } };

/**
 * Sends REFER on `rtc` to `referTo` (with Replaces for `replaces`, attended). Resolves when the
 * far end took it (202); `progress` gets each NOTIFY's state and status. Rejects with a `CallError`.
 */
export function sendRefer(
  rtc: RTCSession,
  referTo: string,
  replaces: RTCSession | undefined,
  progress: (state: TransferState, statusCode?: number) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const handlers: Record<string, (e?: ReferEvent) => void> = {
      requestSucceeded: () => resolve(),
      requestFailed: (e) => {
        const status = e?.response?.status_code;
        reject(new CallError('sip/request-failed', `The other side refused the transfer${status ? ` (${status})` : ''}; the call goes on.`));
      },
    };
    for (const [event, state] of Object.entries(REFER_EVENTS)) {
      handlers[event] = (e) => {
        const status = e?.status_line?.status_code;
        progress(state, typeof status === 'number' ? status : undefined);
      };
    }
    let subscriber: unknown;
    try {
      subscriber = rtc.refer(referTo, { ...(replaces ? { replaces } : {}), eventHandlers: handlers } as never);
    } catch (cause) {
      reject(new CallError('call/invalid-target', `Cannot transfer to "${referTo.slice(0, 40)}": ${(cause as Error).message}`, { cause }));
      return;
    }
    if (!subscriber) reject(new CallError('call/invalid-state', 'Cannot transfer now: the call is not up.'));
  });
}

/**
 * The {@link ReferRequest} of a received REFER: `place(remote, video, handlers, accept)` builds
 * the new outgoing session, where `accept(options)` makes JsSIP create its RTCSession.
 */
export function referRequest(
  e: JsSipReferEvent,
  place: (remote: RemoteParty, video: boolean, handlers: SessionHandlers, accept: (options: object) => RTCSession) => ProviderSession,
): ReferRequest {
  const uri = e.request.refer_to.uri.clone();
  uri.clearHeaders();
  const target = uri.toString();
  const remote = remoteOf(target);
  return {
    target,
    remote,
    replaces: e.request.refer_to.uri.hasHeader('replaces'),
    accept: (stream, video, handlers, peerConnection) =>
      place(remote, video, handlers, (options) => {
        let created: RTCSession | undefined;
        withPeerConnection(peerConnection, () => e.accept((session) => (created = session), { ...options, mediaStream: stream }));
        if (!created) throw new CallError('call/invalid-state', 'Cannot follow the transfer: the call is over.');
        return created;
      }),
    reject: () => e.reject(),
  };
}
