// BIP143 signature hash for segwit v0 inputs, over a decoded transaction.
// Invariant: the digest commits to amount, scriptCode, sequence and outputs exactly as BIP143 says,
// including the SINGLE-out-of-range and ANYONECANPAY cases, so a signature means what we think.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/curves/utils.js';
import { CompactSize, RawTx } from '@scure/btc-signer';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';

export const SIGHASH_ALL = 0x01;
const SIGHASH_NONE = 0x02;
const SIGHASH_SINGLE = 0x03;
const ANYONECANPAY = 0x80;

export type DecodedTx = ReturnType<typeof RawTx.decode>;

const sha256d = (b: Uint8Array): Uint8Array => sha256(sha256(b));
const u32 = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
const u64 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return b;
};
/** Serialized outpoint: txid in internal byte order (RawTx keeps display order) + vout. */
const outpoint = (txid: Uint8Array, index: number): Uint8Array => concatBytes(txid.slice().reverse(), u32(index));
const varBytes = (b: Uint8Array): Uint8Array => concatBytes(CompactSize.encode(BigInt(b.length)), b);

export function decodeTx(bytes: Uint8Array): CryptoResult<DecodedTx> {
  try {
    return ok(RawTx.decode(bytes));
  } catch (e) {
    return fail('bad-encoding', `transaction: ${(e as Error).message}`);
  }
}

/** BIP143 digest. `scriptCode` is given without its length prefix. */
export function sighashSegwitV0(tx: DecodedTx, inputIndex: number, scriptCode: Uint8Array, amount: bigint, hashType: number): CryptoResult<Uint8Array> {
  if (!Number.isInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.inputs.length) return fail('bad-encoding', `input index ${inputIndex} out of range`);
  if (amount < 0n || amount > 0xffffffffffffffffn) return fail('bad-encoding', 'amount out of range');
  if (!Number.isInteger(hashType) || hashType < 0 || hashType > 0xffffffff) return fail('bad-encoding', 'hash type out of range');
  const base = hashType & 0x1f;
  const anyone = (hashType & ANYONECANPAY) !== 0;
  const zero: Uint8Array = new Uint8Array(32);
  const hashPrevouts = anyone ? zero : sha256d(concatBytes(...tx.inputs.map((i) => outpoint(i.txid, i.index))));
  const hashSequence = anyone || base === SIGHASH_SINGLE || base === SIGHASH_NONE ? zero : sha256d(concatBytes(...tx.inputs.map((i) => u32(i.sequence))));
  const serOut = (o: (typeof tx.outputs)[number]): Uint8Array => concatBytes(u64(o.amount), varBytes(o.script));
  let hashOutputs: Uint8Array = zero;
  if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) hashOutputs = sha256d(concatBytes(...tx.outputs.map(serOut)));
  else if (base === SIGHASH_SINGLE && inputIndex < tx.outputs.length) hashOutputs = sha256d(serOut(tx.outputs[inputIndex]!));
  const input = tx.inputs[inputIndex]!;
  const preimage = concatBytes(
    u32(tx.version),
    hashPrevouts,
    hashSequence,
    outpoint(input.txid, input.index),
    varBytes(scriptCode),
    u64(amount),
    u32(input.sequence),
    hashOutputs,
    u32(tx.lockTime),
    u32(hashType),
  );
  return ok(sha256d(preimage));
}
