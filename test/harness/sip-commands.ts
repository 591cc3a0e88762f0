import { executeServerCommand } from '@web/test-runner-commands';

/** Counters of a development SIP server used by the tests. */
export interface SipServerStats {
  requests: Record<string, number>;
  responses: Record<string, number>;
  generated: Record<string, number>;
  byUser: Record<string, Record<string, number>>;
  malformed: number;
  registered: string[];
}

/** Reads the counters of the `open` (no auth) or `auth` test SIP server. */
export function sipStats(server: 'open' | 'auth' = 'open'): Promise<SipServerStats> {
  return executeServerCommand('sip-stats', { server }) as Promise<SipServerStats>;
}

/** Clears the counters of a test SIP server. */
export function resetSipStats(server: 'open' | 'auth' = 'open'): Promise<boolean> {
  return executeServerCommand('sip-reset-stats', { server }) as Promise<boolean>;
}

/** (Re)starts Kamailio from examples/kamailio/kamailio.cfg, with digest auth when `auth`. */
export function startKamailio(auth = false): Promise<boolean> {
  return executeServerCommand('kamailio-start', { auth }) as Promise<boolean>;
}

/** Stops Kamailio (its WebSocket port then refuses connections). */
export function stopKamailio(): Promise<boolean> {
  return executeServerCommand('kamailio-stop') as Promise<boolean>;
}
