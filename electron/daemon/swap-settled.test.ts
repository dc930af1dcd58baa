// isSettled: only an outcome with nothing standing after it lets a start skip the swap.
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { TOY_DEAL, toyDecider, type ToyState } from '../../rigs/peers/toy-decider.helpers';
import type { SwapRecord } from './daemon-ports';
import { isSettled } from './swap-settled';

const SWAP = 'fedcba9876543210fedcba9876543210' as SwapId;
const rec = (phase: ToyState['phase']): SwapRecord<ToyState> => ({
  genesis: { kind: 'genesis', deal: TOY_DEAL(SWAP), offer: null, createdAt: 0 },
  core: { ...toyDecider.initialState(TOY_DEAL(SWAP)), phase },
  nextSeq: 3,
  evidence: {} as SwapRecord<ToyState>['evidence'],
});

describe('isSettled', () => {
  it('a running swap is not settled', () => {
    expect(isSettled(toyDecider, rec('start'))).toBe(false);
  });
  it('an end that leaves no task is settled', () => {
    expect(isSettled(toyDecider, rec('end_success'))).toBe(true);
  });
  it('an end whose sweep still stands is not settled, and is once nothing stands after it', () => {
    expect(isSettled(toyDecider, rec('end_abort'))).toBe(false);
    const swept = { ...toyDecider, afterEnd: () => [] };
    expect(isSettled(swept, rec('end_abort'))).toBe(true);
  });
});
