// Fold benchmark on a 100k-entry synthetic transcript: prints entries/s and the ratio to a baseline
// measured in the same run. Asserts only correctness (the transcript is valid and folds), never a timing.
import { describe, expect, it } from 'vitest';
import { bobDecider } from '../../shared/protocol/decider';
import { benchFold } from './fold-bench';
import { fakeDeal, syntheticTranscript } from '../protocol/synthetic';

describe('fold benchmark (figures printed, not asserted)', () => {
  it('folds a 100k-entry bob transcript whose tail is height events after the lock', () => {
    const t = syntheticTranscript('bob', 100_000);
    expect(t.length).toBe(100_000);
    expect(t.every((e, i) => e.seq === i)).toBe(true);
    const init = bobDecider.initialState(fakeDeal('bob', t[0]?.swapId));
    if (!init.ok) throw new Error(init.error.message);
    const folded = bobDecider.recover(init.value, t);
    expect(folded.ok && folded.value.marking['lock_pub']).toBe(true);
    expect(folded.ok && folded.value.btcHeight).toBeGreaterThan(90_000);
    const r = benchFold('bob', 100_000, () => performance.now(), 3, t);
    console.log(`fold: ${r.foldEntriesPerSec} entries/s on ${r.entries} entries; baseline ${r.baselineEntriesPerSec}/s; ratio ${r.ratioVsBaseline} (goal >= 300000/s)`);
    expect(r.entries).toBe(100_000);
  });
});
