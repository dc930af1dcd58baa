// What a supervisor tells its subscribers: syncer events, worker and backend health, protocol errors and worker logs.
// Invariant: a listener's bug never stops the others; health is published only when it changes.
import type { Chain, SyncerEvent } from '../../shared/syncer/messages';
import type { EndpointHealth } from '../../shared/syncer/worker-protocol';

export interface SyncerHealth {
  readonly chain: Chain;
  readonly worker: 'starting' | 'up' | 'down' | 'stopped';
  readonly backend: 'unknown' | 'ok' | 'unreachable' | 'stalled';
  readonly error: string | null;
  readonly restarts: number;
  readonly tipHeight: number | null;
  readonly workerPid: number | null;
  /** The person's endpoints as the worker last saw them (the one in use marked active). */
  readonly endpoints: readonly EndpointHealth[];
  /** The last failover, announced until the next one. */
  readonly lastSwitch: { readonly from: string; readonly to: string; readonly reason: string; readonly at: number } | null;
}

export type SupervisorEvent =
  | { readonly type: 'syncer'; readonly chain: Chain; readonly event: SyncerEvent }
  | { readonly type: 'health'; readonly chain: Chain; readonly health: SyncerHealth }
  /** The worker refused a message, or sent one that fails the schema: a bug on one side, never fatal. */
  | { readonly type: 'protocol-error'; readonly chain: Chain; readonly error: string }
  | { readonly type: 'log'; readonly chain: Chain; readonly level: string; readonly message: string };

export interface SupervisorOutlet {
  publish(e: SupervisorEvent): void;
  subscribe(listener: (e: SupervisorEvent) => void): () => void;
  health(): SyncerHealth;
  setHealth(patch: Partial<SyncerHealth>): void;
}

export function createOutlet(chain: Chain): SupervisorOutlet {
  const listeners = new Set<(e: SupervisorEvent) => void>();
  let health: SyncerHealth = { chain, worker: 'starting', backend: 'unknown', error: null, restarts: 0, tipHeight: null, workerPid: null, endpoints: [], lastSwitch: null };
  const publish = (e: SupervisorEvent) => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        // A listener's bug must not stop the others or the supervisor.
      }
    }
  };
  return {
    publish,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    health: () => health,
    setHealth(patch) {
      const next = { ...health, ...patch };
      if (JSON.stringify(next) === JSON.stringify(health)) return;
      health = next;
      publish({ type: 'health', chain, health });
    },
  };
}

/** The backend health a worker's event reports, if it reports one. */
export function backendHealthPatch(ev: SyncerEvent): Partial<SyncerHealth> | null {
  switch (ev.kind) {
    case 'backend-unreachable':
      return { backend: 'unreachable', error: ev.error };
    case 'backend-recovered':
      return { backend: 'ok', error: null };
    case 'tip-stalled':
      return { backend: 'stalled' };
    case 'endpoint-switched':
      return { lastSwitch: { from: ev.from, to: ev.to, reason: ev.reason, at: Date.now() } };
    default:
      return null;
  }
}
