import { describe, expect, it } from 'vitest';
import type { SwapView } from '../../shared/ipc/channels';
import { SwapViewSchema } from '../../shared/ipc/channels';
import { archivedSummary, chainsGone, withChainsGone } from './sandbox-chains';

const view: SwapView = {
  summary: { swapId: 'a'.repeat(32), role: 'bob', stage: 'BTC locked', outcome: 'running', btcSats: '1000000', xmrPiconero: '1000000000000', updatedAt: 1, next: 'wait', blocksToDeadline: 40, needsAction: false },
  live: true,
  marking: [],
  steps: [],
  deadlines: [],
  funding: null,
  txs: [],
  next: 'Waiting for the Monero lock',
  transitions: [],
  abort: { allowed: false, reason: 'the BTC is locked' },
  warnings: [],
  asks: [],
};

describe('sandbox chains gone', () => {
  it('is gone only when both identities are known and differ', () => {
    const a = { btc: 'b1', xmr: 'x1' };
    expect(chainsGone(a, a)).toBe(false);
    expect(chainsGone(a, { btc: 'b2', xmr: 'x1' })).toBe(true);
    expect(chainsGone(a, { btc: 'b1', xmr: 'x2' })).toBe(true);
    expect(chainsGone(undefined, a)).toBe(false);
    expect(chainsGone(a, undefined)).toBe(false);
  });
  it('says so on a running swap and allows archiving, with a view the channel accepts', () => {
    const v = withChainsGone(view);
    expect(v.warnings[0]).toMatchObject({ code: 'chains-gone', level: 'danger' });
    expect(v.warnings[0]!.message).toContain('gone');
    expect(v.archive).toEqual({ allowed: true, reason: '' });
    expect(v.summary.needsAction).toBe(true);
    expect(SwapViewSchema.safeParse(v).success).toBe(true);
  });
  it('leaves a finished swap alone', () => {
    const done = { ...view, summary: { ...view.summary, outcome: 'swapped' as const } };
    expect(withChainsGone(done)).toBe(done);
  });
  it('archives into a history line that needs nothing', () => {
    const s = archivedSummary(view.summary, 5);
    expect(s).toMatchObject({ outcome: 'archived', needsAction: false, blocksToDeadline: null, updatedAt: 5 });
  });
});
