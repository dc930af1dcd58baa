// The client's joint lock address is encoded for the swap's Monero chain: the same two reveals give the
// known answers of a real monero-wallet-rpc on mainnet, stagenet and testnet (and mainnet-format on
// regtest). Vectors: shared/networks/vectors/network-addresses.json (its `source` says how they were made).
import { describe, expect, it } from 'vitest';
import { toHex, fromHex } from '../../shared/hex';
import { publicKeyOf } from '../../shared/crypto/monero-keys';
import type { MoneroChainName } from '../../shared/networks/monero-chains';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import v from '../../shared/networks/vectors/network-addresses.json';
import type { SwapMemo } from './client-memo';
import { xmrLockOf } from './memo-txs';

const pub = (hex: string) => {
  const r = publicKeyOf(fromHex(hex));
  if (!r.ok) throw new Error(r.error.message);
  return toHex(r.value);
};
const s = v.jointLock.shares;
// Only the Monero halves of the reveals matter here: the public spend share and the private view share.
const alice = { type: 'reveal-alice', spend: pub(s.aliceSpend), view: s.aliceView } as unknown as RevealAlice;
const bob = { type: 'reveal-bob', spend: pub(s.bobSpend), view: s.bobView } as unknown as RevealBob;
const memoOf = (own: RevealAlice | RevealBob, peer: RevealAlice | RevealBob) => ({ ownReveal: own, peerReveal: peer, xmrFromHeight: 1234 }) as unknown as SwapMemo;

describe('xmrLockOf: the lock address per Monero chain', () => {
  const want: Record<MoneroChainName, string> = { mainnet: v.jointLock.address.mainnet, stagenet: v.jointLock.address.stagenet, testnet: v.jointLock.address.testnet, regtest: v.jointLock.address.mainnet };
  it.each(Object.keys(want) as MoneroChainName[])('%s, from either side', (network) => {
    for (const m of [memoOf(alice, bob), memoOf(bob, alice)]) {
      const lock = xmrLockOf(m, network);
      expect(lock.address).toBe(want[network]);
      expect(lock.viewKey).toBe(v.jointLock.jointViewKey);
      expect(lock.fromHeight).toBe(1234);
    }
  });
});
