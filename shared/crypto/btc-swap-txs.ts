// Builds, signs and finalizes the protocol's Bitcoin transactions (lock, cancel, refund, buy,
// punish) from the deal parameters, per protocol.md 7. Invariant: every tx is version 2, lockTime 0,
// one input, one output, with the nSequence and witness order of the template, a fee computed from
// the deal rate and worst-case witness, no dust output, and only checked signatures in its witness.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { concatBytes, equalBytes } from '@noble/curves/utils.js';
import { hex } from '@scure/base';
import { Address, OutScript, RawTx } from '@scure/btc-signer';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import type { BtcNetwork } from './btc-network';
import { dustThreshold, feeForVsize, MAX_SIG_WITNESS_BYTES, txVsize, type EncodableTx } from './btc-fee';
import { SIGHASH_ALL, sighashSegwitV0 } from './btc-sighash';
import { cancelScript, lockScript, p2wpkhScriptCode, p2wshOutputScript, type SwapScriptKeys } from './btc-swap-scripts';
import { parsePoint33 } from './secp-codec';

export type SwapTxKind = 'lock' | 'cancel' | 'refund' | 'buy' | 'punish';

export interface SwapBtcParams {
  readonly network: BtcNetwork;
  /** Satoshis locked by Bob (the deal's BTC amount): the lock output value. */
  readonly amount: bigint;
  readonly feeRateSatPerKvB: bigint;
  /** Blocks after lock confirmation before cancel is valid (cancel nSequence). */
  readonly cancelTimelock: number;
  /** Blocks after cancel confirmation before punish is valid (CSV in the cancel script). */
  readonly punishTimelock: number;
  readonly keys: SwapScriptKeys;
  /** Alice's payout address (buy and punish). */
  readonly aliceAddress: string;
  /** Bob's refund address. */
  readonly bobRefundAddress: string;
}

export interface Outpoint {
  /** Display-order hex, as RPCs print it. */
  readonly txid: string;
  readonly vout: number;
}

export interface UnsignedSwapTx {
  readonly kind: SwapTxKind;
  readonly version: 2;
  readonly lockTime: 0;
  readonly input: Outpoint & { readonly sequence: number };
  readonly output: { readonly script: Uint8Array; readonly amount: bigint };
  /** The spent output, needed by BIP143 and by the fee check. */
  readonly prevAmount: bigint;
  /** BIP143 scriptCode: the witness script for P2WSH, P2PKH of the key for P2WPKH. */
  readonly scriptCode: Uint8Array;
  readonly fee: bigint;
  readonly txid: string;
}

const SEQUENCE_LOCK = 0x80000000; // relative lock disabled (protocol.md 7 table)
const u16ok = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 0xffff;

export function addressToScript(address: string, network: BtcNetwork): CryptoResult<Uint8Array> {
  try {
    return ok(OutScript.encode(Address(network).decode(address)));
  } catch (e) {
    return fail('bad-encoding', `address ${address} is not valid on ${network.name}: ${(e as Error).message}`);
  }
}

export const scriptToAddress = (script: Uint8Array, network: BtcNetwork): string => Address(network).encode(OutScript.decode(script));

export const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b));

function encodable(u: Pick<UnsignedSwapTx, 'input' | 'output'>, witness?: Uint8Array[]): EncodableTx {
  return {
    version: 2,
    segwitFlag: witness !== undefined,
    inputs: [{ txid: hex.decode(u.input.txid), index: u.input.vout, finalScriptSig: new Uint8Array(), sequence: u.input.sequence }],
    outputs: [{ amount: u.output.amount, script: u.output.script }],
    witnesses: witness ? [witness] : undefined,
    lockTime: 0,
  };
}

export const txidOf = (unsignedSerialization: Uint8Array): string => hex.encode(sha256(sha256(unsignedSerialization)).reverse());

/** Witness with worst-case signature sizes: what both parties use to price a template. */
function simulatedWitness(kind: SwapTxKind, witnessScript: Uint8Array): Uint8Array[] {
  const sig = new Uint8Array(MAX_SIG_WITNESS_BYTES);
  switch (kind) {
    case 'lock':
      return [sig, new Uint8Array(33)];
    case 'buy':
    case 'cancel':
      return [sig, sig, witnessScript];
    case 'refund':
      return [sig, sig, Uint8Array.of(1), witnessScript];
    case 'punish':
      return [sig, new Uint8Array(0), witnessScript];
  }
}

export interface SwapPlan {
  readonly lockScript: Uint8Array;
  readonly cancelScript: Uint8Array;
  readonly lockOutputScript: Uint8Array;
  readonly cancelOutputScript: Uint8Array;
  readonly aliceScript: Uint8Array;
  readonly bobScript: Uint8Array;
}

/** Check the deal's parameters and derive the scripts; refuses bad timelocks and addresses. */
export function swapPlan(p: SwapBtcParams): CryptoResult<SwapPlan> {
  if (!u16ok(p.cancelTimelock)) return fail('template', 'cancel timelock must be 1..65535 blocks');
  if (!u16ok(p.punishTimelock)) return fail('template', 'punish timelock must be 1..65535 blocks');
  if (p.feeRateSatPerKvB < BigInt(p.network.minRelayFeeSatPerKvB)) return fail('template', `fee rate below the ${p.network.minRelayFeeSatPerKvB} sat/kvB relay minimum`);
  if (p.amount <= 0n) return fail('template', 'amount must be positive');
  const aliceScript = addressToScript(p.aliceAddress, p.network);
  if (!aliceScript.ok) return aliceScript;
  const bobScript = addressToScript(p.bobRefundAddress, p.network);
  if (!bobScript.ok) return bobScript;
  const ls = lockScript(p.keys);
  const cs = cancelScript(p.keys, p.punishTimelock);
  return ok({ lockScript: ls, cancelScript: cs, lockOutputScript: p2wshOutputScript(ls), cancelOutputScript: p2wshOutputScript(cs), aliceScript: aliceScript.value, bobScript: bobScript.value });
}

function template(
  p: SwapBtcParams,
  kind: SwapTxKind,
  prev: Outpoint,
  prevAmount: bigint,
  sequence: number,
  outScript: Uint8Array,
  scriptCode: Uint8Array,
  witnessScript: Uint8Array,
  fixedOutput?: bigint,
): CryptoResult<UnsignedSwapTx> {
  if (!/^[0-9a-f]{64}$/.test(prev.txid) || !Number.isInteger(prev.vout) || prev.vout < 0) return fail('bad-encoding', `${kind}: bad previous outpoint`);
  const probe = { input: { ...prev, sequence }, output: { script: outScript, amount: 0n } };
  const fee = feeForVsize(p.feeRateSatPerKvB, txVsize(encodable(probe, simulatedWitness(kind, witnessScript))));
  const amount = fixedOutput ?? prevAmount - fee;
  if (fixedOutput !== undefined && prevAmount - fixedOutput !== fee)
    return fail('template', `${kind}: input ${prevAmount} sat must be exactly output ${fixedOutput} + fee ${fee}`);
  const dust = dustThreshold(outScript, p.network);
  if (amount < dust) return fail('template', `${kind}: output ${amount} sat is below the dust limit ${dust}`);
  const unsigned = { input: { ...prev, sequence }, output: { script: outScript, amount } };
  const txid = txidOf(RawTx.encode(encodable(unsigned)));
  return ok({ kind, version: 2, lockTime: 0, ...unsigned, prevAmount, scriptCode, fee, txid });
}

/** Lock: spends Bob's P2WPKH funding output (exactly amount + lock fee) into P2WSH(lock). */
export function buildLock(p: SwapBtcParams, funding: Outpoint & { readonly amount: bigint }, fundingPubkey: Uint8Array): CryptoResult<UnsignedSwapTx> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  const key = parsePoint33(fundingPubkey, 'funding key');
  if (!key.ok) return key;
  return template(p, 'lock', funding, funding.amount, SEQUENCE_LOCK, plan.value.lockOutputScript, p2wpkhScriptCode(hash160(fundingPubkey)), fundingPubkey, p.amount);
}

/** Funding amount Bob must pay so that the lock output carries exactly the deal amount. */
export function fundingAmount(p: SwapBtcParams): CryptoResult<bigint> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  const probe = { input: { txid: '00'.repeat(32), vout: 0, sequence: SEQUENCE_LOCK }, output: { script: plan.value.lockOutputScript, amount: 0n } };
  return ok(p.amount + feeForVsize(p.feeRateSatPerKvB, txVsize(encodable(probe, simulatedWitness('lock', new Uint8Array(33))))));
}

export function buildCancel(p: SwapBtcParams, lock: Outpoint): CryptoResult<UnsignedSwapTx> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  return template(p, 'cancel', lock, p.amount, p.cancelTimelock, plan.value.cancelOutputScript, plan.value.lockScript, plan.value.lockScript);
}

export function buildBuy(p: SwapBtcParams, lock: Outpoint): CryptoResult<UnsignedSwapTx> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  return template(p, 'buy', lock, p.amount, 0, plan.value.aliceScript, plan.value.lockScript, plan.value.lockScript);
}

export function buildRefund(p: SwapBtcParams, cancel: Outpoint, cancelAmount: bigint): CryptoResult<UnsignedSwapTx> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  return template(p, 'refund', cancel, cancelAmount, 0, plan.value.bobScript, plan.value.cancelScript, plan.value.cancelScript);
}

export function buildPunish(p: SwapBtcParams, cancel: Outpoint, cancelAmount: bigint): CryptoResult<UnsignedSwapTx> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  return template(p, 'punish', cancel, cancelAmount, p.punishTimelock, plan.value.aliceScript, plan.value.cancelScript, plan.value.cancelScript);
}

export const outpointOf = (u: UnsignedSwapTx): Outpoint => ({ txid: u.txid, vout: 0 });

export function serializeUnsigned(u: UnsignedSwapTx): Uint8Array {
  return RawTx.encode(encodable(u));
}

/** BIP143 SIGHASH_ALL digest of the swap tx's only input. */
export function swapSighash(u: UnsignedSwapTx): Uint8Array {
  const h = sighashSegwitV0(RawTx.decode(serializeUnsigned(u)), 0, u.scriptCode, u.prevAmount, SIGHASH_ALL);
  if (!h.ok) throw new Error(`bug: sighash of our own template failed: ${h.error.message}`);
  return h.value;
}

/** Compact (r||s, low s) signature -> DER + SIGHASH_ALL byte, the witness form. */
export const toWitnessSig = (compact: Uint8Array): Uint8Array =>
  concatBytes(secp256k1.Signature.fromBytes(compact, 'compact').toBytes('der'), Uint8Array.of(SIGHASH_ALL));

/** Witness signature -> compact r||s; refuses other sighash types and non-strict DER. */
export function fromWitnessSig(item: Uint8Array): CryptoResult<Uint8Array> {
  if (item.length < 9 || item[item.length - 1] !== SIGHASH_ALL) return fail('bad-encoding', 'witness signature: not DER + SIGHASH_ALL');
  try {
    return ok(secp256k1.Signature.fromBytes(item.subarray(0, item.length - 1), 'der').toBytes('compact'));
  } catch {
    return fail('bad-encoding', 'witness signature: bad DER');
  }
}

export function signSwapTx(u: UnsignedSwapTx, secretKey: Uint8Array): Uint8Array {
  return secp256k1.sign(swapSighash(u), secretKey, { prehash: false, lowS: true });
}

function checkSig(u: UnsignedSwapTx, compact: Uint8Array, pubkey: Uint8Array, who: string): CryptoResult<Uint8Array> {
  let valid: boolean;
  try {
    valid = secp256k1.verify(compact, swapSighash(u), pubkey, { prehash: false, lowS: true });
  } catch {
    valid = false;
  }
  return valid ? ok(toWitnessSig(compact)) : fail('mismatch', `${u.kind}: ${who} signature does not verify`);
}

function finalize(u: UnsignedSwapTx, witness: Uint8Array[]): Uint8Array {
  return RawTx.encode(encodable(u, witness));
}

/** Signed lock: witness [sig_Bf, Bf]. */
export function finalizeLock(u: UnsignedSwapTx, sigBf: Uint8Array, fundingPubkey: Uint8Array): CryptoResult<Uint8Array> {
  if (u.kind !== 'lock') return fail('template', 'not a lock tx');
  if (!equalBytes(u.scriptCode, p2wpkhScriptCode(hash160(fundingPubkey)))) return fail('mismatch', 'lock: funding key does not match the spent output');
  const s = checkSig(u, sigBf, fundingPubkey, 'funding');
  return s.ok ? ok(finalize(u, [s.value, fundingPubkey])) : s;
}

/** Buy or cancel: witness [sig_Bob, sig_Alice, lock_script] (CHECKSIGVERIFY takes Alice's first). */
export function finalizeLockSpend(u: UnsignedSwapTx, keys: SwapScriptKeys, sigBob: Uint8Array, sigAlice: Uint8Array): CryptoResult<Uint8Array> {
  if (u.kind !== 'buy' && u.kind !== 'cancel') return fail('template', 'not a buy or cancel tx');
  const b = checkSig(u, sigBob, keys.bobBuy, 'Bob');
  if (!b.ok) return b;
  const a = checkSig(u, sigAlice, keys.aliceBuy, 'Alice');
  if (!a.ok) return a;
  return ok(finalize(u, [b.value, a.value, u.scriptCode]));
}

/** Refund: witness [sig_Br, sig_Ar, 0x01, cancel_script] (IF branch; 0x01 satisfies MINIMALIF). */
export function finalizeRefund(u: UnsignedSwapTx, keys: SwapScriptKeys, sigBob: Uint8Array, sigAlice: Uint8Array): CryptoResult<Uint8Array> {
  if (u.kind !== 'refund') return fail('template', 'not a refund tx');
  const b = checkSig(u, sigBob, keys.bobRefund, 'Bob');
  if (!b.ok) return b;
  const a = checkSig(u, sigAlice, keys.aliceRefund, 'Alice');
  if (!a.ok) return a;
  return ok(finalize(u, [b.value, a.value, Uint8Array.of(1), u.scriptCode]));
}

/** Punish: witness [sig_Ap, <empty>, cancel_script] (ELSE branch). */
export function finalizePunish(u: UnsignedSwapTx, keys: SwapScriptKeys, sigAlice: Uint8Array): CryptoResult<Uint8Array> {
  if (u.kind !== 'punish') return fail('template', 'not a punish tx');
  const a = checkSig(u, sigAlice, keys.aliceRefund, 'Alice');
  if (!a.ok) return a;
  return ok(finalize(u, [a.value, new Uint8Array(0), u.scriptCode]));
}

/** The compact signature at witness item `index` of input 0 of a published tx (for recovery:
 *  buy item 0 is Bob's decrypted signature, refund item 1 is Alice's). */
export function witnessSignature(rawTx: Uint8Array, index: number): CryptoResult<Uint8Array> {
  let tx: ReturnType<typeof RawTx.decode>;
  try {
    tx = RawTx.decode(rawTx);
  } catch (e) {
    return fail('bad-encoding', `transaction: ${(e as Error).message}`);
  }
  const item = tx.witnesses?.[0]?.[index];
  if (!item) return fail('bad-encoding', `transaction has no witness item ${index}`);
  return fromWitnessSig(item);
}
