import { describe, expect, it } from 'vitest';
import { deciderFor } from '../../shared/protocol/decider';
import type { Deal } from '../../shared/protocol/deal';
import type { SwapState } from '../../shared/protocol/state';
import { BOUNDARIES, pastBoundary } from './crash-boundary';

const deal = (role: 'alice' | 'bob'): Deal => ({ swapId: '11'.repeat(16), role, btcAmount: '1000000', xmrAmount: '1000000000000', cancelTimelock: 20, punishTimelock: 40, finalityBtc: 1, finalityXmr: 1, safety: 3 }) as Deal;
function start(role: 'alice' | 'bob'): SwapState {
  const s = deciderFor(role).initialState(deal(role));
  if (!s.ok) throw new Error(s.error.message);
  return s.value;
}
const withPlace = (s: SwapState, place: string): SwapState => ({ ...s, marking: { ...s.marking, [place]: null } });
const lockConfs = (s: SwapState, maxConfs: number): SwapState => ({ ...s, txs: { ...s.txs, lock: { txid: 'aa'.repeat(32) as SwapState['txs'][string]['txid'], confs: maxConfs, maxConfs, hex: null } } });

describe('crash boundaries read from the folded state', () => {
  it('a fresh swap is past no boundary, for either role', () => {
    for (const role of ['alice', 'bob'] as const) for (const b of BOUNDARIES) expect(pastBoundary(b, start(role)), `${role} ${b}`).toBe(false);
  });

  it('the BTC lock counts once mined (1 conf), not when only broadcast or in the mempool', () => {
    for (const role of ['alice', 'bob'] as const) {
      expect(pastBoundary('btc-lock', lockConfs(start(role), 0))).toBe(false);
      expect(pastBoundary('btc-lock', lockConfs(start(role), 1))).toBe(true);
    }
  });

  it('the buy signature: Bob once he recorded sending it, Alice once she recorded receiving it', () => {
    expect(pastBoundary('buy-sig', withPlace(start('bob'), 'buysig_sent'))).toBe(true);
    expect(pastBoundary('buy-sig', withPlace(start('alice'), 'buysig'))).toBe(true);
    expect(pastBoundary('buy-sig', withPlace(start('alice'), 'buysig_sent'))).toBe(false);
  });

  it('the XMR lock and cancel by their places, for both roles', () => {
    for (const role of ['alice', 'bob'] as const) {
      expect(pastBoundary('xmr-lock', withPlace(start(role), 'xmr_seen'))).toBe(true);
      expect(pastBoundary('cancel', withPlace(start(role), 'C'))).toBe(true);
      expect(pastBoundary('cancel', withPlace(start(role), 'cancel_pub'))).toBe(false);
    }
  });
});
