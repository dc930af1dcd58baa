// Bob's funding sweep after an abort before the lock: ONE transaction spending every output at the
// swap's single-sig funding address (P2WPKH of the signer's `fund` key) to the person's own address.
// Pure code (no I/O): build, validate (what the client approves is the sighash of exactly the tx it
// checked) and finalize. Invariants: inputs come only from the listed funding outputs, each once; one
// output, to the person's address; fee = the swap's fee rate (the deal's, signed by the offer) × the
// vsize with worst-case signatures;
// a dust result is refused rather than paid to the miners.
import { equalBytes } from '@noble/curves/utils.js';
import { hex } from '@scure/base';
import { OutScript, RawTx } from '@scure/btc-signer';
import { ecdsaVerify } from '../../shared/crypto/ecdsa-adaptor';
import { dustThreshold, feeForVsize, MAX_SIG_WITNESS_BYTES, txVsize, type EncodableTx } from '../../shared/crypto/btc-fee';
import { SIGHASH_ALL, sighashSegwitV0 } from '../../shared/crypto/btc-sighash';
import { p2wpkhScriptCode } from '../../shared/crypto/btc-swap-scripts';
import { addressToScript, hash160, scriptToAddress, toWitnessSig, txidOf } from '../../shared/crypto/btc-swap-txs';
import type { BtcChainSettings } from '../../shared/protocol/swap-btc-params';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

/** An unspent output at the funding address, as the wallet's node lists it. */
export interface FundingUtxo {
  readonly txid: string;
  readonly vout: number;
  readonly sats: bigint;
}

/** sweep-empty: nothing to spend; sweep-dust: the fee eats it; sweep-invalid: a tx or input refused. */
export type SweepErrorKind = 'sweep-empty' | 'sweep-dust' | 'sweep-invalid';
export type SweepError = AppError<SweepErrorKind>;
const fail = (kind: SweepErrorKind, message: string): Result<never, SweepError> => err(appError(kind, message));

export interface UnsignedFundingSweep {
  /** Serialization without witness (what the txid and every sighash commit to). */
  readonly unsigned: Uint8Array;
  readonly txid: string;
  readonly inputs: readonly FundingUtxo[];
  readonly amount: bigint;
  readonly fee: bigint;
}

/** The network, and the swap's fee rate (the deal's: `dealFeeRate`) the sweep pays. */
export interface SweepChain extends BtcChainSettings {
  readonly feeRateSatPerKvB: bigint;
}

/** Final, but signals replaceability: a person holding the seed can still bump a stuck sweep. */
const SEQUENCE = 0xfffffffd;

/** The funding address of a swap: P2WPKH of Bob's `fund` public key. */
export const fundingAddressOf = (fundPublic: Uint8Array, chain: BtcChainSettings): string =>
  scriptToAddress(OutScript.encode({ type: 'wpkh', hash: hash160(fundPublic) }), chain.network);

function encodable(inputs: readonly FundingUtxo[], output: { script: Uint8Array; amount: bigint }, witnesses?: Uint8Array[][]): EncodableTx {
  return {
    version: 2,
    segwitFlag: witnesses !== undefined,
    inputs: inputs.map((u) => ({ txid: hex.decode(u.txid), index: u.vout, finalScriptSig: new Uint8Array(), sequence: SEQUENCE })),
    outputs: [output],
    witnesses,
    lockTime: 0,
  };
}

/** The fee both build and validation expect: the rate × the vsize with [worst-case sig, pubkey] per input. */
function expectedFee(inputs: readonly FundingUtxo[], script: Uint8Array, chain: SweepChain): bigint {
  const simulated = inputs.map(() => [new Uint8Array(MAX_SIG_WITNESS_BYTES), new Uint8Array(33)]);
  return feeForVsize(chain.feeRateSatPerKvB, txVsize(encodable(inputs, { script, amount: 0n }, simulated)));
}

function checkUtxos(utxos: readonly FundingUtxo[]): Result<FundingUtxo[], SweepError> {
  if (utxos.length === 0) return fail('sweep-empty', 'nothing unspent at the funding address');
  const seen = new Set<string>();
  for (const u of utxos) {
    if (!/^[0-9a-f]{64}$/.test(u.txid) || !Number.isInteger(u.vout) || u.vout < 0 || u.sats <= 0n) return fail('sweep-invalid', `bad funding output ${u.txid}:${u.vout}`);
    const k = `${u.txid}:${u.vout}`;
    if (seen.has(k)) return fail('sweep-invalid', `funding output ${k} listed twice`);
    seen.add(k);
  }
  // A fixed order: the same outputs always give the same transaction.
  return ok([...utxos].sort((a, b) => (a.txid === b.txid ? a.vout - b.vout : a.txid < b.txid ? -1 : 1)));
}

/** Every funding output -> `destination`, minus the fee; refused when the rest would be dust. */
export function buildFundingSweep(utxos: readonly FundingUtxo[], destination: string, chain: SweepChain): Result<UnsignedFundingSweep, SweepError> {
  const inputs = checkUtxos(utxos);
  if (!inputs.ok) return inputs;
  const script = addressToScript(destination, chain.network);
  if (!script.ok) return fail('sweep-invalid', script.error.message);
  const total = inputs.value.reduce((s, u) => s + u.sats, 0n);
  const fee = expectedFee(inputs.value, script.value, chain);
  const amount = total - fee;
  const dust = dustThreshold(script.value, chain.network);
  if (amount < dust) return fail('sweep-dust', `the funding address holds ${total} sat; after the ${fee} sat fee the sweep (${amount} sat) is below the dust limit ${dust}: nothing worth sweeping`);
  const unsigned = RawTx.encode(encodable(inputs.value, { script: script.value, amount }));
  return ok({ unsigned, txid: txidOf(unsigned), inputs: inputs.value, amount, fee });
}

/**
 * Check a sweep against what the client knows (the listed funding outputs, its fund key, the
 * person's address, the swap's fee rate) and return the BIP143 digest of each input, in input order:
 * the only digests the client may approve for `sign-funding-sweep`.
 */
export function validateFundingSweep(
  unsigned: Uint8Array,
  utxos: readonly FundingUtxo[],
  fundPublic: Uint8Array,
  destination: string,
  chain: SweepChain,
): Result<Uint8Array[], SweepError> {
  let tx: ReturnType<typeof RawTx.decode>;
  try {
    tx = RawTx.decode(unsigned);
  } catch (e) {
    return fail('sweep-invalid', `sweep: not a transaction: ${(e as Error).message}`);
  }
  if (tx.version !== 2 || tx.lockTime !== 0 || tx.segwitFlag) return fail('sweep-invalid', 'sweep: version 2, lockTime 0, unsigned expected');
  const byOutpoint = new Map(utxos.map((u) => [`${u.txid}:${u.vout}`, u]));
  const spent: FundingUtxo[] = [];
  for (const i of tx.inputs) {
    const u = byOutpoint.get(`${hex.encode(i.txid)}:${i.index}`);
    if (!u) return fail('sweep-invalid', `sweep spends ${hex.encode(i.txid)}:${i.index}, which is not a listed output of the funding address`);
    if (spent.includes(u)) return fail('sweep-invalid', 'sweep spends a funding output twice');
    if (i.finalScriptSig.length !== 0) return fail('sweep-invalid', 'sweep: a P2WPKH input has an empty scriptSig');
    spent.push(u);
  }
  if (spent.length !== utxos.length) return fail('sweep-invalid', `sweep spends ${spent.length} of the ${utxos.length} funding outputs`);
  const dest = addressToScript(destination, chain.network);
  if (!dest.ok) return fail('sweep-invalid', dest.error.message);
  const out = tx.outputs[0];
  if (tx.outputs.length !== 1 || !out || !equalBytes(out.script, dest.value)) return fail('sweep-invalid', `sweep must have one output, to ${destination}`);
  const total = spent.reduce((s, u) => s + u.sats, 0n);
  const fee = expectedFee(spent, dest.value, chain);
  if (out.amount !== total - fee) return fail('sweep-invalid', `sweep pays ${out.amount} sat; expected ${total - fee} (${total} minus the ${fee} sat fee)`);
  if (out.amount < dustThreshold(dest.value, chain.network)) return fail('sweep-dust', 'sweep output is dust');
  const scriptCode = p2wpkhScriptCode(hash160(fundPublic));
  const digests: Uint8Array[] = [];
  for (const [i, u] of spent.entries()) {
    const d = sighashSegwitV0(tx, i, scriptCode, u.sats, SIGHASH_ALL);
    if (!d.ok) return fail('sweep-invalid', d.error.message);
    digests.push(d.value);
  }
  return ok(digests);
}

/** Signed sweep: witness [sig, fund key] per input; each signature checked against its digest first. */
export function finalizeFundingSweep(unsigned: Uint8Array, digests: readonly Uint8Array[], sigs: readonly Uint8Array[], fundPublic: Uint8Array): Result<Uint8Array, SweepError> {
  const tx = RawTx.decode(unsigned);
  if (sigs.length !== tx.inputs.length || digests.length !== tx.inputs.length) return fail('sweep-invalid', 'one signature per sweep input expected');
  for (const [i, s] of sigs.entries()) {
    if (!ecdsaVerify(s, digests[i]!, fundPublic)) return fail('sweep-invalid', `sweep input ${i}: the signature does not verify under the funding key`);
  }
  return ok(RawTx.encode({ ...tx, segwitFlag: true, witnesses: sigs.map((s) => [toWitnessSig(s), fundPublic]) }));
}
