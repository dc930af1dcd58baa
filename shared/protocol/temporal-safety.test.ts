import { describe, expect, it } from 'vitest';
import { temporalSafetyProblem } from './temporal-safety';
import { validateDeal } from './deal';

describe('temporal safety rules (valid_params + buy window)', () => {
  it('accepts the regtest parameters of protocol.md (1 < 3 < 10 < 20)', () => {
    expect(temporalSafetyProblem({ finality: 1, safety: 3, cancel: 10, punish: 20 })).toBeNull();
  });
  it('names each broken rule', () => {
    const cases: Array<[Parameters<typeof temporalSafetyProblem>[0], RegExp]> = [
      [{ finality: 10, safety: 11, cancel: 10, punish: 20 }, /finality < cancel/],
      [{ finality: 1, safety: 3, cancel: 10, punish: 10 }, /cancel < punish/],
      [{ finality: 3, safety: 3, cancel: 10, punish: 20 }, /finality < safety/],
      [{ finality: 1, safety: 10, cancel: 10, punish: 20 }, /safety < cancel/],
      [{ finality: 6, safety: 7, cancel: 12, punish: 20 }, /no safe buy window/],
    ];
    for (const [p, why] of cases) expect(temporalSafetyProblem(p)).toMatch(why);
  });
  it('is the rule table deals are checked with', () => {
    const deal = {
      swapId: 'ab'.repeat(16),
      role: 'bob',
      btcAmount: '1000000',
      xmrAmount: '1000000000000',
      cancelTimelock: 12,
      punishTimelock: 20,
      finalityBtc: 6,
      finalityXmr: 1,
      safety: 7,
    };
    const r = validateDeal(deal);
    expect(r.ok ? 'ok' : r.error.message).toMatch(/deal rejected: no safe buy window/);
    expect(validateDeal({ ...deal, cancelTimelock: 13 }).ok).toBe(true);
    expect(validateDeal({ ...deal, cancelTimelock: 13, btcAmount: '0' }).ok).toBe(false);
  });
});
