// The headless client (demo, makers, tests): answers the daemon's datum requests for each swap with
// keys derived from the wallet seed (kept in the OS keychain), validating every transaction against
// the templates before it signs. Invariants: the daemon only ever receives public data, signatures
// and (after a counterparty revealed its share) the joint sweep key; nothing is signed that does not
// match the deal; what must survive a restart (the memo) is written before the answer leaves.
import { fromHex, toHex } from '../../shared/hex';
import type { SwapId, Txid } from '../../shared/ids';
import { adaptorDecrypt, adaptorEncrypt, adaptorRecover, secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { dleqProve } from '../../shared/crypto/cross-group-dleq';
import {
  buildBuy,
  buildCancel,
  buildLock,
  buildPunish,
  buildRefund,
  finalizeLock,
  finalizeLockSpend,
  finalizePunish,
  finalizeRefund,
  fundingAmount,
  hash160,
  outpointOf,
  scriptToAddress,
  serializeUnsigned,
  signSwapTx,
  swapPlan,
  swapSighash,
  witnessSignature,
  type SwapBtcParams,
  type UnsignedSwapTx,
} from '../../shared/crypto/btc-swap-txs';
import { validateBuy, validateCoreArbitratingSetup } from '../../shared/crypto/btc-swap-validation';
import { addSecrets, jointKeys } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress } from '../../shared/crypto/monero-address';
import { adaptorSecretToMonero, deriveSwapKeys, type SwapKeys } from '../../shared/crypto/swap-key-derivation';
import { OutScript } from '@scure/btc-signer';
import type { ClientDatum, DatumRequest, XmrLock } from '../../shared/protocol/datum';
import type { Deal } from '../../shared/protocol/deal';
import type { CoreArbitratingSetup, RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { commitOf } from '../../shared/protocol/reveal-commitment';
import { swapBtcParams, type BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import type { ClientMemoStore, SwapMemo } from './client-memo';

/** The person's own wallets, outside the swap: where funds come from and go to. */
export interface ClientWallet {
  /** Alice's BTC payout / Bob's BTC refund address (on the swap's network). */
  btcAddress(role: 'alice' | 'bob'): Promise<string>;
  /** Where swept XMR goes. */
  xmrDestination(): Promise<string>;
  /** Current XMR height: the restore lower bound of the joint wallet (pitfall 11.2 #4). */
  xmrHeight(): Promise<number>;
  /** Output index paying `address` in `txid` (Bob's funding). */
  fundingVout(txid: string, address: string): Promise<Result<number, AppError>>;
  /** Only when the person agreed (the demo's taker does): pay exactly this. */
  payBtc?(address: string, sats: bigint): Promise<Result<string, AppError>>;
  payXmr?(address: string, piconero: bigint): Promise<Result<string, AppError>>;
}

export interface HeadlessClientOptions {
  readonly seed: Uint8Array;
  readonly chain: BtcChainSettings;
  readonly wallet: ClientWallet;
  readonly memo: ClientMemoStore;
  /** How far below the current XMR height the joint wallet starts scanning. */
  readonly xmrRestoreMargin?: number;
  readonly log?: (event: string, detail?: string) => void;
}

export type ClientErrorKind = 'client-unknown-swap' | 'client-invalid' | 'client-wallet';
export type ClientError = AppError<ClientErrorKind>;
const fail = (kind: ClientErrorKind, message: string): Result<never, ClientError> => err(appError(kind, message));

export class HeadlessClient {
  private readonly keys = new Map<string, SwapKeys>();
  /** One request at a time per swap: each answer reads the memo the previous one wrote. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly o: HeadlessClientOptions) {}

  /** Register a swap the person agreed to (its deal is the client's backup of the swap's parameters). */
  async register(deal: Deal): Promise<void> {
    if (!this.o.memo.get(deal.swapId)) await this.o.memo.put({ deal, peerReveal: null, ownReveal: null, setup: null, encSig: null, xmrFromHeight: null });
  }

  /** Answer one datum request; `null` when the request needs no datum back (a payment, a notice). */
  handle(swapId: SwapId, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    const prev = this.queues.get(swapId) ?? Promise.resolve();
    const next = prev.then(() => this.handleNow(swapId, req));
    this.queues.set(swapId, next.catch(() => undefined));
    return next;
  }

  private async handleNow(swapId: SwapId, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    const memo = this.o.memo.get(swapId);
    if (!memo) return fail('client-unknown-swap', `no registered swap ${swapId}`);
    const k = this.keysOf(memo.deal);
    if (!k.ok) return k;
    try {
      return await this.answer(memo, k.value, req);
    } catch (e) {
      return fail('client-invalid', `${req.kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private keysOf(deal: Deal): Result<SwapKeys, ClientError> {
    const cached = this.keys.get(deal.swapId);
    if (cached) return ok(cached);
    const k = deriveSwapKeys(this.o.seed, fromHex(deal.swapId), deal.role);
    if (!k.ok) return fail('client-invalid', k.error.message);
    this.keys.set(deal.swapId, k.value);
    return ok(k.value);
  }

  private async answer(m: SwapMemo, k: SwapKeys, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    switch (req.kind) {
      case 'session-params': {
        const reveal = m.ownReveal ?? (await this.makeReveal(m.deal, k));
        const xmrFromHeight = m.xmrFromHeight ?? Math.max(0, (await this.o.wallet.xmrHeight()) - (this.o.xmrRestoreMargin ?? 5));
        await this.save({ ...m, ownReveal: reveal, xmrFromHeight });
        if (reveal.type === 'reveal-alice') return ok({ kind: 'alice-session-params', commit: commitOf(reveal), reveal });
        const fundAddress = scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(k.btc.fund.public) }), this.o.chain.network);
        // The amount needs the peer's keys only through the script size, which is fixed: price with placeholders.
        const amount = fundingAmount(pricingParams(m.deal, this.o.chain, reveal.address));
        if (!amount.ok) return fail('client-invalid', amount.error.message);
        return ok({ kind: 'bob-session-params', commit: commitOf(reveal), reveal, funding: { address: fundAddress, amount: amount.value.toString() } });
      }
      case 'peer-params':
        await this.save({ ...m, peerReveal: req.reveal });
        return ok(null);
      case 'fund': {
        if (!this.o.wallet.payBtc) return ok(null); // a person pays from any wallet
        const paid = await this.o.wallet.payBtc(req.address, BigInt(req.amount));
        if (!paid.ok) return fail('client-wallet', `funding payment failed: ${paid.error.message}`);
        this.o.log?.('funded', paid.value);
        return ok(null);
      }
      case 'core-arbitrating-transactions': {
        const p = this.params(m);
        const fundAddress = scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(k.btc.fund.public) }), this.o.chain.network);
        const vout = await this.o.wallet.fundingVout(req.fundingTxid, fundAddress);
        if (!vout.ok) return fail('client-wallet', vout.error.message);
        const txs = bobTxs(p, { txid: req.fundingTxid, vout: vout.value, amount: BigInt(req.amount) }, k);
        const setupMemo = { fundingTxid: req.fundingTxid, vout: vout.value, amount: req.amount };
        await this.save({ ...m, setup: { kind: 'bob', ...setupMemo } });
        const plan = must(swapPlan(p));
        return ok({
          kind: 'core-arbitrating-transactions',
          lock: txDatum(txs.lock),
          cancel: txDatum(txs.cancel),
          refund: txDatum(txs.refund),
          cancelSig: toHex(signSwapTx(txs.cancel, k.btc.cancel.secret)),
          cancelOutput: scriptToAddress(plan.cancelOutputScript, this.o.chain.network),
        });
      }
      case 'sign-refund-procedure': {
        const p = this.params(m);
        const v = validateCoreArbitratingSetup(p, fromHex(req.setup.lock), fromHex(req.setup.cancel), fromHex(req.setup.refund));
        if (!v.ok) return fail('client-invalid', `setup refused: ${v.error.message}`);
        const peer = m.peerReveal as RevealBob;
        const cancelSig = signSwapTx(v.value.cancel, k.btc.cancel.secret);
        const cancelSigned = finalizeLockSpend(v.value.cancel, p.keys, fromHex(req.setup.cancelSig), cancelSig);
        if (!cancelSigned.ok) return fail('client-invalid', `Bob's cancel signature: ${cancelSigned.error.message}`);
        const refundAdaptorSig = must(adaptorEncrypt(k.btc.refund.secret, fromHex(peer.adaptor), swapSighash(v.value.refund)));
        const punish = must(buildPunish(p, outpointOf(v.value.cancel), v.value.cancel.output.amount));
        const punishSigned = must(finalizePunish(punish, p.keys, signSwapTx(punish, k.btc.punish.secret)));
        await this.save({ ...m, setup: { kind: 'alice', msg: req.setup }, encSig: toHex(refundAdaptorSig) });
        return ok({
          kind: 'refund-procedure',
          lockTxid: v.value.lock.txid as Txid,
          refundTxid: v.value.refund.txid as Txid,
          cancelSig: toHex(cancelSig),
          refundAdaptorSig: toHex(refundAdaptorSig),
          cancelSigned: { txid: v.value.cancel.txid as Txid, hex: toHex(cancelSigned.value) },
          punishSigned: { txid: punish.txid as Txid, hex: toHex(punishSigned) },
          xmr: this.xmrLock(m),
        });
      }
      case 'sign-arbitrating-lock': {
        const p = this.params(m);
        if (m.setup?.kind !== 'bob') return fail('client-invalid', 'lock signature asked before the setup was built');
        const txs = bobTxs(p, { txid: m.setup.fundingTxid, vout: m.setup.vout, amount: BigInt(m.setup.amount) }, k);
        const peer = m.peerReveal as RevealAlice;
        const cancelSigned = finalizeLockSpend(txs.cancel, p.keys, signSwapTx(txs.cancel, k.btc.cancel.secret), fromHex(req.refundSigs.cancelSig));
        if (!cancelSigned.ok) return fail('client-invalid', `Alice's cancel signature: ${cancelSigned.error.message}`);
        const aliceRefund = adaptorDecrypt(fromHex(req.refundSigs.refundAdaptorSig), k.adaptor.secret);
        if (!aliceRefund.ok) return fail('client-invalid', `Alice's refund adaptor signature: ${aliceRefund.error.message}`);
        const refundSigned = finalizeRefund(txs.refund, p.keys, signSwapTx(txs.refund, k.btc.refund.secret), aliceRefund.value);
        if (!refundSigned.ok) return fail('client-invalid', `refund: ${refundSigned.error.message}`);
        const lockSigned = must(finalizeLock(txs.lock, signSwapTx(txs.lock, k.btc.fund.secret), k.btc.fund.public));
        const buy = must(buildBuy(p, outpointOf(txs.lock)));
        const buyAdaptorSig = toHex(must(adaptorEncrypt(k.btc.buy.secret, fromHex(peer.adaptor), swapSighash(buy))));
        // The adaptor signature must survive a restart: recovering ka from buy needs exactly this one.
        await this.save({ ...m, encSig: m.encSig ?? buyAdaptorSig });
        return ok({
          kind: 'signed-arbitrating-lock',
          lockSigned: { txid: txs.lock.txid as Txid, hex: toHex(lockSigned) },
          cancelSigned: { txid: txs.cancel.txid as Txid, hex: toHex(cancelSigned.value) },
          refundSigned: { txid: txs.refund.txid as Txid, hex: toHex(refundSigned.value) },
          buy: txDatum(buy),
          buyAdaptorSig: m.encSig ?? buyAdaptorSig,
          xmr: this.xmrLock(m),
        });
      }
      case 'lock-xmr': {
        if (!this.o.wallet.payXmr) return ok(null);
        const paid = await this.o.wallet.payXmr(req.address, BigInt(req.amount));
        if (!paid.ok) return fail('client-wallet', `XMR lock payment failed: ${paid.error.message}`);
        this.o.log?.('xmr-locked', paid.value);
        return ok(null);
      }
      case 'withdraw-xmr-lock':
        this.o.log?.('xmr-lock-window-closed', req.address);
        return ok(null);
      case 'sign-buy': {
        const p = this.params(m);
        if (m.setup?.kind !== 'alice') return fail('client-invalid', 'buy asked before the setup was signed');
        const s = m.setup.msg;
        const v = must(validateCoreArbitratingSetup(p, fromHex(s.lock), fromHex(s.cancel), fromHex(s.refund)));
        const buy = validateBuy(p, v.lock, fromHex(req.buySig.buy));
        if (!buy.ok) return fail('client-invalid', `buy refused: ${buy.error.message}`);
        const bobSig = adaptorDecrypt(fromHex(req.buySig.buyAdaptorSig), k.adaptor.secret);
        if (!bobSig.ok) return fail('client-invalid', `Bob's buy adaptor signature: ${bobSig.error.message}`);
        const signed = finalizeLockSpend(buy.value, p.keys, bobSig.value, signSwapTx(buy.value, k.btc.buy.secret));
        if (!signed.ok) return fail('client-invalid', `buy: ${signed.error.message}`);
        return ok({ kind: 'fully-signed-buy', buySigned: { txid: buy.value.txid as Txid, hex: toHex(signed.value) } });
      }
      case 'recover-accordant': {
        if (!m.encSig || !m.peerReveal) return fail('client-invalid', 'nothing to recover from: no adaptor signature kept');
        // Buy: witness item 0 is Bob's signature (decrypted with ka); refund: item 1 is Alice's (decrypted with kb).
        const sig = witnessSignature(fromHex(req.txHex), req.from === 'buy' ? 0 : 1);
        if (!sig.ok) return fail('client-invalid', sig.error.message);
        const secretBE = adaptorRecover(fromHex(m.peerReveal.adaptor), fromHex(m.encSig), sig.value);
        if (!secretBE.ok) return fail('client-invalid', `recovery failed: ${secretBE.error.message}`);
        const peerSpend = must(adaptorSecretToMonero(secretBE.value));
        const spendKey = must(addSecrets(peerSpend, k.xmr.spend.secret));
        const lock = this.xmrLock(m);
        return ok({ kind: 'accordant-sweep', spendKey: toHex(spendKey), viewKey: lock.viewKey, address: lock.address, destination: await this.o.wallet.xmrDestination(), fromHeight: lock.fromHeight });
      }
      case 'sweep-funding':
        this.o.log?.('sweep-funding', `${req.address}: left to the wallet (abort before lock)`);
        return ok(null);
    }
  }

  private async makeReveal(deal: Deal, k: SwapKeys): Promise<RevealAlice | RevealBob> {
    const proof = dleqProve(k.adaptor.secret.slice().reverse());
    if (!proof.ok) throw new Error(`DLEQ proof: ${proof.error.message}`);
    if (toHex(proof.value.secp256k1) !== toHex(k.adaptor.public)) throw new Error('bug: DLEQ statement differs from the adaptor key');
    const common = {
      swapId: deal.swapId,
      buy: toHex(k.btc.buy.public),
      cancel: toHex(k.btc.cancel.public),
      refund: toHex(k.btc.refund.public),
      adaptor: toHex(k.adaptor.public),
      address: await this.o.wallet.btcAddress(deal.role),
      view: toHex(k.xmr.view.secret),
      spend: toHex(k.xmr.spend.public),
      proof: toHex(proof.value.proof),
    };
    return deal.role === 'alice' ? { type: 'reveal-alice', ...common, punish: toHex(k.btc.punish.public) } : { type: 'reveal-bob', ...common };
  }

  private params(m: SwapMemo): SwapBtcParams {
    if (!m.ownReveal || !m.peerReveal) throw new Error('both reveals are needed first');
    const keys = m.ownReveal.type === 'reveal-alice' ? { alice: m.ownReveal, bob: m.peerReveal as RevealBob } : { alice: m.peerReveal as RevealAlice, bob: m.ownReveal };
    return must(swapBtcParams(m.deal, keys, this.o.chain));
  }

  private xmrLock(m: SwapMemo): XmrLock {
    if (!m.ownReveal || !m.peerReveal) throw new Error('both reveals are needed first');
    const [a, b] = m.ownReveal.type === 'reveal-alice' ? [m.ownReveal, m.peerReveal] : [m.peerReveal, m.ownReveal];
    const j = must(jointKeys(fromHex(a.spend), fromHex(b.spend), fromHex(a.view), fromHex(b.view)));
    const address = must(encodeStandardAddress('mainnet', j.spendPublic, j.viewPublic));
    return { address, viewKey: toHex(j.viewPrivate), fromHeight: m.xmrFromHeight ?? 0 };
  }

  private save(m: SwapMemo): Promise<void> {
    return this.o.memo.put(m);
  }
}

function must<T>(r: Result<T, AppError>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const txDatum = (u: UnsignedSwapTx) => ({ txid: u.txid as Txid, hex: toHex(serializeUnsigned(u)) });

function bobTxs(p: SwapBtcParams, funding: { txid: string; vout: number; amount: bigint }, k: SwapKeys) {
  const lock = must(buildLock(p, funding, k.btc.fund.public));
  const cancel = must(buildCancel(p, outpointOf(lock)));
  const refund = must(buildRefund(p, outpointOf(cancel), cancel.output.amount));
  return { lock, cancel, refund };
}

/** Fee pricing of the lock depends only on sizes: placeholder keys (i·G) give the exact funding amount. */
function pricingParams(deal: Deal, chain: BtcChainSettings, address: string): SwapBtcParams {
  const pk = (i: number) => secpPublicKey(fromHex(i.toString(16).padStart(64, '0')));
  return {
    network: chain.network,
    amount: BigInt(deal.btcAmount),
    feeRateSatPerKvB: chain.feeRateSatPerKvB,
    cancelTimelock: deal.cancelTimelock,
    punishTimelock: deal.punishTimelock,
    keys: { aliceBuy: pk(1), bobBuy: pk(2), aliceRefund: pk(3), bobRefund: pk(4) },
    aliceAddress: address,
    bobRefundAddress: address,
  };
}

export type { CoreArbitratingSetup };
