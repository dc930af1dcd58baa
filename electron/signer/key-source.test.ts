// The signer's key source: wallet entropy -> BIP39 seed -> shared/crypto per-swap keys, picked per
// role. Checks determinism, distinctness, the role's key set, and that T and K_s share one secret.
import { describe, expect, it } from 'vitest';
import { entropyToMnemonic, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { toHex } from '../../shared/hex';
import { SwapIdSchema } from '../../shared/ids';
import { publicKeyOf } from '../../shared/crypto/monero-keys';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { dleqPoints } from '../../shared/crypto/cross-group-dleq';
import { deriveSwapSecrets, masterSeedFromEntropy, publicKeysOf, ROLE_BTC_KEYS } from './key-source';

const entropyA = new Uint8Array(32).fill(7);
const entropyB = new Uint8Array(32).fill(8);
const seedA = masterSeedFromEntropy(entropyA);
const seedB = masterSeedFromEntropy(entropyB);
const swap1 = SwapIdSchema.parse('00112233445566778899aabbccddeeff');
const swap2 = SwapIdSchema.parse('00112233445566778899aabbccddeef0');
const secretHex = (s: ReturnType<typeof deriveSwapSecrets>) => [...new Set(Object.values(s.btc).map(toHex))].concat([s.xmrSpend, s.xmrView, s.adaptorSecret].map(toHex));

describe('key source', () => {
  it('the master seed is the BIP39 seed of the 24 words of the entropy (a paper backup restores it)', () => {
    expect(toHex(seedA)).toBe(toHex(mnemonicToSeedSync(entropyToMnemonic(entropyA, wordlist))));
    expect(entropyToMnemonic(entropyA, wordlist).split(' ')).toHaveLength(24);
  });

  it('is deterministic for the same seed, swap and role', () => {
    expect(secretHex(deriveSwapSecrets(seedA, swap1, 'bob'))).toEqual(secretHex(deriveSwapSecrets(seedA, swap1, 'bob')));
  });

  it('gives distinct secrets across swaps and seeds, and distinct Monero shares across roles', () => {
    const all = [deriveSwapSecrets(seedA, swap1, 'alice'), deriveSwapSecrets(seedA, swap2, 'alice'), deriveSwapSecrets(seedB, swap1, 'alice')].flatMap(secretHex);
    expect(new Set(all).size).toBe(all.length);
    const a = deriveSwapSecrets(seedA, swap1, 'alice');
    const b = deriveSwapSecrets(seedA, swap1, 'bob');
    expect(toHex(a.xmrSpend)).not.toBe(toHex(b.xmrSpend));
    expect(toHex(a.xmrView)).not.toBe(toHex(b.xmrView));
  });

  it('each role holds exactly its protocol keys (Alice punish, Bob fund)', () => {
    expect(Object.keys(deriveSwapSecrets(seedA, swap1, 'alice').btc).sort()).toEqual([...ROLE_BTC_KEYS.alice].sort());
    expect(Object.keys(deriveSwapSecrets(seedA, swap1, 'bob').btc).sort()).toEqual(['buy', 'cancel', 'fund', 'refund']);
  });

  it('public parts match the secrets; T and K_s come from the same integer < 2^252', () => {
    for (const role of ['alice', 'bob'] as const) {
      const s = deriveSwapSecrets(seedA, swap2, role);
      const p = publicKeysOf(s);
      for (const [k, sk] of Object.entries(s.btc)) expect(toHex(secpPublicKey(sk))).toBe(toHex(p.btc[k as keyof typeof p.btc]!));
      expect(s.xmrSpend[31]! & 0xf0).toBe(0);
      expect(toHex(s.adaptorSecret)).toBe(toHex(Uint8Array.from(s.xmrSpend).reverse()));
      expect(toHex(p.adaptor)).toBe(toHex(secpPublicKey(s.adaptorSecret)));
      const ks = publicKeyOf(s.xmrSpend);
      expect(ks.ok && toHex(ks.value)).toBe(toHex(p.xmrSpendPublic));
    }
  });

  it('the DLEQ statement of the spend share is exactly the announced T and K_s', () => {
    // The proof itself (~seconds) is proven and verified once in signer-process.itest.ts.
    const s = deriveSwapSecrets(seedA, swap1, 'alice');
    const st = dleqPoints(s.xmrSpend);
    expect(st.ok && [toHex(st.value.ed25519), toHex(st.value.secp256k1)]).toEqual([toHex(s.xmrSpendPublic), toHex(s.adaptorPublic)]);
  });
});
