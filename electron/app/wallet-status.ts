// The status line's facts: each chain's syncer health (followed from its supervisor, whose worker log
// events also go to the wallet log), the daemon's state, the sandbox, and the notices of running swaps.
import type { AppStatus, ChainStatus } from '../../shared/ipc/channels';
import type { SwapNode } from '../daemon/swap-node';
import { workerRecord, type LogSink } from '../log/records';
import type { WalletContext } from './wallet-context';

type Chain = 'btc' | 'xmr';
type Health = { chain: Chain; backend: string; tipHeight: number | null; error: string | null; worker: string };
export type ChainHealth = ReadonlyMap<Chain, Health>;

/** Follow both syncer supervisors: their last health report, and their log events into the wallet log. */
export function watchSyncers(node: SwapNode, logEvent: LogSink | undefined): ChainHealth {
  const health = new Map<Chain, Health>();
  for (const chain of ['btc', 'xmr'] as const) {
    node.supervisors[chain].subscribe((ev) => {
      if (ev.type === 'health') health.set(chain, { chain, backend: ev.health.backend, tipHeight: ev.health.tipHeight, error: ev.health.error, worker: ev.health.worker });
      else if (ev.type === 'log') logEvent?.(workerRecord(ev));
    });
  }
  return health;
}

function chainStatus(health: ChainHealth, chain: Chain): ChainStatus {
  const h = health.get(chain);
  const name = chain === 'btc' ? 'Bitcoin' : 'Monero';
  if (!h) return { chain, height: null, status: 'unknown', message: `${name} syncer starting` };
  if (h.backend === 'unreachable') return { chain, height: h.tipHeight, status: 'unreachable', message: `${name} node unreachable${h.error ? ` (${h.error})` : ''}: check that it runs and the endpoint in Settings` };
  if (h.backend === 'stalled') return { chain, height: h.tipHeight, status: 'stalled', message: `${name} tip has not moved for a long time: the node may be stuck or offline from its network` };
  return { chain, height: h.tipHeight, status: h.backend === 'ok' ? 'ok' : 'unknown', message: h.backend === 'ok' ? `${name} synced` : `${name} syncer ${h.worker}` };
}

export function appStatus(ctx: WalletContext, health: ChainHealth, daemon: AppStatus['daemon']): AppStatus {
  const notices: AppStatus['notices'] = [];
  for (const id of ctx.node.daemon.swapIds) {
    const v = ctx.views.viewOf(id);
    if (!v || v.summary.outcome !== 'running') continue;
    for (const w of v.warnings) if (w.level !== 'info') notices.push({ id: `${id}:${w.code}`, swapId: id, level: w.level, message: w.message });
    for (const a of v.asks) notices.push({ id: `${id}:ask:${a.id}`, swapId: id, level: 'info', message: a.title });
  }
  const sandbox = ctx.o.sandbox;
  return {
    daemon,
    chains: [chainStatus(health, 'btc'), chainStatus(health, 'xmr')],
    sandbox: sandbox ? { state: 'ready', message: `sandbox on regtest (a block every ${sandbox.info.blockMs} ms)` } : { state: 'off', message: 'no sandbox' },
    notices: notices.slice(0, 50),
  };
}
