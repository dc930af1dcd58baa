// Per-swap key derivation: deterministic per (seed, swap, role), distinct across swaps and roles,
// and the Monero spend share and the adaptor secret are the same integer in both groups.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HDKey } from '@scure/bip32';
import { toHex } from '../../shared/hex';
import { SwapIdSchema } from '../../shared/ids';
import { publicKeyOf } from '../../shared/crypto/monero-keys';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { deriveSwapSecrets, publicKeysOf, ROLE_BTC_KEYS, swapPath } from './key-source';

const seedA = new Uint8Array(32).fill(7);
const seedB = new Uint8Array(32).fill(8);
const swap1 = SwapIdSchema.parse('00112233445566778899aabbccddeeff');
const swap2 = SwapIdSchema.parse('00112233445566778899aabbccddeef0');
const allHex = (s: ReturnType<typeof deriveSwapSecrets>) => [...Object.values(s.btc), s.xmrSpend, s.xmrView, s.adaptorSecret].map(toHex);

describe('key source', () => {
  it('is deterministic for the same seed, swap and role', () => {
    expect(allHex(deriveSwapSecrets(seedA, swap1, 'bob'))).toEqual(allHex(deriveSwapSecrets(seedA, swap1, 'bob')));
  });

  it('gives pairwise distinct secrets across swaps, roles, seeds and key names', () => {
    const sets = [
      deriveSwapSecrets(seedA, swap1, 'alice'),
      deriveSwapSecrets(seedA, swap1, 'bob'),
      deriveSwapSecrets(seedA, swap2, 'alice'),
      deriveSwapSecrets(seedB, swap1, 'alice'),
    ].flatMap(allHex);
    expect(new Set(sets).size).toBe(sets.length);
  });

  it('each role holds exactly its protocol keys (Alice punish, Bob fund)', () => {
    expect(Object.keys(deriveSwapSecrets(seedA, swap1, 'alice').btc).sort()).toEqual([...ROLE_BTC_KEYS.alice].sort());
    expect(Object.keys(deriveSwapSecrets(seedA, swap1, 'bob').btc).sort()).toEqual(['buy', 'cancel', 'fund', 'refund']);
  });

  it('each BTC key is the BIP32 key at its documented full path', () => {
    const s = deriveSwapSecrets(seedA, swap1, 'bob');
    for (const k of ROLE_BTC_KEYS.bob) {
      expect(toHex(HDKey.fromMasterSeed(seedA).derive(swapPath(swap1, 'bob', k)).privateKey!)).toBe(toHex(s.btc[k]!));
    }
  });

  it('uses hardened BIP32 paths with the role in the path', () => {
    expect(swapPath(swap1, 'alice', 'buy')).toMatch(/^m\/44'\/0'\/\d+'\/\d+'\/1'\/2'$/);
    expect(swapPath(swap1, 'bob', 'fund')).toMatch(/\/2'\/1'$/);
  });

  it('property: spend share < 2^252, view share reduced, T and K_s come from the same integer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom('alice' as const, 'bob' as const), (seed, id, role) => {
        const s = deriveSwapSecrets(seed, SwapIdSchema.parse(toHex(id)), role);
        expect(s.xmrSpend[31]! & 0xf0).toBe(0);
        expect(publicKeyOf(s.xmrView).ok).toBe(true); // publicKeyOf refuses an unreduced scalar
        expect(toHex(s.adaptorSecret)).toBe(toHex(Uint8Array.from(s.xmrSpend).reverse()));
        const pub = publicKeysOf(s);
        expect(toHex(pub.adaptor)).toBe(toHex(secpPublicKey(s.adaptorSecret)));
        const ks = publicKeyOf(s.xmrSpend);
        expect(ks.ok && toHex(ks.value)).toBe(toHex(pub.xmrSpendPublic));
      }),
      { numRuns: 20 },
    );
  });
});
