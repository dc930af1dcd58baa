import { describe, expect, it } from 'vitest';
import { ok, err, appError } from '../../shared/result';
import type { SupervisorEvent } from './supervisor';
import { requestFeeEstimate } from './fee-estimate-request';

/** A supervisor that answers each estimate-fee task with `answer` (undefined: never answers). */
function fakeBtc(answer: number | undefined, refuse = false) {
  const listeners = new Set<(e: SupervisorEvent) => void>();
  const sent: unknown[] = [];
  return {
    sent,
    listeners,
    subscribe(l: (e: SupervisorEvent) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    send(task: unknown) {
      if (refuse) return err(appError('task-invalid' as const, 'no'));
      sent.push(task);
      const t = task as { id: string };
      // Another task's answer first: only the own task id counts.
      if (answer !== undefined)
        queueMicrotask(() => {
          for (const l of [...listeners]) l({ type: 'syncer', chain: 'btc', event: { kind: 'fee-estimate', taskId: 'other' as never, satPerKvB: 99 } });
          for (const l of [...listeners]) l({ type: 'syncer', chain: 'btc', event: { kind: 'fee-estimate', taskId: t.id as never, satPerKvB: answer } });
        });
      return ok(undefined);
    },
  };
}

describe('requestFeeEstimate', () => {
  it("is the node's estimate, asked with floor 0 so that no data is not mistaken for a rate", async () => {
    const btc = fakeBtc(7_000);
    expect(await requestFeeEstimate(btc as never)).toBe(7_000);
    expect(btc.sent).toEqual([{ kind: 'estimate-fee', id: expect.stringMatching(/^fee-estimate:/), floorSatPerKvB: 0 }]);
    expect(btc.listeners.size).toBe(0);
  });

  it('is null when the node has no estimate (answers 0), refuses the task, or does not answer in time', async () => {
    expect(await requestFeeEstimate(fakeBtc(0) as never)).toBeNull();
    expect(await requestFeeEstimate(fakeBtc(5, true) as never)).toBeNull();
    const silent = fakeBtc(undefined);
    expect(await requestFeeEstimate(silent as never, 20)).toBeNull();
    expect(silent.listeners.size).toBe(0);
  });
});
