// One fee estimate from the Bitcoin syncer (its `estimate-fee` task: `estimatesmartfee` at the
// worker's target), for the maker's offer rate and the taker's fee band. Invariant: "no estimate" is
// an answer (null), never a made-up number: the task is sent with floor 0, so a node without data
// answers 0, and a node that does not answer in time also gives null (the caller's no-estimate band).
import type { TaskId } from '../../shared/ids';
import type { Supervisor } from './supervisor';

let seq = 0;

/** The node's estimate in sat/kvB, or null when it has none (regtest, a fresh node) or does not answer. */
export function requestFeeEstimate(btc: Pick<Supervisor, 'send' | 'subscribe'>, timeoutMs = 10_000): Promise<number | null> {
  // Not a swap's task: the id names no swap, so the daemon ignores the answer.
  const id = `fee-estimate:${Date.now()}:${++seq}` as TaskId;
  return new Promise((resolve) => {
    const done = (v: number | null) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const unsubscribe = btc.subscribe((e) => {
      if (e.type === 'syncer' && e.event.kind === 'fee-estimate' && e.event.taskId === id) done(e.event.satPerKvB > 0 ? e.event.satPerKvB : null);
    });
    const sent = btc.send({ kind: 'estimate-fee', id, floorSatPerKvB: 0 });
    if (!sent.ok) done(null);
  });
}
