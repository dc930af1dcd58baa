// The headless client's answers, one handler per datum request kind (shared/protocol/datum.ts), in a
// table like the nets' tables. Each handler builds or validates every transaction against the deal's
// templates (memo-txs.ts) before it asks the signer for the sighash of exactly that transaction, and
// writes what must survive a restart to the memo before its answer leaves. A handler returns a
// refusal as a value, or throws: `SignerRefusal` (client-signer), `NodeReadFailed` (client-wallet: asked again) or any Error (client-invalid).
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import {
  buildBuy,
  buildPunish,
  finalizeLock,
  finalizeLockSpend,
  finalizePunish,
  finalizeRefund,
  fundingAmount,
  outpointOf,
  scriptToAddress,
  swapPlan,
  swapSighash,
  type UnsignedSwapTx,
} from '../../shared/crypto/btc-swap-txs';
import { publishedSignature } from '../../shared/crypto/swap-secret-recovery';
import { validateBuy, validateCoreArbitratingSetup } from '../../shared/crypto/btc-swap-validation';
import type { ClientDatum, DatumRequest } from '../../shared/protocol/datum';
import { dealFeeRate, type Deal } from '../../shared/protocol/deal';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { ok, type Result } from '../../shared/result';
import { commitOf } from '../../shared/protocol/reveal-commitment';
import type { BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import type { MoneroChainName } from '../../shared/networks/monero-chains';
import type { SwapMemo } from './client-memo';
import { fail, need, nodeRead, SignerRefusal, type ClientError } from './client-errors';
import type { ClientWallet } from './client-wallet';
import { buildFundingSweep, finalizeFundingSweep, fundingAddressOf, validateFundingSweep } from './funding-sweep';
import { adaptorSignedTx, bobTxs, must, paramsOf, txDatum, xmrLockOf } from './memo-txs';
import { pricingParams } from '../../shared/offer/swap-fees';
import type { PlainSignAction, SwapPublicKeys, SwapRef, SwapSigner } from './swap-signer';
import type { XmrFundingJobs } from './xmr-funding-lock';

/** The public keys of one swap as the client uses them (all present for the role). */
export interface OwnKeys {
  readonly ref: SwapRef;
  readonly pub: SwapPublicKeys;
  key(name: 'fund' | 'buy' | 'cancel' | 'refund' | 'punish'): Uint8Array;
}

/** What an answer may use: the signer, the chain, the person's wallets, the swap's keys and its memo. */
export interface AnswerContext {
  readonly signer: SwapSigner;
  readonly chain: BtcChainSettings;
  /** The swap's Monero chain: the prefix of the joint lock address. */
  readonly moneroNetwork: MoneroChainName;
  readonly wallet: ClientWallet;
  /** How far below the current XMR height the joint wallet starts scanning. */
  readonly xmrRestoreMargin?: number;
  readonly log?: (event: string, detail?: string) => void;
  /** Alice paying from the swap's XMR funding wallet (background lock, then sweep-back). */
  readonly xmrFunding?: XmrFundingJobs;
  /** Fetched only by answers that need them: a payment or a notice never waits for the signer. */
  keys(): Promise<OwnKeys>;
  /** Write the swap's memo (before the answer that needs it leaves). */
  save(m: SwapMemo): Promise<void>;
}

export type Answer = Result<ClientDatum | null, ClientError>;
type RequestOf<K extends DatumRequest['kind']> = Extract<DatumRequest, { kind: K }>;
type AnswerHandler<K extends DatumRequest['kind']> = (c: AnswerContext, m: SwapMemo, req: RequestOf<K>) => Promise<Answer>;

/** Approve + sign the sighash of `tx`: the client passes only transactions it built or validated. */
const signTx = (c: AnswerContext, k: OwnKeys, action: PlainSignAction, tx: UnsignedSwapTx): Promise<Uint8Array> => need(action, c.signer.sign(k.ref, action, swapSighash(tx)));

async function makeReveal(c: AnswerContext, deal: Deal, k: OwnKeys): Promise<RevealAlice | RevealBob> {
  const proof = await need('dleq-proof', c.signer.dleqProof(k.ref));
  if (toHex(proof.adaptor) !== toHex(k.pub.adaptor) || toHex(proof.xmrSpendPublic) !== toHex(k.pub.xmrSpendPublic)) {
    throw new Error('the DLEQ statement differs from the announced keys: the signer changed seed; check the keychain');
  }
  const common = {
    swapId: deal.swapId,
    buy: toHex(k.key('buy')),
    cancel: toHex(k.key('cancel')),
    refund: toHex(k.key('refund')),
    adaptor: toHex(k.pub.adaptor),
    address: await nodeRead('the wallet gave no BTC address', () => c.wallet.btcAddress(deal.role)),
    view: toHex(k.pub.xmrViewPrivate),
    spend: toHex(k.pub.xmrSpendPublic),
    proof: toHex(proof.proof),
  };
  return deal.role === 'alice' ? { type: 'reveal-alice', ...common, punish: toHex(k.key('punish')) } : { type: 'reveal-bob', ...common };
}

/** Our reveal (made once, kept in the memo) and the joint wallet's restore height; Bob adds his funding. */
const sessionParams: AnswerHandler<'session-params'> = async (c, m) => {
  const k = await c.keys();
  const reveal = m.ownReveal ?? (await makeReveal(c, m.deal, k));
  const xmrFromHeight = m.xmrFromHeight ?? Math.max(0, (await nodeRead('monerod gave no height (the swap\'s restore height)', () => c.wallet.xmrHeight())) - (c.xmrRestoreMargin ?? 5));
  await c.save({ ...m, ownReveal: reveal, xmrFromHeight });
  if (reveal.type === 'reveal-alice') return ok({ kind: 'alice-session-params', commit: commitOf(reveal), reveal });
  const fundAddress = fundingAddressOf(k.key('fund'), c.chain);
  // The amount needs the peer's keys only through the script size, which is fixed: price with
  // placeholders, as the offer review did (the same function, so the person pays what they read).
  const amount = fundingAmount(pricingParams(m.deal, c.chain.network));
  if (!amount.ok) return fail('client-invalid', amount.error.message);
  return ok({ kind: 'bob-session-params', commit: commitOf(reveal), reveal, funding: { address: fundAddress, amount: amount.value.toString() } });
};

/** The peer's verified reveal, kept for every later answer. */
const peerParams: AnswerHandler<'peer-params'> = async (c, m, req) => {
  await c.save({ ...m, peerReveal: req.reveal });
  return ok(null);
};

const fund: AnswerHandler<'fund'> = async (c, _m, req) => {
  if (!c.wallet.payBtc) return ok(null); // a person pays from any wallet
  const paid = await c.wallet.payBtc(req.address, BigInt(req.amount));
  if (!paid.ok) return fail('client-wallet', `funding payment failed: ${paid.error.message}`);
  c.log?.('funded', paid.value);
  return ok(null);
};

/** Bob: lock, cancel and refund from his funding output, with his cancel signature. */
const coreArbitratingTransactions: AnswerHandler<'core-arbitrating-transactions'> = async (c, m, req) => {
  const k = await c.keys();
  const p = paramsOf(m, c.chain);
  const fundAddress = fundingAddressOf(k.key('fund'), c.chain);
  const vout = await c.wallet.fundingVout(req.fundingTxid, fundAddress);
  if (!vout.ok) return fail('client-wallet', vout.error.message);
  const txs = bobTxs(p, { txid: req.fundingTxid, vout: vout.value, amount: BigInt(req.amount) }, k.key('fund'));
  const setupMemo = { fundingTxid: req.fundingTxid, vout: vout.value, amount: req.amount };
  await c.save({ ...m, setup: { kind: 'bob', ...setupMemo } });
  const plan = must(swapPlan(p));
  return ok({
    kind: 'core-arbitrating-transactions',
    lock: txDatum(txs.lock),
    cancel: txDatum(txs.cancel),
    refund: txDatum(txs.refund),
    cancelSig: toHex(await signTx(c, k, 'sign-cancel', txs.cancel)),
    cancelOutput: scriptToAddress(plan.cancelOutputScript, c.chain.network),
  });
};

/** Alice: validate Bob's setup, then sign cancel, adaptor-sign refund, sign punish. */
const signRefundProcedure: AnswerHandler<'sign-refund-procedure'> = async (c, m, req) => {
  const k = await c.keys();
  const p = paramsOf(m, c.chain);
  const v = validateCoreArbitratingSetup(p, fromHex(req.setup.lock), fromHex(req.setup.cancel), fromHex(req.setup.refund));
  if (!v.ok) return fail('client-invalid', `setup refused: ${v.error.message}`);
  const peer = m.peerReveal as RevealBob;
  const cancelSig = await signTx(c, k, 'sign-cancel', v.value.cancel);
  const cancelSigned = finalizeLockSpend(v.value.cancel, p.keys, fromHex(req.setup.cancelSig), cancelSig);
  if (!cancelSigned.ok) return fail('client-invalid', `Bob's cancel signature: ${cancelSigned.error.message}`);
  const refundAdaptorSig = await need('adaptor-sign-refund', c.signer.adaptorSign(k.ref, 'adaptor-sign-refund', swapSighash(v.value.refund), fromHex(peer.adaptor)));
  const punish = must(buildPunish(p, outpointOf(v.value.cancel), v.value.cancel.output.amount));
  const punishSigned = must(finalizePunish(punish, p.keys, await signTx(c, k, 'sign-punish', punish)));
  await c.save({ ...m, setup: { kind: 'alice', msg: req.setup }, encSig: toHex(refundAdaptorSig) });
  return ok({
    kind: 'refund-procedure',
    lockTxid: v.value.lock.txid as Txid,
    refundTxid: v.value.refund.txid as Txid,
    cancelSig: toHex(cancelSig),
    refundAdaptorSig: toHex(refundAdaptorSig),
    cancelSigned: { txid: v.value.cancel.txid as Txid, hex: toHex(cancelSigned.value) },
    punishSigned: { txid: punish.txid as Txid, hex: toHex(punishSigned) },
    xmr: xmrLockOf(m, c.moneroNetwork),
  });
};

/** Bob: the signer's lock rule, in order (cancel, hold Alice's cancel, decrypt her refund, refund, lock), then his buy adaptor signature. */
const signArbitratingLock: AnswerHandler<'sign-arbitrating-lock'> = async (c, m, req) => {
  const k = await c.keys();
  const p = paramsOf(m, c.chain);
  if (m.setup?.kind !== 'bob') return fail('client-invalid', 'lock signature asked before the setup was built');
  const txs = bobTxs(p, { txid: m.setup.fundingTxid, vout: m.setup.vout, amount: BigInt(m.setup.amount) }, k.key('fund'));
  const peer = m.peerReveal as RevealAlice;
  // The signer's lock rule wants, in its own memory: our cancel signature, Alice's cancel
  // signature held, her refund signature decrypted. Asked in that order on every (re)try.
  const cancelDigest = swapSighash(txs.cancel);
  const aliceCancel = fromHex(req.refundSigs.cancelSig);
  const cancelSigned = finalizeLockSpend(txs.cancel, p.keys, await signTx(c, k, 'sign-cancel', txs.cancel), aliceCancel);
  if (!cancelSigned.ok) return fail('client-invalid', `Alice's cancel signature: ${cancelSigned.error.message}`);
  await need('hold-peer-cancel', c.signer.holdPeerCancel(k.ref, cancelDigest, p.keys.aliceBuy, aliceCancel));
  const aliceRefund = await c.signer.decryptPeer(k.ref, 'decrypt-refund', swapSighash(txs.refund), p.keys.aliceRefund, fromHex(req.refundSigs.refundAdaptorSig));
  if (!aliceRefund.ok && aliceRefund.error.kind === 'bad-signature') return fail('client-invalid', `Alice's refund adaptor signature: ${aliceRefund.error.message}`);
  if (!aliceRefund.ok) throw new SignerRefusal('decrypt-refund', aliceRefund.error);
  const refundSigned = finalizeRefund(txs.refund, p.keys, await signTx(c, k, 'sign-refund', txs.refund), aliceRefund.value);
  if (!refundSigned.ok) return fail('client-invalid', `refund: ${refundSigned.error.message}`);
  const lockSigned = must(finalizeLock(txs.lock, await signTx(c, k, 'sign-lock', txs.lock), k.key('fund')));
  const buy = must(buildBuy(p, outpointOf(txs.lock)));
  const buyAdaptorSig = m.encSig ?? toHex(await need('adaptor-sign-buy', c.signer.adaptorSign(k.ref, 'adaptor-sign-buy', swapSighash(buy), fromHex(peer.adaptor))));
  // The adaptor signature must survive a restart: recovering ka from buy needs exactly this one.
  await c.save({ ...m, encSig: buyAdaptorSig });
  return ok({
    kind: 'signed-arbitrating-lock',
    lockSigned: { txid: txs.lock.txid as Txid, hex: toHex(lockSigned) },
    cancelSigned: { txid: txs.cancel.txid as Txid, hex: toHex(cancelSigned.value) },
    refundSigned: { txid: txs.refund.txid as Txid, hex: toHex(refundSigned.value) },
    buy: txDatum(buy),
    buyAdaptorSig,
    xmr: xmrLockOf(m, c.moneroNetwork),
  });
};

/** Alice's funding wallet: scanned from the swap's XMR start height (the person pays after it), swept to her XMR address. */
const fundingOwner = (c: AnswerContext, m: SwapMemo) => ({
  ref: { swapId: m.deal.swapId, role: 'alice' as const },
  fromHeight: m.xmrFromHeight ?? 0,
  refund: () => c.wallet.xmrDestination(),
});

const lockXmr: AnswerHandler<'lock-xmr'> = async (c, m, req) => {
  if (c.xmrFunding && m.deal.role === 'alice') {
    // Paid from the funding wallet once the person's payment is spendable: no answer waits 10 blocks.
    await c.xmrFunding.lock(fundingOwner(c, m), req.address, BigInt(req.amount));
    c.log?.('xmr-lock-from-funding', req.address);
    return ok(null);
  }
  if (!c.wallet.payXmr) return ok(null);
  const paid = await c.wallet.payXmr(req.address, BigInt(req.amount));
  if (!paid.ok) return fail('client-wallet', `XMR lock payment failed: ${paid.error.message}`);
  c.log?.('xmr-locked', paid.value);
  return ok(null);
};

const withdrawXmrLock: AnswerHandler<'withdraw-xmr-lock'> = async (c, m, req) => {
  c.log?.('xmr-lock-window-closed', req.address);
  // Nothing more is locked; what the person paid into the funding wallet goes back to them.
  if (c.xmrFunding && m.deal.role === 'alice') await c.xmrFunding.withdraw(fundingOwner(c, m));
  return ok(null);
};

/** Alice: validate Bob's buy against her kept setup, decrypt his adaptor signature, add hers. */
const signBuy: AnswerHandler<'sign-buy'> = async (c, m, req) => {
  const k = await c.keys();
  const p = paramsOf(m, c.chain);
  if (m.setup?.kind !== 'alice') return fail('client-invalid', 'buy asked before the setup was signed');
  const s = m.setup.msg;
  const v = must(validateCoreArbitratingSetup(p, fromHex(s.lock), fromHex(s.cancel), fromHex(s.refund)));
  const buy = validateBuy(p, v.lock, fromHex(req.buySig.buy));
  if (!buy.ok) return fail('client-invalid', `buy refused: ${buy.error.message}`);
  const bobSig = await c.signer.decryptPeer(k.ref, 'decrypt-buy', swapSighash(buy.value), p.keys.bobBuy, fromHex(req.buySig.buyAdaptorSig));
  if (!bobSig.ok && bobSig.error.kind === 'bad-signature') return fail('client-invalid', `Bob's buy adaptor signature: ${bobSig.error.message}`);
  if (!bobSig.ok) throw new SignerRefusal('decrypt-buy', bobSig.error);
  const signed = finalizeLockSpend(buy.value, p.keys, bobSig.value, await signTx(c, k, 'sign-buy', buy.value));
  if (!signed.ok) return fail('client-invalid', `buy: ${signed.error.message}`);
  return ok({ kind: 'fully-signed-buy', buySigned: { txid: buy.value.txid as Txid, hex: toHex(signed.value) } });
};

/** After buy (Bob) or refund (Alice) is on chain: the joint XMR spend key from the signer, to sweep. */
const recoverAccordant: AnswerHandler<'recover-accordant'> = async (c, m, req) => {
  const k = await c.keys();
  if (!m.encSig || !m.peerReveal) return fail('client-invalid', 'nothing to recover from: no adaptor signature kept');
  // Bob recovers from buy (our adaptor signature on it), Alice from refund.
  if (req.from !== (m.deal.role === 'bob' ? 'buy' : 'refund')) return fail('client-invalid', `${m.deal.role} cannot recover from ${req.from}`);
  const sig = publishedSignature(req.from, fromHex(req.txHex));
  if (!sig.ok) return fail('client-invalid', sig.error.message);
  const digest = swapSighash(adaptorSignedTx(m, c.chain, () => k.key('fund')));
  const spendKey = await c.signer.recoverSweepKey(k.ref, {
    digest,
    peerAdaptor: fromHex(m.peerReveal.adaptor),
    adaptorSig: fromHex(m.encSig),
    signature: sig.value,
    peerSpendPublic: fromHex(m.peerReveal.spend),
  });
  if (!spendKey.ok && spendKey.error.kind === 'bad-signature') return fail('client-invalid', `recovery failed: ${spendKey.error.message}`);
  if (!spendKey.ok) throw new SignerRefusal('recover-sweep-key', spendKey.error);
  const lock = xmrLockOf(m, c.moneroNetwork);
  return ok({ kind: 'accordant-sweep', spendKey: toHex(spendKey.value), viewKey: lock.viewKey, address: lock.address, destination: await c.wallet.xmrDestination(), fromHeight: lock.fromHeight });
};

/** Asked again after a signed sweep is in the memo: the same bytes, re-broadcast; never a second sweep. */
async function rebroadcastFundingSweep(c: AnswerContext, sweep: NonNullable<SwapMemo['fundingSweep']>, broadcast: ClientWallet['broadcast']): Promise<Answer> {
  if (!broadcast) return fail('client-wallet', `the signed sweep ${sweep.txid} is in the client memo; broadcast it from any node`);
  const again = await broadcast(sweep.hex);
  if (!again.ok) return fail('client-wallet', `re-broadcast of the funding sweep ${sweep.txid} failed: ${again.error.message}`);
  c.log?.('funding-swept', `${sweep.txid} (again)`);
  return ok(null);
}

/**
 * Bob aborted before the lock: send what reached the funding address back to his own address. The
 * signed sweep is in the memo before it is broadcast; asked again, the same bytes are re-broadcast.
 */
const sweepFunding: AnswerHandler<'sweep-funding'> = async (c, m, { address }) => {
  const { fundingUtxos, broadcast } = c.wallet;
  if (m.deal.role !== 'bob') return fail('client-invalid', 'only Bob has a funding address to sweep');
  if (m.fundingSweep) return rebroadcastFundingSweep(c, m.fundingSweep, broadcast);
  if (!fundingUtxos || !broadcast) {
    c.log?.('sweep-funding', `${address}: left to the wallet (abort before lock); sweep it with the seed`);
    return ok(null);
  }
  const k = await c.keys();
  const fundKey = k.key('fund');
  if (address !== fundingAddressOf(fundKey, c.chain)) return fail('client-invalid', `${address} is not this swap's funding address: nothing signed`);
  const utxos = await fundingUtxos(address);
  if (!utxos.ok) return fail('client-wallet', `listing the funding address failed: ${utxos.error.message}`);
  if (utxos.value.length === 0) {
    // Only confirmed outputs are listed: an unconfirmed payment is swept when asked again, or with the seed.
    c.log?.('sweep-funding', `${address}: nothing confirmed to sweep`);
    return ok(null);
  }
  const destination = await c.wallet.btcAddress('bob');
  const sweepChain = { network: c.chain.network, feeRateSatPerKvB: dealFeeRate(m.deal) };
  const built = buildFundingSweep(utxos.value, destination, sweepChain);
  if (!built.ok) return fail(built.error.kind === 'sweep-invalid' ? 'client-invalid' : 'client-wallet', `funding sweep: ${built.error.message}`);
  const digests = validateFundingSweep(built.value.unsigned, utxos.value, fundKey, destination, sweepChain);
  if (!digests.ok) return fail('client-invalid', `funding sweep refused: ${digests.error.message}`);
  const sigs: Uint8Array[] = [];
  for (const d of digests.value) sigs.push(await need('sign-funding-sweep', c.signer.sign(k.ref, 'sign-funding-sweep', d)));
  const signed = finalizeFundingSweep(built.value.unsigned, digests.value, sigs, fundKey);
  if (!signed.ok) return fail('client-invalid', `funding sweep: ${signed.error.message}`);
  const sweep = { txid: built.value.txid, hex: toHex(signed.value), destination };
  await c.save({ ...m, fundingSweep: sweep });
  const sent = await broadcast(sweep.hex);
  if (!sent.ok) return fail('client-wallet', `broadcast of the funding sweep ${sweep.txid} failed (kept in the client memo, re-broadcast when asked again): ${sent.error.message}`);
  c.log?.('funding-swept', `${sweep.txid}: ${built.value.amount} sat to ${destination}`);
  return ok(null);
};

/** One handler per datum request kind. */
const DATUM_ANSWERS: { readonly [K in DatumRequest['kind']]: (c: AnswerContext, m: SwapMemo, req: RequestOf<K>) => Promise<Answer> } = {
  'session-params': sessionParams,
  'peer-params': peerParams,
  fund,
  'core-arbitrating-transactions': coreArbitratingTransactions,
  'sign-refund-procedure': signRefundProcedure,
  'sign-arbitrating-lock': signArbitratingLock,
  'lock-xmr': lockXmr,
  'withdraw-xmr-lock': withdrawXmrLock,
  'sign-buy': signBuy,
  'recover-accordant': recoverAccordant,
  'sweep-funding': sweepFunding,
};

/** Answer one datum request of the swap whose memo is `m`; `null` when it needs no datum back. */
export function answerDatum(c: AnswerContext, m: SwapMemo, req: DatumRequest): Promise<Answer> {
  const handler = DATUM_ANSWERS[req.kind] as AnswerHandler<DatumRequest['kind']>;
  return handler(c, m, req);
}
