/**
 * The private parts of a JsSIP RTCSession that a SIP session relies on, and the two hooks it
 * puts on one (see {@link instrumentSession}).
 * @module
 */
import type { SipMessageLike } from './sip-messages.js';

/** The private parts of a JsSIP RTCSession that re-INVITEs (video, ICE restart, refresh) rely on. */
export interface JsSipInternals {
  _sendReinvite?(options: { eventHandlers: { succeeded(): void; failed(): void }; rtcOfferConstraints?: object }): void;
  _rtcOfferConstraints?: object | null;
  isReadyToReOffer?(): boolean;
  isOnHold(): { local: boolean; remote: boolean };
  isEstablished(): boolean;
  sendRequest(method: string, options?: { eventHandlers?: Record<string, (response?: SipMessageLike) => void> }): unknown;
  terminate(options?: { cause?: string }): void;
}

/**
 * Two hooks on the JsSIP session object: `dialogError` gets the status of a 408/481 answer to an
 * in-dialog request (JsSIP reports only "Dialog Error"), and while `keepOnRtpTimeout()` says so
 * (ICE recovery is getting the media back) JsSIP does not end the call when ICE fails.
 */
export function instrumentSession(rtc: JsSipInternals, hooks: { dialogError(status?: number): void; keepOnRtpTimeout(): boolean }): void {
  const sendRequest = rtc.sendRequest.bind(rtc);
  rtc.sendRequest = (method, options) => {
    const handlers = options?.eventHandlers;
    const onDialogError = handlers?.onDialogError;
    if (handlers && onDialogError) {
      handlers.onDialogError = (response) => {
        hooks.dialogError(response?.status_code);
        onDialogError(response);
      };
    }
    return sendRequest(method, options);
  };
  const terminate = rtc.terminate.bind(rtc);
  rtc.terminate = (options) => {
    if (options?.cause === 'RTP Timeout' && hooks.keepOnRtpTimeout()) return;
    terminate(options);
  };
}
