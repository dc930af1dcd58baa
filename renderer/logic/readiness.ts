// What must run before a swap can start, one row each, from app:status: the daemon, each chain's
// node and, on the sandbox, its maker. The page shows these rows while any is not ready, so a long
// first start (nodes, chains, maker) is never a silent spinner.
import type { AppStatus } from '../../shared/ipc/channels';

export type ReadinessId = 'daemon' | 'btc' | 'xmr' | 'maker';
export type ReadinessState = 'waiting' | 'ready' | 'failed';

export interface ReadinessRow {
  readonly id: ReadinessId;
  readonly label: string;
  readonly state: ReadinessState;
  readonly message: string;
}

function daemonRow(s: AppStatus): ReadinessRow {
  const state = s.daemon.state === 'ready' ? 'ready' : s.daemon.state === 'unavailable' ? 'failed' : 'waiting';
  return { id: 'daemon', label: 'Swap daemon', state, message: s.daemon.message || s.daemon.state };
}

function chainRow(s: AppStatus, chain: 'btc' | 'xmr'): ReadinessRow {
  const label = chain === 'btc' ? 'Bitcoin node' : 'Monero node';
  const c = s.chains.find((x) => x.chain === chain);
  if (!c) {
    const before = s.sandbox.state === 'starting' ? 'the sandbox starts it' : 'waiting for the swap daemon to connect';
    return { id: chain, label, state: s.daemon.state === 'unavailable' ? 'failed' : 'waiting', message: before };
  }
  if (c.status === 'ok') return { id: chain, label, state: 'ready', message: c.height === null ? c.message : `synced, block ${c.height}` };
  return { id: chain, label, state: c.status === 'unreachable' ? 'failed' : 'waiting', message: c.message };
}

function makerRow(s: AppStatus): ReadinessRow {
  const state = s.sandbox.state === 'ready' ? 'ready' : s.sandbox.state === 'failed' ? 'failed' : 'waiting';
  return { id: 'maker', label: 'Sandbox maker', state, message: s.sandbox.message };
}

/** The rows to show; the maker's only when the sandbox is on. */
export function readinessOf(s: AppStatus): ReadinessRow[] {
  const rows = [daemonRow(s), chainRow(s, 'btc'), chainRow(s, 'xmr')];
  return s.sandbox.state === 'off' ? rows : [...rows, makerRow(s)];
}

export const allReady = (rows: readonly ReadinessRow[]): boolean => rows.every((r) => r.state === 'ready');
