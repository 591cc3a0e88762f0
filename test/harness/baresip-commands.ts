import { executeServerCommand } from '@web/test-runner-commands';

/** A ctrl_tcp event of baresip, e.g. `{ type: 'CALL_INCOMING', param: 'sip:…', id: '…' }`. */
export interface BaresipEvent {
  event: true;
  class: string;
  type: string;
  accountaor?: string;
  direction?: string;
  peeruri?: string;
  id?: string;
  param?: string;
  at: number;
}

/** What baresip heard so far: the newest decoded-audio WAV, its length and RMS (0–1). */
export interface BaresipRecording {
  file: string | null;
  files: number;
  rate?: number;
  channels?: number;
  seconds: number;
  rms: number;
  peak?: number;
}

/**
 * Starts rtpengine, Kamailio with WITH_RTPENGINE and baresip registered as `user` (UDP), with
 * G.711 only, or with Opus too when `opus` (a running baresip is replaced). Other
 * suites' `startKamailio()` switches Kamailio back to the default configuration.
 */
export function startBaresip(user: string, { opus = false } = {}): Promise<{ user: string; uri: string }> {
  return executeServerCommand('baresip-start', { user, opus }) as Promise<{ user: string; uri: string }>;
}

/** Sends a ctrl_tcp command (`dial`, `accept`, `hangup`, `hold`, `resume`, `listcalls`, …). */
export function baresipCommand(command: string, params = ''): Promise<{ ok: boolean; data: string }> {
  return executeServerCommand('baresip-command', { command, params }) as Promise<{ ok: boolean; data: string }>;
}

/**
 * baresip's ctrl_tcp events since index `since` and their total count: call states
 * (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, …) and received RFC 4733 digits
 * (CALL_DTMF_START with the digit as `param`, CALL_DTMF_END).
 */
export function baresipEvents(since = 0): Promise<{ events: BaresipEvent[]; count: number }> {
  return executeServerCommand('baresip-events', { since }) as Promise<{ events: BaresipEvent[]; count: number }>;
}

/** The RMS of what baresip heard after `fromSeconds` of its newest call recording. */
export function baresipRecording(fromSeconds = 0): Promise<BaresipRecording> {
  return executeServerCommand('baresip-recording', { fromSeconds }) as Promise<BaresipRecording>;
}

/** Stops baresip. */
export function stopBaresip(): Promise<boolean> {
  return executeServerCommand('baresip-stop') as Promise<boolean>;
}
