import { describe, expect, it } from 'vitest';
import { btcToSats, decimalToUnits, formRequest, initialForm, inverseRate, isRange, rangeText, stateText, takeAmount, xmrToPiconero, type MakeOfferForm } from './make-offer';

const defaults = { network: 'regtest' as const, cancelTimelock: 60, punishTimelock: 80, feeSatPerKvB: 1000, feeSource: 'floor' as const, minFeeSatPerKvB: 1000, maxFeeSatPerKvB: 1_000_000, host: '127.0.0.1' };
const form = (over: Partial<MakeOfferForm> = {}): MakeOfferForm => ({ ...initialForm(defaults, null), price: '150', btcAddress: 'bcrt1qx', xmrAddress: '4abc', ...over });

describe('make-offer form logic', () => {
  it('turns typed decimals into exact units, never through floating point', () => {
    expect(btcToSats('0.015')).toBe(1_500_000n);
    expect(btcToSats('21000000')).toBe(2_100_000_000_000_000n);
    expect(btcToSats('.5')).toBe(50_000_000n);
    expect(btcToSats('0.000000001')).toBeNull();
    expect(btcToSats('1e3')).toBeNull();
    expect(btcToSats('')).toBeNull();
    expect(btcToSats('-1')).toBeNull();
    expect(xmrToPiconero('150.123456789012')).toBe(150_123_456_789_012n);
    expect(decimalToUnits('2.5', 3)).toBe(2500n);
  });
  it('starts from the network defaults and builds the request the wallet checks', () => {
    expect(initialForm(defaults, 41234)).toMatchObject({ cancelTimelock: '60', punishTimelock: '80', feeSatVb: '1', port: '41234', host: '127.0.0.1' });
    const r = formRequest(form({ capacity: '2', expiryHours: '1.5', feeSatVb: '2.5' }), 'regtest');
    expect(r).toEqual({
      ok: true,
      request: {
        makerRole: 'bob', minBtcSats: '100000', maxBtcSats: '1000000', xmrPerBtcPiconero: '150000000000000', cancelTimelock: 60, punishTimelock: 80,
        feeSatPerKvB: 2500, expiresInSec: 5400, capacity: 2, host: '127.0.0.1', btcAddress: 'bcrt1qx', xmrAddress: '4abc',
      },
    });
  });
  it('names the field to change for each inconsistent choice', () => {
    const field = (over: Partial<MakeOfferForm>) => {
      const r = formRequest(form(over), 'regtest');
      return r.ok ? null : r.problem.field;
    };
    expect(field({ minBtc: '0.1' })).toBe('minBtcSats');
    expect(field({ maxBtc: 'lots' })).toBe('maxBtcSats');
    expect(field({ price: '0' })).toBe('xmrPerBtcPiconero');
    expect(field({ cancelTimelock: '90' })).toBe('punishTimelock');
    expect(field({ cancelTimelock: '2' })).toBe('cancelTimelock');
    expect(field({ feeSatVb: '0.5' })).toBe('feeSatPerKvB');
    expect(field({ capacity: '0' })).toBe('capacity');
    expect(field({ expiryHours: 'soon' })).toBe('expiresInSec');
    expect(field({ port: '70000' })).toBe('port');
    expect(field({ btcAddress: ' ' })).toBe('btcAddress');
    expect(field({ xmrAddress: '' })).toBe('xmrAddress');
  });
  it('says the rate the other way round and what one take exchanges', () => {
    expect(inverseRate('150')).toBe('1 XMR = 0.00666666 BTC');
    expect(inverseRate('0')).toBeNull();
    expect(rangeText(form())).toBe('You buy 0.15 XMR for 0.001 BTC up to 1.5 XMR for 0.01 BTC per swap.');
    expect(rangeText(form({ makerRole: 'alice' }))).toMatch(/^You sell/);
    expect(rangeText(form({ minBtc: '1' }))).toBeNull();
  });
  it('says the state with the running swaps of the capacity', () => {
    expect(stateText({ state: 'taken', running: 1, capacity: 3 })).toBe('taken (1 of 3 running)');
    expect(stateText({ state: 'revoked', running: 1, capacity: 3 })).toBe('revoked');
    expect(stateText({ state: 'open', running: 0, capacity: 3 })).toBe('open');
  });
  it("checks a taker's amount against the offer's range and prices it at the offer's rate", () => {
    const review = { btcSats: '1000000', xmrPiconero: '1500000000000', minBtcSats: '300000' };
    expect(isRange(review)).toBe(true);
    expect(isRange({ btcSats: '1000000' })).toBe(false);
    expect(isRange({ btcSats: '1000000', minBtcSats: '1000000' })).toBe(false);
    expect(takeAmount(review, '0.006')).toEqual({ ok: true, sats: 600_000n, xmr: 900_000_000_000n });
    expect(takeAmount(review, '0.002')).toEqual({ ok: false, problem: 'This offer takes 0.003 BTC to 0.01 BTC.' });
    expect(takeAmount(review, '0.0100001')).toMatchObject({ ok: false });
    expect(takeAmount(review, 'x')).toMatchObject({ ok: false });
  });
});
