// Fold throughput on a synthetic transcript, for the store benchmark (`foldEntriesPerSec`) and the
// protocol tests. Pure: the caller passes the clock. Guards nothing; it measures the fold the
// recovery path runs, against a baseline of the least any immutable fold must do per entry.
import type { Role } from '../../shared/protocol/deal';
import { deciderFor } from '../../shared/protocol/decider';
import { fakeDeal, syntheticTranscript } from '../protocol/synthetic';
import type { TranscriptEntry } from '../../shared/protocol/transcript';

export interface FoldBench {
  readonly entries: number;
  readonly foldEntriesPerSec: number;
  /** Same loop, only copying a small object per entry: the floor for an immutable fold. */
  readonly baselineEntriesPerSec: number;
  readonly ratioVsBaseline: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function benchFold(role: Role, n: number, now: () => number, rounds = 5, transcript?: readonly TranscriptEntry[]): FoldBench {
  const entries = transcript ?? syntheticTranscript(role, n);
  const d = deciderFor(role);
  const init = d.initialState(fakeDeal(role, entries[0]?.swapId));
  if (!init.ok) throw new Error(init.error.message);
  const fold: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    let t0 = now();
    const res = d.recover(init.value, entries);
    const ms = now() - t0;
    if (!res.ok) throw new Error(`synthetic transcript did not fold: ${res.error.message}`);
    t0 = now();
    let acc: { seq: number; h: number } = { seq: 0, h: 0 };
    for (const e of entries) acc = { ...acc, seq: e.seq, h: e.ts };
    const bms = now() - t0;
    if (acc.seq !== entries.length - 1) throw new Error('baseline loop broken');
    if (r > 0) {
      // round 0 is warm-up
      fold.push(ms);
      base.push(bms);
    }
  }
  const perSec = (ms: number) => (ms > 0 ? Math.round((entries.length / ms) * 1000) : Infinity);
  const f = perSec(median(fold));
  const b = perSec(median(base));
  return { entries: entries.length, foldEntriesPerSec: f, baselineEntriesPerSec: b, ratioVsBaseline: Math.round((f / b) * 1000) / 1000 };
}
