// The headless client (demo, makers, tests): answers the daemon's datum requests for each swap with
// signatures made by the signer (keys derived there from the seed in the OS keychain), validating
// every transaction against the templates before it approves the sighash of exactly that transaction.
// Invariants: this process never holds a private key (only public keys, the revealed view share,
// signatures and, after the outcome is on chain, the joint sweep key); the daemon only ever receives
// those; nothing is signed that does not match the deal; what must survive a restart (the memo) is
// written before the answer leaves. Signatures are deterministic (RFC6979 and a derived adaptor
// nonce), so an answer rebuilt after a restart carries the same bytes.
import { fromHex, toHex } from '../../shared/hex';
import type { SwapId, Txid } from '../../shared/ids';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
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
  outpointOf,
  scriptToAddress,
  serializeUnsigned,
  swapPlan,
  swapSighash,
  witnessSignature,
  type SwapBtcParams,
  type UnsignedSwapTx,
} from '../../shared/crypto/btc-swap-txs';
import { validateBuy, validateCoreArbitratingSetup } from '../../shared/crypto/btc-swap-validation';
import { jointKeys } from '../../shared/crypto/monero-keys';
import { encodeStandardAddress } from '../../shared/crypto/monero-address';
import type { ClientDatum, DatumRequest, XmrLock } from '../../shared/protocol/datum';
import type { Deal } from '../../shared/protocol/deal';
import type { CoreArbitratingSetup, RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { commitOf } from '../../shared/protocol/reveal-commitment';
import { swapBtcParams, type BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import type { ClientMemoStore, SwapMemo } from './client-memo';
import { buildFundingSweep, finalizeFundingSweep, fundingAddressOf, validateFundingSweep, type FundingUtxo } from './funding-sweep';
import type { PlainSignAction, SwapPublicKeys, SwapRef, SwapSigner, SwapSignerError } from './swap-signer';

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
  /**
   * Confirmed unspent outputs at `address` (Bob's funding address after an abort). With `broadcast`,
   * the client sweeps them back to `btcAddress('bob')`; without, it only logs (a person sweeps with the seed).
   */
  fundingUtxos?(address: string): Promise<Result<FundingUtxo[], AppError>>;
  /** Broadcast a signed transaction; a transaction the node already has is a success. Returns its txid. */
  broadcast?(hex: string): Promise<Result<string, AppError>>;
  /** Only when the person agreed (the demo's taker does): pay exactly this. */
  payBtc?(address: string, sats: bigint): Promise<Result<string, AppError>>;
  payXmr?(address: string, piconero: bigint): Promise<Result<string, AppError>>;
}

export interface HeadlessClientOptions {
  /** Makes every signature; the client never sees a private key (see swap-signer.ts). */
  readonly signer: SwapSigner;
  readonly chain: BtcChainSettings;
  readonly wallet: ClientWallet;
  readonly memo: ClientMemoStore;
  /** How far below the current XMR height the joint wallet starts scanning. */
  readonly xmrRestoreMargin?: number;
  readonly log?: (event: string, detail?: string) => void;
}

/** client-signer: the signer refused or could not answer (locked keychain, dead process, policy). */
export type ClientErrorKind = 'client-unknown-swap' | 'client-invalid' | 'client-wallet' | 'client-signer';
export type ClientError = AppError<ClientErrorKind>;
const fail = (kind: ClientErrorKind, message: string): Result<never, ClientError> => err(appError(kind, message));

/** A signer refusal, thrown out of an answer and reported as `client-signer`. */
class SignerRefusal extends Error {
  constructor(
    readonly step: string,
    readonly refusal: SwapSignerError,
  ) {
    super(`${step}: ${refusal.kind}: ${refusal.message}`);
  }
}

const SIGNER_HINTS: Partial<Record<string, string>> = {
  'keychain-locked': 'unlock the OS keychain; the daemon asks again',
  'keychain-unavailable': 'start a Secret Service (see README, Troubleshooting)',
  timeout: 'the keychain did not answer; unlock it and the daemon asks again',
  'signer-exited': 'restart the signer process; the daemon asks again',
  'signer-not-running': 'start the signer process; the daemon asks again',
};

async function need<T>(step: string, r: Promise<Result<T, SwapSignerError>>): Promise<T> {
  const v = await r;
  if (!v.ok) throw new SignerRefusal(step, v.error);
  return v.value;
}

/** The public keys of one swap as the client uses them (all present for the role). */
interface OwnKeys {
  readonly ref: SwapRef;
  readonly pub: SwapPublicKeys;
  key(name: 'fund' | 'buy' | 'cancel' | 'refund' | 'punish'): Uint8Array;
}

export class HeadlessClient {
  /** Public keys only (what the signer reveals), cached per swap. */
  private readonly keys = new Map<string, OwnKeys>();
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
    try {
      // Keys are fetched only by answers that need them: a payment or a notice never waits for the signer.
      return await this.answer(memo, () => this.keysOf(memo.deal), req);
    } catch (e) {
      if (e instanceof SignerRefusal) {
        const hint = SIGNER_HINTS[e.refusal.kind];
        return fail('client-signer', `${req.kind}: the signer refused ${e.step} (${e.refusal.kind}: ${e.refusal.message})${hint ? `; ${hint}` : ''}`);
      }
      return fail('client-invalid', `${req.kind}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async keysOf(deal: Deal): Promise<OwnKeys> {
    const cached = this.keys.get(deal.swapId);
    if (cached) return cached;
    const ref: SwapRef = { swapId: deal.swapId, role: deal.role };
    const pub = await need('public-keys', this.o.signer.publicKeys(ref));
    const k: OwnKeys = {
      ref,
      pub,
      key(name) {
        const v = pub.btc[name];
        if (!v) throw new Error(`the signer revealed no ${name} key for ${deal.role}`);
        return v;
      },
    };
    this.keys.set(deal.swapId, k);
    return k;
  }

  /** Approve + sign the sighash of `tx`: the client passes only transactions it built or validated. */
  private signTx(k: OwnKeys, action: PlainSignAction, tx: UnsignedSwapTx): Promise<Uint8Array> {
    return need(action, this.o.signer.sign(k.ref, action, swapSighash(tx)));
  }

  private async answer(m: SwapMemo, keys: () => Promise<OwnKeys>, req: DatumRequest): Promise<Result<ClientDatum | null, ClientError>> {
    switch (req.kind) {
      case 'session-params': {
        const k = await keys();
        const reveal = m.ownReveal ?? (await this.makeReveal(m.deal, k));
        const xmrFromHeight = m.xmrFromHeight ?? Math.max(0, (await this.o.wallet.xmrHeight()) - (this.o.xmrRestoreMargin ?? 5));
        await this.save({ ...m, ownReveal: reveal, xmrFromHeight });
        if (reveal.type === 'reveal-alice') return ok({ kind: 'alice-session-params', commit: commitOf(reveal), reveal });
        const fundAddress = fundingAddressOf(k.key('fund'), this.o.chain);
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
        const k = await keys();
        const p = this.params(m);
        const fundAddress = fundingAddressOf(k.key('fund'), this.o.chain);
        const vout = await this.o.wallet.fundingVout(req.fundingTxid, fundAddress);
        if (!vout.ok) return fail('client-wallet', vout.error.message);
        const txs = bobTxs(p, { txid: req.fundingTxid, vout: vout.value, amount: BigInt(req.amount) }, k.key('fund'));
        const setupMemo = { fundingTxid: req.fundingTxid, vout: vout.value, amount: req.amount };
        await this.save({ ...m, setup: { kind: 'bob', ...setupMemo } });
        const plan = must(swapPlan(p));
        return ok({
          kind: 'core-arbitrating-transactions',
          lock: txDatum(txs.lock),
          cancel: txDatum(txs.cancel),
          refund: txDatum(txs.refund),
          cancelSig: toHex(await this.signTx(k, 'sign-cancel', txs.cancel)),
          cancelOutput: scriptToAddress(plan.cancelOutputScript, this.o.chain.network),
        });
      }
      case 'sign-refund-procedure': {
        const k = await keys();
        const p = this.params(m);
        const v = validateCoreArbitratingSetup(p, fromHex(req.setup.lock), fromHex(req.setup.cancel), fromHex(req.setup.refund));
        if (!v.ok) return fail('client-invalid', `setup refused: ${v.error.message}`);
        const peer = m.peerReveal as RevealBob;
        const cancelSig = await this.signTx(k, 'sign-cancel', v.value.cancel);
        const cancelSigned = finalizeLockSpend(v.value.cancel, p.keys, fromHex(req.setup.cancelSig), cancelSig);
        if (!cancelSigned.ok) return fail('client-invalid', `Bob's cancel signature: ${cancelSigned.error.message}`);
        const refundAdaptorSig = await need('adaptor-sign-refund', this.o.signer.adaptorSign(k.ref, 'adaptor-sign-refund', swapSighash(v.value.refund), fromHex(peer.adaptor)));
        const punish = must(buildPunish(p, outpointOf(v.value.cancel), v.value.cancel.output.amount));
        const punishSigned = must(finalizePunish(punish, p.keys, await this.signTx(k, 'sign-punish', punish)));
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
        const k = await keys();
        const p = this.params(m);
        if (m.setup?.kind !== 'bob') return fail('client-invalid', 'lock signature asked before the setup was built');
        const txs = bobTxs(p, { txid: m.setup.fundingTxid, vout: m.setup.vout, amount: BigInt(m.setup.amount) }, k.key('fund'));
        const peer = m.peerReveal as RevealAlice;
        // The signer's lock rule wants, in its own memory: our cancel signature, Alice's cancel
        // signature held, her refund signature decrypted. Asked in that order on every (re)try.
        const cancelDigest = swapSighash(txs.cancel);
        const aliceCancel = fromHex(req.refundSigs.cancelSig);
        const cancelSigned = finalizeLockSpend(txs.cancel, p.keys, await this.signTx(k, 'sign-cancel', txs.cancel), aliceCancel);
        if (!cancelSigned.ok) return fail('client-invalid', `Alice's cancel signature: ${cancelSigned.error.message}`);
        await need('hold-peer-cancel', this.o.signer.holdPeerCancel(k.ref, cancelDigest, p.keys.aliceBuy, aliceCancel));
        const aliceRefund = await this.o.signer.decryptPeer(k.ref, 'decrypt-refund', swapSighash(txs.refund), p.keys.aliceRefund, fromHex(req.refundSigs.refundAdaptorSig));
        if (!aliceRefund.ok && aliceRefund.error.kind === 'bad-signature') return fail('client-invalid', `Alice's refund adaptor signature: ${aliceRefund.error.message}`);
        if (!aliceRefund.ok) throw new SignerRefusal('decrypt-refund', aliceRefund.error);
        const refundSigned = finalizeRefund(txs.refund, p.keys, await this.signTx(k, 'sign-refund', txs.refund), aliceRefund.value);
        if (!refundSigned.ok) return fail('client-invalid', `refund: ${refundSigned.error.message}`);
        const lockSigned = must(finalizeLock(txs.lock, await this.signTx(k, 'sign-lock', txs.lock), k.key('fund')));
        const buy = must(buildBuy(p, outpointOf(txs.lock)));
        const buyAdaptorSig = m.encSig ?? toHex(await need('adaptor-sign-buy', this.o.signer.adaptorSign(k.ref, 'adaptor-sign-buy', swapSighash(buy), fromHex(peer.adaptor))));
        // The adaptor signature must survive a restart: recovering ka from buy needs exactly this one.
        await this.save({ ...m, encSig: buyAdaptorSig });
        return ok({
          kind: 'signed-arbitrating-lock',
          lockSigned: { txid: txs.lock.txid as Txid, hex: toHex(lockSigned) },
          cancelSigned: { txid: txs.cancel.txid as Txid, hex: toHex(cancelSigned.value) },
          refundSigned: { txid: txs.refund.txid as Txid, hex: toHex(refundSigned.value) },
          buy: txDatum(buy),
          buyAdaptorSig,
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
        const k = await keys();
        const p = this.params(m);
        if (m.setup?.kind !== 'alice') return fail('client-invalid', 'buy asked before the setup was signed');
        const s = m.setup.msg;
        const v = must(validateCoreArbitratingSetup(p, fromHex(s.lock), fromHex(s.cancel), fromHex(s.refund)));
        const buy = validateBuy(p, v.lock, fromHex(req.buySig.buy));
        if (!buy.ok) return fail('client-invalid', `buy refused: ${buy.error.message}`);
        const bobSig = await this.o.signer.decryptPeer(k.ref, 'decrypt-buy', swapSighash(buy.value), p.keys.bobBuy, fromHex(req.buySig.buyAdaptorSig));
        if (!bobSig.ok && bobSig.error.kind === 'bad-signature') return fail('client-invalid', `Bob's buy adaptor signature: ${bobSig.error.message}`);
        if (!bobSig.ok) throw new SignerRefusal('decrypt-buy', bobSig.error);
        const signed = finalizeLockSpend(buy.value, p.keys, bobSig.value, await this.signTx(k, 'sign-buy', buy.value));
        if (!signed.ok) return fail('client-invalid', `buy: ${signed.error.message}`);
        return ok({ kind: 'fully-signed-buy', buySigned: { txid: buy.value.txid as Txid, hex: toHex(signed.value) } });
      }
      case 'recover-accordant': {
        const k = await keys();
        if (!m.encSig || !m.peerReveal) return fail('client-invalid', 'nothing to recover from: no adaptor signature kept');
        // Bob recovers from buy (our adaptor signature on it), Alice from refund.
        if (req.from !== (m.deal.role === 'bob' ? 'buy' : 'refund')) return fail('client-invalid', `${m.deal.role} cannot recover from ${req.from}`);
        // Buy: witness item 0 is Bob's signature (decrypted with ka); refund: item 1 is Alice's (decrypted with kb).
        const sig = witnessSignature(fromHex(req.txHex), req.from === 'buy' ? 0 : 1);
        if (!sig.ok) return fail('client-invalid', sig.error.message);
        const digest = swapSighash(this.adaptorSignedTx(m, k));
        const spendKey = await this.o.signer.recoverSweepKey(k.ref, {
          digest,
          peerAdaptor: fromHex(m.peerReveal.adaptor),
          adaptorSig: fromHex(m.encSig),
          signature: sig.value,
          peerSpendPublic: fromHex(m.peerReveal.spend),
        });
        if (!spendKey.ok && spendKey.error.kind === 'bad-signature') return fail('client-invalid', `recovery failed: ${spendKey.error.message}`);
        if (!spendKey.ok) throw new SignerRefusal('recover-sweep-key', spendKey.error);
        const lock = this.xmrLock(m);
        return ok({ kind: 'accordant-sweep', spendKey: toHex(spendKey.value), viewKey: lock.viewKey, address: lock.address, destination: await this.o.wallet.xmrDestination(), fromHeight: lock.fromHeight });
      }
      case 'sweep-funding':
        return this.sweepFunding(m, keys, req.address);
    }
  }

  /**
   * Bob aborted before the lock: send what reached the funding address back to his own address. The
   * signed sweep is in the memo before it is broadcast; asked again, the same bytes are re-broadcast.
   */
  private async sweepFunding(m: SwapMemo, keys: () => Promise<OwnKeys>, address: string): Promise<Result<null, ClientError>> {
    const { fundingUtxos, broadcast } = this.o.wallet;
    if (m.deal.role !== 'bob') return fail('client-invalid', 'only Bob has a funding address to sweep');
    if (m.fundingSweep) {
      if (!broadcast) return fail('client-wallet', `the signed sweep ${m.fundingSweep.txid} is in the client memo; broadcast it from any node`);
      const again = await broadcast(m.fundingSweep.hex);
      if (!again.ok) return fail('client-wallet', `re-broadcast of the funding sweep ${m.fundingSweep.txid} failed: ${again.error.message}`);
      this.o.log?.('funding-swept', `${m.fundingSweep.txid} (again)`);
      return ok(null);
    }
    if (!fundingUtxos || !broadcast) {
      this.o.log?.('sweep-funding', `${address}: left to the wallet (abort before lock); sweep it with the seed`);
      return ok(null);
    }
    const k = await keys();
    const fund = k.key('fund');
    if (address !== fundingAddressOf(fund, this.o.chain)) return fail('client-invalid', `${address} is not this swap's funding address: nothing signed`);
    const utxos = await fundingUtxos(address);
    if (!utxos.ok) return fail('client-wallet', `listing the funding address failed: ${utxos.error.message}`);
    if (utxos.value.length === 0) {
      // Only confirmed outputs are listed: an unconfirmed payment is swept when asked again, or with the seed.
      this.o.log?.('sweep-funding', `${address}: nothing confirmed to sweep`);
      return ok(null);
    }
    const destination = await this.o.wallet.btcAddress('bob');
    const built = buildFundingSweep(utxos.value, destination, this.o.chain);
    if (!built.ok) return fail(built.error.kind === 'sweep-invalid' ? 'client-invalid' : 'client-wallet', `funding sweep: ${built.error.message}`);
    const digests = validateFundingSweep(built.value.unsigned, utxos.value, fund, destination, this.o.chain);
    if (!digests.ok) return fail('client-invalid', `funding sweep refused: ${digests.error.message}`);
    const sigs: Uint8Array[] = [];
    for (const d of digests.value) sigs.push(await need('sign-funding-sweep', this.o.signer.sign(k.ref, 'sign-funding-sweep', d)));
    const signed = finalizeFundingSweep(built.value.unsigned, digests.value, sigs, fund);
    if (!signed.ok) return fail('client-invalid', `funding sweep: ${signed.error.message}`);
    const sweep = { txid: built.value.txid, hex: toHex(signed.value), destination };
    await this.save({ ...m, fundingSweep: sweep });
    const sent = await broadcast(sweep.hex);
    if (!sent.ok) return fail('client-wallet', `broadcast of the funding sweep ${sweep.txid} failed (kept in the client memo, re-broadcast when asked again): ${sent.error.message}`);
    this.o.log?.('funding-swept', `${sweep.txid}: ${built.value.amount} sat to ${destination}`);
    return ok(null);
  }

  private async makeReveal(deal: Deal, k: OwnKeys): Promise<RevealAlice | RevealBob> {
    const proof = await need('dleq-proof', this.o.signer.dleqProof(k.ref));
    if (toHex(proof.adaptor) !== toHex(k.pub.adaptor) || toHex(proof.xmrSpendPublic) !== toHex(k.pub.xmrSpendPublic)) {
      throw new Error('the DLEQ statement differs from the announced keys: the signer changed seed; check the keychain');
    }
    const common = {
      swapId: deal.swapId,
      buy: toHex(k.key('buy')),
      cancel: toHex(k.key('cancel')),
      refund: toHex(k.key('refund')),
      adaptor: toHex(k.pub.adaptor),
      address: await this.o.wallet.btcAddress(deal.role),
      view: toHex(k.pub.xmrViewPrivate),
      spend: toHex(k.pub.xmrSpendPublic),
      proof: toHex(proof.proof),
    };
    return deal.role === 'alice' ? { type: 'reveal-alice', ...common, punish: toHex(k.key('punish')) } : { type: 'reveal-bob', ...common };
  }

  /** The transaction our kept adaptor signature is on: Bob's buy, Alice's refund (rebuilt from the memo). */
  private adaptorSignedTx(m: SwapMemo, k: OwnKeys): UnsignedSwapTx {
    const p = this.params(m);
    if (m.setup?.kind === 'bob') {
      const txs = bobTxs(p, { txid: m.setup.fundingTxid, vout: m.setup.vout, amount: BigInt(m.setup.amount) }, k.key('fund'));
      return must(buildBuy(p, outpointOf(txs.lock)));
    }
    if (m.setup?.kind === 'alice') {
      const s = m.setup.msg;
      return must(validateCoreArbitratingSetup(p, fromHex(s.lock), fromHex(s.cancel), fromHex(s.refund))).refund;
    }
    throw new Error('recovery asked before the setup was built');
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

function bobTxs(p: SwapBtcParams, funding: { txid: string; vout: number; amount: bigint }, fundPublic: Uint8Array) {
  const lock = must(buildLock(p, funding, fundPublic));
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
