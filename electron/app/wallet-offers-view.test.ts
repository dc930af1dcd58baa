import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import type { OfferEntry } from '../../shared/offer/offer-registry';
import { madeOfferState, madeOfferView } from './wallet-offers-view';

const take = (swapId: string, ended: boolean) => ({ swapId: swapId as SwapId, takerKey: 'k', btcSats: '500000', xmrPiconero: '5', takenAt: 10, ended });
const entry = (over: Partial<OfferEntry> = {}): OfferEntry => ({
  offer: 'fcswap1x',
  terms: {
    offerId: 'a'.repeat(32) as SwapId, network: 'regtest', makerRole: 'bob', btcSats: '1000000', xmrPiconero: '10', cancelTimelock: 60, punishTimelock: 80,
    fee: { kind: 'fixed', satPerKvB: 1000 }, expiresAt: 1000, makerKey: 'b'.repeat(64), makerAddress: { host: '127.0.0.1', port: 4000 }, standing: { minBtcSats: '300000', capacity: 2 },
  },
  revoked: false,
  takes: [],
  ...over,
});

describe('the offers the person made, as the screen shows them', () => {
  it('open, taken while a swap of it runs, expired, revoked (revoked first, then expired)', () => {
    expect(madeOfferState(entry(), 999)).toBe('open');
    expect(madeOfferState(entry({ takes: [take('1'.repeat(32), true)] }), 999)).toBe('open');
    expect(madeOfferState(entry({ takes: [take('1'.repeat(32), false)] }), 999)).toBe('taken');
    expect(madeOfferState(entry({ takes: [take('1'.repeat(32), false)] }), 1000)).toBe('expired');
    expect(madeOfferState(entry({ revoked: true, takes: [take('1'.repeat(32), false)] }), 1000)).toBe('revoked');
  });
  it('carries the range, the running count of the capacity, where takers dial, and the takes newest first', () => {
    const v = madeOfferView(entry({ takes: [take('1'.repeat(32), true), take('2'.repeat(32), false)] }), 999);
    expect(v).toMatchObject({ minBtcSats: '300000', maxBtcSats: '1000000', capacity: 2, running: 1, state: 'taken', maker: '127.0.0.1:4000' });
    expect(v.takes.map((t) => t.swapId)).toEqual(['2'.repeat(32), '1'.repeat(32)]);
  });
});
