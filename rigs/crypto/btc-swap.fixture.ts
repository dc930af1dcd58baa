// Shared test setup for the Bitcoin swap transactions: two parties' keys and a deal on a network.
// Invariant: fixtures derive everything from fixed seeds, so every test sees the same swap.
import { p2wpkh } from '@scure/btc-signer';
import { BTC_NETWORKS, type BtcNetworkName } from '../../shared/crypto/btc-network';
import { swapScriptKeys } from '../../shared/crypto/btc-swap-scripts';
import type { SwapBtcParams } from '../../shared/crypto/btc-swap-txs';
import { deriveSwapKeys, type SwapKeys } from '../../shared/crypto/swap-key-derivation';

export interface SwapFixture {
  readonly alice: SwapKeys;
  readonly bob: SwapKeys;
  readonly params: SwapBtcParams;
}

export function swapFixture(network: BtcNetworkName = 'litecoin-regtest', overrides: Partial<SwapBtcParams> = {}, swapIdByte = 7): SwapFixture {
  const swapId = new Uint8Array(16).fill(swapIdByte);
  const alice = deriveSwapKeys(new Uint8Array(64).fill(1), swapId, 'alice');
  const bob = deriveSwapKeys(new Uint8Array(64).fill(2), swapId, 'bob');
  if (!alice.ok || !bob.ok) throw new Error('fixture keys');
  const a = alice.value.btc;
  const b = bob.value.btc;
  const keys = swapScriptKeys({ buy: a.buy.public, cancel: a.cancel.public, refund: a.refund.public, punish: a.punish.public }, { buy: b.buy.public, cancel: b.cancel.public, refund: b.refund.public });
  if (!keys.ok) throw new Error(keys.error.message);
  const net = BTC_NETWORKS[network];
  const params: SwapBtcParams = {
    network: net,
    amount: 1_000_000n,
    feeRateSatPerKvB: 2000n,
    cancelTimelock: 10,
    punishTimelock: 10,
    keys: keys.value,
    aliceAddress: p2wpkh(a.fund.public, net).address!,
    bobRefundAddress: p2wpkh(b.fund.public, net).address!,
    ...overrides,
  };
  return { alice: alice.value, bob: bob.value, params };
}
