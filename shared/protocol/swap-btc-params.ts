// The Bitcoin parameters of one swap (network, amount, the deal's fee rate, timelocks, script keys, payout and
// refund addresses) assembled from the deal and both reveals. Invariant: daemon checks and the
// client's tx building use this one function, so both sides price and script the same templates.
import { fromHex } from '../hex';
import type { BtcNetwork } from '../crypto/btc-network';
import { swapScriptKeys } from '../crypto/btc-swap-scripts';
import type { SwapBtcParams } from '../crypto/btc-swap-txs';
import type { CryptoResult } from '../crypto/crypto-error';
import { dealFeeRate, type Deal } from './deal';
import type { RevealAlice, RevealBob } from './peer-messages';
import { ok } from '../result';

/** Chain-side settings a deal does not carry: the network. (The fee rate is the deal's, signed by the offer.) */
export interface BtcChainSettings {
  readonly network: BtcNetwork;
}

export function swapBtcParams(deal: Deal, keys: { alice: RevealAlice; bob: RevealBob }, chain: BtcChainSettings): CryptoResult<SwapBtcParams> {
  const k = swapScriptKeys(
    { buy: fromHex(keys.alice.buy), cancel: fromHex(keys.alice.cancel), refund: fromHex(keys.alice.refund), punish: fromHex(keys.alice.punish) },
    { buy: fromHex(keys.bob.buy), cancel: fromHex(keys.bob.cancel), refund: fromHex(keys.bob.refund) },
  );
  if (!k.ok) return k;
  return ok({
    network: chain.network,
    amount: BigInt(deal.btcAmount),
    feeRateSatPerKvB: dealFeeRate(deal),
    cancelTimelock: deal.cancelTimelock,
    punishTimelock: deal.punishTimelock,
    keys: k.value,
    aliceAddress: keys.alice.address,
    bobRefundAddress: keys.bob.address,
  });
}
