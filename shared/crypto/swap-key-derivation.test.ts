// Per-swap key derivation: deterministic, separated per swap and role, aliasing on purpose,
// spend share usable in both groups. Invariant checked: a restore from the seed rebuilds the keys.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../hex';
import { dleqPoints } from './cross-group-dleq';
import { checkKeyPair, viewFromSpend } from './monero-keys';
import { deriveSwapKeys, seedFromMnemonic, swapIndex } from './swap-key-derivation';
import { bytesToNumberLE } from '@noble/curves/utils.js';

const seed = new Uint8Array(64).map((_, i) => i);

describe('swap key derivation', () => {
  it('is deterministic and differs per swap id and role', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (id1, id2) => {
        fc.pre(toHex(id1) !== toHex(id2));
        const a = deriveSwapKeys(seed, id1, 'alice');
        const a2 = deriveSwapKeys(seed, id1, 'alice');
        const b = deriveSwapKeys(seed, id1, 'bob');
        const c = deriveSwapKeys(seed, id2, 'alice');
        if (!a.ok || !a2.ok || !b.ok || !c.ok) throw new Error('derive');
        expect(toHex(a.value.btc.buy.secret)).toBe(toHex(a2.value.btc.buy.secret));
        expect(toHex(a.value.xmr.spend.secret)).toBe(toHex(a2.value.xmr.spend.secret));
        expect(toHex(a.value.xmr.spend.secret)).not.toBe(toHex(b.value.xmr.spend.secret));
        expect(toHex(a.value.xmr.spend.secret)).not.toBe(toHex(c.value.xmr.spend.secret));
        expect(toHex(a.value.btc.buy.secret)).not.toBe(toHex(c.value.btc.buy.secret));
      }),
      { numRuns: 5 },
    );
  });

  it('aliases cancel=buy and punish=refund, keeps fund/buy/refund distinct', () => {
    const k = deriveSwapKeys(seed, new Uint8Array(16).fill(9), 'alice');
    if (!k.ok) throw new Error('derive');
    expect(k.value.btc.cancel).toBe(k.value.btc.buy);
    expect(k.value.btc.punish).toBe(k.value.btc.refund);
    const pubs = [k.value.btc.fund, k.value.btc.buy, k.value.btc.refund].map((p) => toHex(p.public));
    expect(new Set(pubs).size).toBe(3);
  });

  it('spend share < 2^252 and its ed25519/secp256k1 images are the DLEQ statement', () => {
    for (let i = 0; i < 8; i++) {
      const k = deriveSwapKeys(seed, new Uint8Array(16).fill(i), i % 2 ? 'bob' : 'alice');
      if (!k.ok) throw new Error('derive');
      const s = k.value.xmr.spend.secret;
      expect(bytesToNumberLE(s) >> 252n).toBe(0n);
      const pts = dleqPoints(s);
      expect(pts.ok && toHex(pts.value.ed25519)).toBe(toHex(k.value.xmr.spend.public));
      expect(pts.ok && toHex(pts.value.secp256k1)).toBe(toHex(k.value.adaptor.public));
      expect(checkKeyPair(k.value.xmr.view.secret, k.value.xmr.view.public).ok).toBe(true);
      expect(viewFromSpend(s).ok).toBe(true);
    }
  });

  it('swap index is a hardened-safe u31 and the mnemonic must be valid', () => {
    expect(swapIndex(new Uint8Array(16))).toBeLessThan(2 ** 31);
    expect(seedFromMnemonic('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about').ok).toBe(true);
    expect(seedFromMnemonic('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon')).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
    expect(deriveSwapKeys(new Uint8Array(8), new Uint8Array(16), 'bob').ok).toBe(false);
  });
});
