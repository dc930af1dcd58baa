// The swap's Bitcoin parameters and transactions rebuilt from the client memo (the deal and both
// reveals, the setup): every answer builds or validates against these, never against the daemon's bytes.
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import { buildBuy, buildCancel, buildLock, buildRefund, outpointOf, serializeUnsigned, type SwapBtcParams, type UnsignedSwapTx } from '../../shared/crypto/btc-swap-txs';
import { validateCoreArbitratingSetup } from '../../shared/crypto/btc-swap-validation';
import { jointKeys } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress } from '../../shared/crypto/monero-address';
import { moneroAddressNetworkOf, type MoneroChainName } from '../../shared/networks/monero-chains';
import type { XmrLock } from '../../shared/protocol/datum';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import type { AppError, Result } from '../../shared/result';
import { swapBtcParams, type BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import type { SwapMemo } from './client-memo';

/** The value, or throw its message (reported as `client-invalid`). */
export function must<T>(r: Result<T, AppError>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const txDatum = (u: UnsignedSwapTx) => ({ txid: u.txid as Txid, hex: toHex(serializeUnsigned(u)) });

export function bobTxs(p: SwapBtcParams, funding: { txid: string; vout: number; amount: bigint }, fundPublic: Uint8Array) {
  const lock = must(buildLock(p, funding, fundPublic));
  const cancel = must(buildCancel(p, outpointOf(lock)));
  const refund = must(buildRefund(p, outpointOf(cancel), cancel.output.amount));
  return { lock, cancel, refund };
}

export function paramsOf(m: SwapMemo, chain: BtcChainSettings): SwapBtcParams {
  if (!m.ownReveal || !m.peerReveal) throw new Error('both reveals are needed first');
  const keys = m.ownReveal.type === 'reveal-alice' ? { alice: m.ownReveal, bob: m.peerReveal as RevealBob } : { alice: m.peerReveal as RevealAlice, bob: m.ownReveal };
  return must(swapBtcParams(m.deal, keys, chain));
}

/** The joint lock address (encoded for the swap's Monero chain: regtest is mainnet-format), its view key and scan start. */
export function xmrLockOf(m: SwapMemo, network: MoneroChainName): XmrLock {
  if (!m.ownReveal || !m.peerReveal) throw new Error('both reveals are needed first');
  const [a, b] = m.ownReveal.type === 'reveal-alice' ? [m.ownReveal, m.peerReveal] : [m.peerReveal, m.ownReveal];
  const j = must(jointKeys(fromHex(a.spend), fromHex(b.spend), fromHex(a.view), fromHex(b.view)));
  const address = must(encodeStandardAddress(moneroAddressNetworkOf(network), j.spendPublic, j.viewPublic));
  return { address, viewKey: toHex(j.viewPrivate), fromHeight: m.xmrFromHeight ?? 0 };
}

/** The transaction our kept adaptor signature is on: Bob's buy, Alice's refund (rebuilt from the memo). */
export function adaptorSignedTx(m: SwapMemo, chain: BtcChainSettings, fundPublic: () => Uint8Array): UnsignedSwapTx {
  const p = paramsOf(m, chain);
  if (m.setup?.kind === 'bob') {
    const txs = bobTxs(p, { txid: m.setup.fundingTxid, vout: m.setup.vout, amount: BigInt(m.setup.amount) }, fundPublic());
    return must(buildBuy(p, outpointOf(txs.lock)));
  }
  if (m.setup?.kind === 'alice') {
    const s = m.setup.msg;
    return must(validateCoreArbitratingSetup(p, fromHex(s.lock), fromHex(s.cancel), fromHex(s.refund))).refund;
  }
  throw new Error('recovery asked before the setup was built');
}
