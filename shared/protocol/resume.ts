// `resume(state)`: the full set of standing syncer tasks (height, tx and address watches, sweeps)
// to send again after a restart, from the state alone. Guards recovery: a restarted syncer gets
// every watch before the swap is allowed to act again.
// `afterEndTasks(state)`: what must keep standing once the swap has its outcome. Alice's blind sweep
// (net-alice `sweep_xmr_blind`) ends her refund while XMR may still arrive at the lock address; the
// sweep task stays with the syncer until it reports, across restarts of the daemon too.
import type { NetSpec, Outcome } from '../petri/net';
import type { SwapState } from './state';
import type { Emit } from './transcript';

export function resumeTasks(s: SwapState): Emit[] {
  return Object.values(s.standing).map((t) =>
    t.chain === 'btc' ? { kind: 'btc-task', dir: 'out', task: t.task } : { kind: 'xmr-task', dir: 'out', task: t.task },
  );
}

export function afterEndTasks(s: SwapState): Emit[] {
  if (s.swept) return [];
  return resumeTasks(s).filter((e) => e.kind === 'xmr-task' && e.task.kind === 'sweep');
}

/**
 * The outcomes an action reaches while emitting a sweep: only those swaps can still hold a task after
 * their end, so a restart folds just them (read from the net, not hard-coded per role).
 */
export function outcomesLeavingTasks(net: NetSpec): ReadonlySet<Outcome> {
  const out = new Set<Outcome>();
  for (const t of net.transitions) {
    if (t.kind !== 'action' || !(t.emits ?? []).some((e) => e.startsWith('xmr:sweep'))) continue;
    for (const p of t.produce ?? []) {
      const o = net.terminal[p];
      if (o) out.add(o);
    }
  }
  return out;
}
