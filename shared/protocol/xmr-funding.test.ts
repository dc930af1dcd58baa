import { describe, expect, it } from 'vitest';
import { xmrFundingAmount, xmrFundingProgress, xmrLockFeeReserve } from './xmr-funding';

const lock = 1_000_000_000_000n;
const fee = { perByte: 20_000n, quantizationMask: 10_000n };
const need = xmrFundingAmount(lock, fee);
const tx = (txid: string, piconero: bigint, confirmations: number) => ({ txid, piconero, confirmations });

describe('xmr funding', () => {
  it('asks the lock amount plus a fee reserve priced at the node estimate for 4000 bytes', () => {
    expect(xmrLockFeeReserve(fee)).toBe(20_000n * 4000n + 10_000n);
    expect(need).toBe(lock + 80_010_000n);
    expect(xmrFundingAmount(lock, { perByte: 0n })).toBe(lock);
  });

  it('waits, then is short, confirming (x/10), ready at 10 confirmations of all it needs', () => {
    expect(xmrFundingProgress([], need)).toEqual({ kind: 'waiting', need });
    expect(xmrFundingProgress([tx('a', need - 1n, 12)], need)).toEqual({ kind: 'short', need, received: need - 1n });
    expect(xmrFundingProgress([tx('a', need, 0)], need)).toEqual({ kind: 'confirming', need, received: need, confirmations: 0 });
    expect(xmrFundingProgress([tx('a', need, 9)], need)).toMatchObject({ kind: 'confirming', confirmations: 9 });
    expect(xmrFundingProgress([tx('a', need, 10)], need)).toEqual({ kind: 'ready', need, received: need });
  });

  it('adds payments; the youngest sets the progress while the old ones do not cover it alone', () => {
    const p = xmrFundingProgress([tx('a', need / 2n, 15), tx('b', need - need / 2n, 4)], need);
    expect(p).toEqual({ kind: 'confirming', need, received: need, confirmations: 4 });
    // An old payment that covers it alone is ready even while a later extra one is young.
    expect(xmrFundingProgress([tx('a', need, 11), tx('b', 5n, 0)], need).kind).toBe('ready');
  });

  it('counts one tx paying the wallet in two outputs once per output (the wallet lists each)', () => {
    expect(xmrFundingProgress([tx('a', need / 2n, 10), tx('a', need - need / 2n, 10)], need).kind).toBe('ready');
  });
});
