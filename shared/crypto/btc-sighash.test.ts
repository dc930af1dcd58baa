// BIP143's published examples, computed through our sighash.
// Invariant checked: digests equal the BIP's `sigHash` lines byte for byte.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../hex';
import v from './vectors/bip143.json';
import { decodeTx, sighashSegwitV0 } from './btc-sighash';

describe('BIP143 examples', () => {
  it.each(v.vectors)('$name', (c) => {
    const tx = decodeTx(fromHex(c.tx));
    if (!tx.ok) throw new Error(tx.error.message);
    const h = sighashSegwitV0(tx.value, c.inputIndex, fromHex(c.scriptCode), BigInt(c.amount), c.hashType);
    expect(h.ok && toHex(h.value)).toBe(c.sighash);
  });
  it('refuses an input index out of range and garbage bytes', () => {
    const tx = decodeTx(fromHex(v.vectors[0]!.tx));
    if (!tx.ok) throw new Error('decode');
    expect(sighashSegwitV0(tx.value, 5, new Uint8Array(), 0n, 1).ok).toBe(false);
    expect(decodeTx(fromHex('0100')).ok).toBe(false);
  });
});
