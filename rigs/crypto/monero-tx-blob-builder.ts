// Builds the bytes of a Monero transaction (the binary format monerod serves as `as_hex`) from the
// fields the output scan reads, with its real txid, so fakes can serve txs that parseMoneroTxBlob (shared/crypto/monero-tx-blob.ts) accepts.
// Not a wallet: the input is a stand-in (one ring of 16, a random key image, or a coinbase height) and
// the prunable part is random bytes; nothing here signs or proves. The layout follows monero's
// transaction_prefix and rctSigBase serialization, and parseMoneroTxBlob reads real regtest txs the same way.
import { randomBytes } from 'node:crypto';
import { bytesToHex, concatBytes } from '@noble/curves/utils.js';
import { keccak256 } from '../../shared/crypto/monero-keys';
import type { ParsedMoneroTx } from '../../shared/crypto/monero-output-scan';

const varint = (v: bigint | number): Uint8Array => {
  let n = BigInt(v);
  const out: number[] = [];
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Uint8Array.from(out);
};

export interface TxBlobFields extends Omit<ParsedMoneroTx, 'txid'> {
  /** RingCT fee (piconero); default 30,000,000. */
  readonly fee?: bigint;
  /** The coinbase's height when rctType is 0; default 1. */
  readonly coinbaseHeight?: number;
}

/** The tx's bytes (hex) and its txid: keccak(H(prefix) ‖ H(rct base) ‖ H(prunable) or zeros for RingCT type 0). */
export function encodeMoneroTxBlob(tx: TxBlobFields): { txid: string; asHex: string } {
  const coinbase = tx.rctType === 0;
  const vin = coinbase
    ? concatBytes(varint(1), Uint8Array.of(0xff), varint(tx.coinbaseHeight ?? 1))
    : concatBytes(varint(1), Uint8Array.of(0x02), varint(0), varint(16), ...Array.from({ length: 16 }, () => varint(1)), randomBytes(32));
  const vout = concatBytes(
    varint(tx.outputs.length),
    ...tx.outputs.map((o) =>
      concatBytes(varint(o.amountClear ?? 0n), Uint8Array.of(o.viewTag === null ? 0x02 : 0x03), o.key, o.viewTag === null ? new Uint8Array(0) : Uint8Array.of(o.viewTag)),
    ),
  );
  const extraFields = concatBytes(
    ...tx.txPublicKeys.map((k) => concatBytes(Uint8Array.of(0x01), k)),
    ...(tx.additionalPublicKeys.length > 0 ? [Uint8Array.of(0x04), varint(tx.additionalPublicKeys.length), ...tx.additionalPublicKeys] : []),
  );
  const prefix = concatBytes(varint(2), varint(tx.unlockTime), vin, vout, varint(extraFields.length), extraFields);
  const base = coinbase
    ? Uint8Array.of(0)
    : concatBytes(
        Uint8Array.of(tx.rctType),
        varint(tx.fee ?? 30_000_000n),
        ...tx.outputs.map((o) => o.encryptedAmount ?? new Uint8Array(8)),
        ...tx.outputs.map((o) => o.commitment ?? new Uint8Array(32)),
      );
  const prunable = coinbase ? new Uint8Array(0) : randomBytes(64);
  const txid = keccak256(concatBytes(keccak256(prefix), keccak256(base), coinbase ? new Uint8Array(32) : keccak256(prunable)));
  return { txid: bytesToHex(txid), asHex: bytesToHex(concatBytes(prefix, base, prunable)) };
}
