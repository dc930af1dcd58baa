// Issue 19, fees: a swap at 7 sat/vB (not the legacy 2 sat/vB) on real litecoind + monerod, where
// every mined swap transaction pays the signed rate. Each fee is read from the node (its inputs'
// values minus its outputs) over the vsize the node reports: at least ceil(7 · vsize) (the builders
// price worst-case 72-byte signatures, so the real tx is at most one vbyte smaller) and at most
// ceil(7 · (vsize + 1)). Happy path: lock and buy; refund path: lock, cancel and refund.
import { describe, expect, it } from 'vitest';
import { feeForVsize } from '../../shared/crypto/btc-fee';
import { runDemo } from './regtest-demo';
import { expectEachPartyExact } from './demo-accounting-expect';
import type { PaidFee } from './swap-tx-fees';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('fee-rate.itest');

const RATE = 7000n;

function expectPaidAtRate(paid: readonly PaidFee[], names: string[]): void {
  expect(paid.map((p) => p.name).sort()).toEqual([...names].sort());
  for (const p of paid) {
    const fee = BigInt(p.feeSats);
    expect(fee, `${p.name} ${p.txid}: ${p.feeSats} sats for ${p.vsize} vB`).toBeGreaterThanOrEqual(feeForVsize(RATE, p.vsize));
    expect(fee, `${p.name} ${p.txid}: ${p.feeSats} sats for ${p.vsize} vB`).toBeLessThanOrEqual(feeForVsize(RATE, p.vsize + 1));
    expect(Math.round(p.satPerVb)).toBe(7);
  }
}

describe.skipIf(missing.length > 0)('a swap at 7 sat/vB on regtest: every mined swap transaction pays the signed rate', () => {
  it('happy path: lock and buy at 7 sat/vB', async () => {
    const r = await runDemo({ path: 'happy', feeRateSatPerKvB: Number(RATE), progress: () => undefined });
    console.log(`fee-rate.itest happy: ${r.paidFees.map((p) => `${p.name} ${p.feeSats}/${p.vsize} = ${p.satPerVb.toFixed(3)}`).join(', ')}`);
    expect([r.alice, r.bob]).toEqual(['swapped', 'swapped']);
    expect(r.feeRateSatVb).toBe(7);
    expectPaidAtRate(r.paidFees, ['lock', 'buy']);
    // Alice receives the lock amount minus the buy fee, exactly.
    expect(r.btcSats).toBe(1_000_000 - r.paidFees.find((p) => p.name === 'buy')!.feeSats);
    expectEachPartyExact(r);
  }, 300_000);

  it('refund path: lock, cancel and refund at 7 sat/vB', async () => {
    const r = await runDemo({ path: 'refund', feeRateSatPerKvB: Number(RATE), progress: () => undefined });
    console.log(`fee-rate.itest refund: ${r.paidFees.map((p) => `${p.name} ${p.feeSats}/${p.vsize} = ${p.satPerVb.toFixed(3)}`).join(', ')}`);
    expect([r.alice, r.bob]).toEqual(['refunded', 'refunded']);
    expectPaidAtRate(r.paidFees, ['lock', 'cancel', 'refund']);
    const fee = (n: string) => r.paidFees.find((p) => p.name === n)!.feeSats;
    expect(r.btcSats).toBe(1_000_000 - fee('cancel') - fee('refund'));
    expectEachPartyExact(r);
  }, 300_000);
});
