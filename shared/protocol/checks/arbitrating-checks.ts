// The peer verifier's view of the Bitcoin templates, on shared/crypto: lock/cancel/refund and buy
// are rebuilt from the deal and both reveals and must match byte for byte (amounts, scripts,
// sequences, fees: pitfall 11.2 #11); the sighashes come from our templates, never the peer's bytes.
import { fromHex } from '../../hex';
import { swapSighash } from '../../crypto/btc-swap-txs';
import { validateBuy, validateCoreArbitratingSetup } from '../../crypto/btc-swap-validation';
import { err, ok } from '../../result';
import type { ArbitratingChecks } from './peer-verifier';
import { swapBtcParams, type BtcChainSettings } from '../../protocol/swap-btc-params';

export function arbitratingChecks(chain: BtcChainSettings): ArbitratingChecks {
  return {
    checkSetup(setup, keys, deal) {
      const p = swapBtcParams(deal, keys, chain);
      if (!p.ok) return p;
      const v = validateCoreArbitratingSetup(p.value, fromHex(setup.lock), fromHex(setup.cancel), fromHex(setup.refund));
      if (!v.ok) return err(v.error);
      return ok({ cancelSighash: swapSighash(v.value.cancel), refundSighash: swapSighash(v.value.refund) });
    },
    checkBuy(buyHex, setup, keys, deal) {
      const p = swapBtcParams(deal, keys, chain);
      if (!p.ok) return p;
      const v = validateCoreArbitratingSetup(p.value, fromHex(setup.lock), fromHex(setup.cancel), fromHex(setup.refund));
      if (!v.ok) return err(v.error);
      const b = validateBuy(p.value, v.value.lock, fromHex(buyHex));
      return b.ok ? ok({ buySighash: swapSighash(b.value) }) : err(b.error);
    },
  };
}
