// The funding sweep's pure parts: built from every listed funding output to the person's address
// with fee = rate × vsize; validation refuses any other input, output, amount; a signature that does
// not verify under the fund key is never put in a witness; dust is refused.
import { describe, expect, it } from 'vitest';
import { hex } from '@scure/base';
import { RawTx } from '@scure/btc-signer';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { dustThreshold, feeForVsize, txVsize } from '../../shared/crypto/btc-fee';
import { addressToScript } from '../../shared/crypto/btc-swap-txs';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { buildFundingSweep, finalizeFundingSweep, fundingAddressOf, validateFundingSweep, type FundingUtxo } from './funding-sweep';
import { addr, chain } from '../../rigs/client/headless-client.helpers';

const SK = new Uint8Array(32).fill(3);
const FUND = secpPublicKey(SK);
const DEST = addr(60);
const UTXOS: FundingUtxo[] = [
  { txid: 'ee'.repeat(32), vout: 1, sats: 600_000n },
  { txid: 'aa'.repeat(32), vout: 0, sats: 400_488n },
];
const sign = (d: Uint8Array) => secp256k1.sign(d, SK, { prehash: false, lowS: true });

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Re-encode a sweep after `edit` (a tampered copy of the decoded tx). */
const tampered = (unsigned: Uint8Array, edit: (tx: ReturnType<typeof RawTx.decode>) => void) => {
  const tx = RawTx.decode(unsigned);
  edit(tx);
  return RawTx.encode(tx);
};

describe('funding sweep', () => {
  it('spends every listed output once, in a fixed order, to the person, minus rate × vsize', () => {
    const s = must(buildFundingSweep(UTXOS, DEST, chain));
    const again = must(buildFundingSweep([...UTXOS].reverse(), DEST, chain));
    expect(hex.encode(again.unsigned)).toBe(hex.encode(s.unsigned));
    const tx = RawTx.decode(s.unsigned);
    expect(tx.inputs.map((i) => `${hex.encode(i.txid)}:${i.index}`)).toEqual([`${'aa'.repeat(32)}:0`, `${'ee'.repeat(32)}:1`]);
    expect(tx.outputs).toHaveLength(1);
    expect(hex.encode(tx.outputs[0]!.script)).toBe(hex.encode(must(addressToScript(DEST, chain.network))));
    expect(s.amount + s.fee).toBe(1_000_488n);
    // The signed tx is at most the priced size (worst-case signatures), so the paid rate is at least the chain's.
    const digests = must(validateFundingSweep(s.unsigned, UTXOS, FUND, DEST, chain));
    expect(digests).toHaveLength(2);
    const signed = must(finalizeFundingSweep(s.unsigned, digests, digests.map(sign), FUND));
    const vsize = txVsize(RawTx.decode(signed));
    expect(feeForVsize(chain.feeRateSatPerKvB, vsize)).toBeLessThanOrEqual(s.fee);
    expect(s.fee - feeForVsize(chain.feeRateSatPerKvB, vsize)).toBeLessThan(5n);
    expect(RawTx.decode(signed).witnesses!.map((w) => hex.encode(w[1]!))).toEqual([hex.encode(FUND), hex.encode(FUND)]);
  });

  it('validation refuses another input, a missing input, a second output, another address or amount', () => {
    const s = must(buildFundingSweep(UTXOS, DEST, chain));
    const refused = (u: Uint8Array, utxos = UTXOS, dest = DEST) => {
      const v = validateFundingSweep(u, utxos, FUND, dest, chain);
      return v.ok ? 'ok' : v.error.kind;
    };
    expect(refused(s.unsigned)).toBe('ok');
    expect(refused(tampered(s.unsigned, (t) => (t.inputs[0]!.index = 7)))).toBe('sweep-invalid');
    expect(refused(tampered(s.unsigned, (t) => t.inputs.pop()))).toBe('sweep-invalid');
    expect(refused(tampered(s.unsigned, (t) => t.inputs.push({ ...t.inputs[0]! })))).toBe('sweep-invalid');
    expect(refused(tampered(s.unsigned, (t) => t.outputs.push({ ...t.outputs[0]!, amount: 1000n })))).toBe('sweep-invalid');
    expect(refused(tampered(s.unsigned, (t) => (t.outputs[0]!.amount -= 1n)))).toBe('sweep-invalid');
    expect(refused(tampered(s.unsigned, (t) => (t.outputs[0]!.script = must(addressToScript(addr(61), chain.network)))))).toBe('sweep-invalid');
    expect(refused(s.unsigned, UTXOS, addr(61))).toBe('sweep-invalid');
    expect(refused(s.unsigned, [...UTXOS, { txid: 'bb'.repeat(32), vout: 0, sats: 5n }])).toBe('sweep-invalid');
    expect(refused(new Uint8Array([1, 2, 3]))).toBe('sweep-invalid');
  });

  it('a signature that does not verify under the fund key is refused', () => {
    const s = must(buildFundingSweep(UTXOS, DEST, chain));
    const d = must(validateFundingSweep(s.unsigned, UTXOS, FUND, DEST, chain));
    const swapped = finalizeFundingSweep(s.unsigned, d, [sign(d[1]!), sign(d[0]!)], FUND);
    expect(!swapped.ok && swapped.error.kind).toBe('sweep-invalid');
    expect(finalizeFundingSweep(s.unsigned, d, [sign(d[0]!)], FUND).ok).toBe(false);
  });

  it('refuses dust and nothing, and bad listings', () => {
    const dust = dustThreshold(must(addressToScript(DEST, chain.network)), chain.network);
    const r = buildFundingSweep([{ txid: 'aa'.repeat(32), vout: 0, sats: dust + 100n }], DEST, chain);
    expect(!r.ok && r.error.kind).toBe('sweep-dust');
    expect(!r.ok && r.error.message).toMatch(/dust/);
    expect(buildFundingSweep([], DEST, chain).ok).toBe(false);
    expect(buildFundingSweep([UTXOS[0]!, UTXOS[0]!], DEST, chain).ok).toBe(false);
    expect(buildFundingSweep([{ txid: 'xyz', vout: 0, sats: 5000n }], DEST, chain).ok).toBe(false);
  });

  it('the funding address is the P2WPKH of the fund key', () => {
    expect(fundingAddressOf(FUND, chain)).toMatch(/^rltc1q/);
    expect(fundingAddressOf(FUND, chain)).not.toBe(fundingAddressOf(secpPublicKey(new Uint8Array(32).fill(4)), chain));
  });
});
