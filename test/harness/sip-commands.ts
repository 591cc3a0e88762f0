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

/**
 * Makes a dev SIP server answer the next `count` REGISTERs with `status` (e.g. 503), to test
 * registration recovery; `status: null` drops the planned failures.
 */
export function failRegistrations(status: number | null, count = 1, server: 'open' | 'auth' | 'short' = 'open'): Promise<boolean> {
  return executeServerCommand('sip-fail-registrations', { server, status, count }) as Promise<boolean>;
}

/** (Re)starts Kamailio from examples/kamailio/kamailio.cfg, with digest auth when `auth`. */
export function startKamailio(auth = false): Promise<boolean> {
  return executeServerCommand('kamailio-start', { auth }) as Promise<boolean>;
}

/** Stops Kamailio (its WebSocket port then refuses connections). */
export function stopKamailio(): Promise<boolean> {
  return executeServerCommand('kamailio-stop') as Promise<boolean>;
}

/** Starts the nodes of examples/kamailio-cluster that are not running (default both). */
export function startCluster(nodes: ('a' | 'b')[] = ['a', 'b']): Promise<boolean> {
  return executeServerCommand('cluster-start', { nodes }) as Promise<boolean>;
}

/** Stops one cluster node (SIGTERM): the WebSockets it holds close, the other node stays. */
export function stopClusterNode(node: 'a' | 'b'): Promise<boolean> {
  return executeServerCommand('cluster-stop', { node }) as Promise<boolean>;
}

/** A contact in a cluster node's location table (JSON-RPC ul.lookup). */
export interface ClusterContact {
  contact: string;
  path: string;
  received: string;
  instance: string;
  regId: number;
  serverId: number;
}

/** The contacts a cluster node holds for a user (empty when none). */
export function clusterContacts(node: 'a' | 'b', user: string): Promise<ClusterContact[]> {
  return executeServerCommand('cluster-contacts', { node, user }) as Promise<ClusterContact[]>;
}

/** The outcome of a sipp scenario: exit code 0 means every call went as scripted. */
export interface SippResult {
  code: number | null;
  signal: string | null;
  /** Lines the scenario logged, e.g. `DTMF 5`. */
  logs: string[];
  errors: string;
}

/**
 * Starts a sipp scenario from test/servers/sipp/ as SIP user `service` on a UDP port; UAS
 * scenarios have registered through Kamailio when this resolves. Returns a run id.
 */
export function startSipp(name: string, service: string, port: number): Promise<number> {
  return executeServerCommand('sipp-start', { name, service, port }) as Promise<number>;
}

/** Waits for a sipp run to end (stopping it after `ms`; keep it under the 20 s command limit). */
export function sippResult(id: number, ms = 15_000): Promise<SippResult> {
  return executeServerCommand('sipp-result', { id, ms }) as Promise<SippResult>;
}

/** Starts coturn (examples/coturn/turnserver.conf) once; resolves with its ICE server entry. */
export function startCoturn(): Promise<RTCIceServer> {
  return executeServerCommand('coturn-start') as Promise<RTCIceServer>;
}

/** A TURN server entry whose traffic passes the impairment proxy (see test/servers/netem.mjs). */
export function impairedTurn(): Promise<RTCIceServer> {
  return executeServerCommand('impaired-turn') as Promise<RTCIceServer>;
}

/** Delays and drops the proxy's packets in both directions; `null` removes the impairment. */
export function impairNetwork(impairment: { delayMs: number; loss: number } | null): Promise<boolean> {
  return executeServerCommand('impair', impairment) as Promise<boolean>;
}

/**
 * Overrides this page's browser permissions through CDP: `grant` lists the permissions to
 * grant (e.g. `['microphone']`), every other one is denied; `null` removes the override.
 */
export function setPermissions(grant: string[] | null): Promise<boolean> {
  return executeServerCommand('set-permissions', { grant }) as Promise<boolean>;
}
