import { describe, expect, it } from 'vitest';
import { decodeMoneroAddress } from './monero-address';
import { publicKeyOf, viewFromSpend } from './monero-keys';
import { deriveSwapKeys } from './swap-key-derivation';
import { deriveXmrFundingKeys, xmrFundingAddressOf } from './xmr-funding-keys';

const seed = new Uint8Array(64).fill(7);
const swapA = new Uint8Array(32).fill(1);
const swapB = new Uint8Array(32).fill(2);
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('deriveXmrFundingKeys', () => {
  it('is deterministic per seed and swap, and differs between swaps and seeds', () => {
    const a = must(deriveXmrFundingKeys(seed, swapA));
    expect(must(deriveXmrFundingKeys(seed, swapA)).spend.secret).toEqual(a.spend.secret);
    expect(must(deriveXmrFundingKeys(seed, swapB)).spend.secret).not.toEqual(a.spend.secret);
    expect(must(deriveXmrFundingKeys(new Uint8Array(64).fill(8), swapA)).spend.secret).not.toEqual(a.spend.secret);
  });

  it('shares no key with the swap key shares of either role', () => {
    const f = must(deriveXmrFundingKeys(seed, swapA));
    for (const role of ['alice', 'bob'] as const) {
      const k = must(deriveSwapKeys(seed, swapA, role));
      expect(f.spend.secret).not.toEqual(k.xmr.spend.secret);
      expect(f.view.secret).not.toEqual(k.xmr.view.secret);
    }
  });

  it('has the standard view key (from the spend key) and public keys that match the secrets', () => {
    const f = must(deriveXmrFundingKeys(seed, swapA));
    expect(f.view.secret).toEqual(must(viewFromSpend(f.spend.secret)));
    expect(f.spend.public).toEqual(must(publicKeyOf(f.spend.secret)));
    expect(f.view.public).toEqual(must(publicKeyOf(f.view.secret)));
  });

  it('encodes a standard address of the network that decodes back to its keys', () => {
    const f = must(deriveXmrFundingKeys(seed, swapA));
    for (const network of ['mainnet', 'stagenet', 'testnet'] as const) {
      const d = must(decodeMoneroAddress(must(xmrFundingAddressOf(f, network))));
      expect(d).toMatchObject({ network, kind: 'standard' });
      expect(d.publicSpend).toEqual(f.spend.public);
      expect(d.publicView).toEqual(f.view.public);
    }
  });

  it('refuses a bad seed or swap id length with a typed error', () => {
    const s = deriveXmrFundingKeys(new Uint8Array(8), swapA);
    expect(s.ok ? null : s.error.kind).toBe('bad-length');
    const i = deriveXmrFundingKeys(seed, new Uint8Array(20));
    expect(i.ok ? null : i.error.kind).toBe('bad-length');
  });
});
