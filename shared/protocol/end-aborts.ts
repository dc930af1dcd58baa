// At the outcome every standing syncer task is aborted but those the end leaves standing (Alice's blind
// sweep, resume.ts afterEndTasks). The aborts are outputs of the step that reached the outcome, so they
// are written before they are sent like every other output (record before act), a replay shows them,
// and a restart re-sends nothing of a finished swap but its after-end tasks.
import { afterEndTasks } from './resume';
import type { SwapState } from './state';
import { parseTaskId, taskId } from './task-ids';
import type { Emit } from './transcript';

/** Cause of the abort outputs in the transcript (not a net action: the fold checks the outcome instead). */
export const END_CAUSE = 'end';

export function endAborts(s: SwapState): Emit[] {
  const keep = new Set(afterEndTasks(s).flatMap((o) => (o.kind === 'btc-task' || o.kind === 'xmr-task' ? [o.task.id] : [])));
  const out: Emit[] = [];
  for (const t of Object.values(s.standing)) {
    if (keep.has(t.task.id)) continue;
    // One abort id per target, under this swap (the syncer echoes it in task-aborted).
    const p = parseTaskId(t.task.id);
    const name = p ? `${p.kind}.${p.name}${p.attempt === null ? '' : `.${p.attempt}`}` : 'task';
    const abort = { kind: 'abort' as const, id: taskId(s.deal.swapId, t.chain, 'end', name), target: t.task.id };
    out.push(t.chain === 'btc' ? { kind: 'btc-task', dir: 'out', task: abort } : { kind: 'xmr-task', dir: 'out', task: abort });
  }
  return out;
}
