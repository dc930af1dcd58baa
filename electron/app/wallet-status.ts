// The status line's facts: each chain's syncer health (followed from its supervisor, whose worker log
// events also go to the wallet log), the daemon's state, the sandbox, and the notices of running swaps.
import type { AppStatus, ChainStatus } from '../../shared/ipc/channels';
import { swapNotices } from '../../shared/protocol/swap-view-notices';
import type { SwapNode } from '../daemon/swap-node';
import type { SyncerHealth } from '../syncer/supervisor';
import { workerRecord, type LogSink } from '../log/records';
import type { WalletContext } from './wallet-context';

type Chain = 'btc' | 'xmr';
type Health = Pick<SyncerHealth, 'chain' | 'backend' | 'tipHeight' | 'error' | 'worker' | 'endpoints' | 'lastSwitch'>;
export type ChainHealth = ReadonlyMap<Chain, Health>;

/** Follow both syncer supervisors: their last health report, and their log events into the wallet log. */
export function watchSyncers(node: SwapNode, logEvent: LogSink | undefined): ChainHealth {
  const health = new Map<Chain, Health>();
  for (const chain of ['btc', 'xmr'] as const) {
    node.supervisors[chain].subscribe((ev) => {
      if (ev.type === 'health') health.set(chain, ev.health);
      else if (ev.type === 'log') logEvent?.(workerRecord(ev));
    });
  }
  return health;
}

/** The chain's words for the status line, with the node in use and every node's health (lag behind the best of them). */
function chainStatus(health: ChainHealth, chain: Chain): ChainStatus {
  const h = health.get(chain);
  const base = chainWords(health, chain);
  if (!h) return base;
  const best = Math.max(-1, ...h.endpoints.filter((x) => x.error === null).map((x) => x.height ?? -1));
  const endpoints = h.endpoints.map((x) => ({ host: x.host, active: x.active, height: x.height, lag: x.height !== null && best >= 0 ? Math.max(0, best - x.height) : null, error: x.error }));
  return { ...base, endpoint: h.endpoints.find((x) => x.active)?.host ?? null, endpoints, switched: h.lastSwitch };
}

function chainWords(health: ChainHealth, chain: Chain): ChainStatus {
  const h = health.get(chain);
  const name = chain === 'btc' ? 'Bitcoin' : 'Monero';
  if (!h) return { chain, height: null, status: 'unknown', message: `${name} syncer starting` };
  if (h.backend === 'unreachable') return { chain, height: h.tipHeight, status: 'unreachable', message: `${name} node unreachable${h.error ? ` (${h.error})` : ''}: check that it runs and the endpoint in Settings` };
  if (h.backend === 'stalled') return { chain, height: h.tipHeight, status: 'stalled', message: `${name} tip has not moved for a long time: the node may be stuck or offline from its network` };
  return { chain, height: h.tipHeight, status: h.backend === 'ok' ? 'ok' : 'unknown', message: h.backend === 'ok' ? `${name} synced` : `${name} syncer ${h.worker}` };
}

/** A failover is a banner for this long; Settings and the chain's status keep naming it after. */
const SWITCH_NOTICE_MS = 10 * 60_000;

export function appStatus(ctx: WalletContext, health: ChainHealth, daemon: AppStatus['daemon']): AppStatus {
  const notices: AppStatus['notices'] = [];
  let running = 0;
  for (const id of ctx.node.daemon.swapIds) {
    const v = ctx.views.viewOf(id);
    if (!v || v.summary.outcome !== 'running') continue;
    running++;
    notices.push(...swapNotices(v));
  }
  const chains = [chainStatus(health, 'btc'), chainStatus(health, 'xmr')];
  for (const c of chains) {
    // A chain that stops while a swap runs: the swap waits for it (and goes on when it is back), its deadlines do not.
    if (running > 0 && (c.status === 'stalled' || c.status === 'unreachable')) {
      notices.unshift({ id: `${c.chain}:${c.status}`, swapId: null, level: 'danger', message: `${c.message}. Your running swaps wait for this chain and go on when it is back; their deadlines keep counting.`.slice(0, 500) });
    }
  }
  for (const chain of ['btc', 'xmr'] as const) {
    const sw = health.get(chain)?.lastSwitch;
    // Every failover is shown, never silent: the swap page and Settings read this notice.
    if (sw && Date.now() - sw.at < SWITCH_NOTICE_MS) notices.unshift({ id: `${chain}:switched:${sw.at}`, swapId: null, level: 'warning', message: `${chain === 'btc' ? 'Bitcoin' : 'Monero'}: switched to ${sw.to}: ${sw.reason}`.slice(0, 500) });
  }
  const sandbox = ctx.o.sandbox;
  return {
    network: ctx.o.endpoints.network,
    daemon,
    chains,
    sandbox: sandbox ? { state: 'ready', message: `sandbox on regtest (a block every ${sandbox.info.blockMs} ms)` } : { state: 'off', message: 'no sandbox' },
    notices: notices.slice(0, 50),
  };
}
