import { describe, expect, it } from 'vitest';
import type { SwapId } from '../ids';
import { checkMakeOfferChoices, makeOfferTerms, type MakeOfferChoices } from './make-offer-terms';
import { createOffer, identityKeyOf, parseOffer } from './offer';
import { takeRange, xmrForTake } from './standing-offer';

const seed = new Uint8Array(32).fill(3);
const choices = (over: Partial<MakeOfferChoices> = {}): MakeOfferChoices => ({
  makerRole: 'bob', minBtcSats: '300000', maxBtcSats: '1000000', xmrPerBtcPiconero: '150000000000000',
  cancelTimelock: 60, punishTimelock: 80, feeSatPerKvB: 2000, expiresInSec: 3600, capacity: 2, ...over,
});
const ctx = { network: 'regtest' as const, nowSec: 1_800_000_000, offerId: '0'.repeat(32) as SwapId, makerKey: identityKeyOf(seed), makerAddress: { host: '127.0.0.1', port: 40000 } };
const fieldOf = (over: Partial<MakeOfferChoices>, network: 'regtest' | 'mainnet' = 'regtest') => {
  const r = checkMakeOfferChoices(choices(over), network);
  return r.ok ? null : { kind: r.error.kind, field: r.error.field };
};

describe('make-offer terms', () => {
  it('signs a standing offer a taker parses to the same range, price and capacity', () => {
    const t = makeOfferTerms(choices(), ctx);
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value).toMatchObject({ btcSats: '1000000', xmrPiconero: '1500000000000', expiresAt: ctx.nowSec + 3600, standing: { minBtcSats: '300000', capacity: 2 } });
    const s = createOffer(t.value, seed, { nowSec: ctx.nowSec });
    if (!s.ok) throw new Error(s.error.message);
    const p = parseOffer(s.value, { nowSec: ctx.nowSec });
    if (!p.ok) throw new Error(p.error.message);
    expect(takeRange(p.value)).toEqual({ min: 300_000n, max: 1_000_000n });
    expect(xmrForTake(p.value, 600_000n)).toBe(900_000_000_000n);
  });
  it('refuses each inconsistent choice with the field to change', () => {
    const invalid = (field: string) => ({ kind: 'offer-terms-invalid', field });
    expect(fieldOf({})).toBeNull();
    expect(fieldOf({ minBtcSats: '1000001' })).toEqual(invalid('minBtcSats'));
    expect(fieldOf({ minBtcSats: '100' })).toEqual(invalid('minBtcSats'));
    expect(fieldOf({ maxBtcSats: '545', minBtcSats: '545' })).toEqual(invalid('maxBtcSats'));
    expect(fieldOf({ maxBtcSats: '2100000000000001' })).toEqual(invalid('maxBtcSats'));
    expect(fieldOf({ xmrPerBtcPiconero: '0' })).toEqual(invalid('xmrPerBtcPiconero'));
    // 546 sats at 1 piconero per BTC buy nothing.
    expect(fieldOf({ minBtcSats: '546', xmrPerBtcPiconero: '1' })).toEqual(invalid('xmrPerBtcPiconero'));
    expect(fieldOf({ feeSatPerKvB: 999 })).toEqual(invalid('feeSatPerKvB'));
    expect(fieldOf({ feeSatPerKvB: 1_000_001 })).toEqual(invalid('feeSatPerKvB'));
    expect(fieldOf({ cancelTimelock: 80, punishTimelock: 80 })).toEqual(invalid('punishTimelock'));
    expect(fieldOf({ cancelTimelock: 3 })).toEqual(invalid('cancelTimelock'));
    expect(fieldOf({ cancelTimelock: 70_000 })).toEqual(invalid('cancelTimelock'));
    // Mainnet's finality 6 and margin 7 need a cancel of at least 13.
    expect(fieldOf({ cancelTimelock: 12, punishTimelock: 144 }, 'mainnet')).toEqual(invalid('cancelTimelock'));
    expect(fieldOf({ expiresInSec: 10 })).toEqual(invalid('expiresInSec'));
    expect(fieldOf({ capacity: 0 })).toEqual(invalid('capacity'));
    expect(fieldOf({ capacity: 17 })).toEqual(invalid('capacity'));
  });
});
