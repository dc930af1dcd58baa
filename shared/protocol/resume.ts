// `resume(state)`: the full set of standing syncer tasks (height, tx and address watches, sweeps)
// to send again after a restart, from the state alone. Guards recovery: a restarted syncer gets
// every watch before the swap is allowed to act again.
import type { SwapState } from './state';
import type { Emit } from './transcript';

export function resumeTasks(s: SwapState): Emit[] {
  return Object.values(s.standing).map((t) =>
    t.chain === 'btc' ? { kind: 'btc-task', dir: 'out', task: t.task } : { kind: 'xmr-task', dir: 'out', task: t.task },
  );
}
