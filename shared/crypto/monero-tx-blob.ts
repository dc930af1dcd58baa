// Reading a Monero transaction from monerod's bytes (`as_hex`), checked to hash to its txid, into the
// same ParsedMoneroTx the output scan reads. Invariant: nothing is returned unless the prefix and the
// RingCT base (keys, amounts, commitments) hash, with the prunable part, to the given txid; the txid
// itself must come from a block the chain walk checked. Pure: no I/O.
import { concatBytes, hexToBytes } from '@noble/curves/utils.js';
import { appError, err, ok, type AppError, type Result } from '../result';
import { keccak256 } from './monero-keys';
import { COMPACT_RCT_TYPES, malformed, parseTxExtra, type ParsedMoneroTx } from './monero-output-scan';

/** A 64-bit varint of the binary format, or undefined when it runs past the end or is longer than 10 bytes. */
function readVarint64(b: Uint8Array, at: number): { value: bigint; next: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10 && at + i < b.length; i++) {
    const byte = b[at + i]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return value < 1n << 64n ? { value, next: at + i + 1 } : undefined;
  }
  return undefined;
}

const NULL_HASH = new Uint8Array(32);

/**
 * Parse the transaction's own bytes (`as_hex` of /get_transactions) and check that they hash to `txid`
 * (cryptonote_format_utils.cpp calculate_transaction_hash: v2 = keccak(keccak(prefix) ‖ keccak(rct base) ‖
 * keccak(rct prunable)), the prunable hash all zeros for RingCT type 0; v1 = keccak(blob)). This is what binds
 * the amounts and commitments to the chain: the compact amount is XOR-encrypted, so a node that flips bit k of
 * it and moves the commitment by 2^k·H passes the commitment check half the time; it cannot keep the txid.
 * Only RingCT types 0, 4, 5, 6 (every tx valid on today's chain) are read; others are `monero-tx-unsupported`.
 * monerod answers some txs (coinbase; any tx on a pruned node) in the split form: pass `pruned_as_hex +
 * prunable_as_hex` as the blob and, when prunable_as_hex is empty, its `prunable_hash` as `prunableHashHex`.
 */
export function parseMoneroTxBlob(txid: string, blobHex: string, prunableHashHex?: string): Result<ParsedMoneroTx, AppError> {
  if (blobHex.length === 0 || blobHex.length % 2 !== 0 || blobHex.length > 2 * 1_000_000 || !/^[0-9a-f]+$/i.test(blobHex)) return malformed(txid, 'the transaction bytes are not hex');
  if (!/^[0-9a-f]{64}$/i.test(txid)) return malformed(txid, 'the txid is not 32 bytes of hex');
  if (prunableHashHex !== undefined && !/^[0-9a-f]{64}$/i.test(prunableHashHex)) return malformed(txid, 'the prunable hash is not 32 bytes of hex');
  const b = hexToBytes(blobHex.toLowerCase());
  const cur = new BlobCursor(b);
  const prefix = readPrefix(cur);
  if (typeof prefix === 'string') return malformed(txid, prefix);
  const prefixEnd = cur.at;
  let rct: RctBase = { type: 0, ecdh: [], outPk: [] };
  let computed: Uint8Array;
  if (prefix.version === 1) {
    computed = keccak256(b);
  } else {
    const base = readRctBase(cur, prefix.vout.length);
    if (typeof base === 'string') return malformed(txid, base);
    if (!COMPACT_RCT_TYPES.has(base.type) && base.type !== 0)
      return err(appError('monero-tx-unsupported', `Monero transaction ${txid}: RingCT type ${base.type} is not read by this wallet (only types 0, 4, 5, 6 are valid on today's chain)`));
    rct = base;
    const baseEnd = cur.at;
    if (rct.type === 0 && baseEnd !== b.length) return malformed(txid, 'bytes after a RingCT type 0 transaction');
    // A pruned blob (prefix and RingCT base only): the node's prunable hash completes the txid. The amounts,
    // commitments and keys are all in the part hashed here, so this binds them just as well.
    const prunableHash =
      rct.type === 0 ? NULL_HASH : baseEnd === b.length && prunableHashHex !== undefined ? hexToBytes(prunableHashHex.toLowerCase()) : keccak256(b.subarray(baseEnd));
    computed = keccak256(concatBytes(keccak256(b.subarray(0, prefixEnd)), keccak256(b.subarray(prefixEnd, baseEnd)), prunableHash));
  }
  if (toHexLower(computed) !== txid.toLowerCase())
    return err(appError('monero-tx-txid-mismatch', `Monero transaction ${txid}: the node's bytes hash to ${toHexLower(computed)}; the node is lying or broken — use another node`));
  const isRct = rct.type !== 0;
  const extra = parseTxExtra(prefix.extra);
  const outputs = prefix.vout.map((o, index) => ({
    index,
    key: o.key,
    viewTag: o.viewTag,
    amountClear: isRct ? null : o.amount,
    encryptedAmount: isRct ? rct.ecdh[index]! : null,
    commitment: isRct ? rct.outPk[index]! : null,
  }));
  return ok({ txid: txid.toLowerCase(), unlockTime: prefix.unlockTime, txPublicKeys: extra.txPublicKeys, additionalPublicKeys: extra.additionalPublicKeys, outputs, rctType: rct.type });
}

/** Sequential reads of the binary format; undefined when a read runs past the end. */
class BlobCursor {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  varint(): bigint | undefined {
    const v = readVarint64(this.b, this.at);
    if (!v) return undefined;
    this.at = v.next;
    return v.value;
  }
  /** A varint that must be at most `max` (counts and lengths). */
  count(max: number): number | undefined {
    const v = this.varint();
    return v === undefined || v > BigInt(max) ? undefined : Number(v);
  }
  take(n: number): Uint8Array | undefined {
    if (n < 0 || this.at + n > this.b.length) return undefined;
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

interface TxPrefix {
  readonly version: number;
  readonly unlockTime: bigint;
  readonly vout: readonly { amount: bigint; key: Uint8Array; viewTag: number | null }[];
  readonly extra: Uint8Array;
}
interface RctBase {
  readonly type: number;
  readonly ecdh: Uint8Array[];
  readonly outPk: Uint8Array[];
}

/** transaction_prefix (cryptonote_basic.h): version, unlock_time, vin, vout, extra; a string says what is wrong. */
function readPrefix(cur: BlobCursor): TxPrefix | string {
  const version = cur.count(3);
  if (version === undefined || version < 1) return 'bad version';
  const unlockTime = cur.varint();
  if (unlockTime === undefined) return 'bad unlock time';
  const nIn = cur.count(10_000);
  if (nIn === undefined) return 'bad input count';
  for (let i = 0; i < nIn; i++) {
    const tag = cur.take(1)?.[0];
    if (tag === 0xff) {
      if (cur.varint() === undefined) return 'bad coinbase height';
    } else if (tag === 0x02) {
      if (cur.varint() === undefined) return 'bad input amount';
      const n = cur.count(100_000);
      if (n === undefined) return 'bad ring size';
      for (let k = 0; k < n; k++) if (cur.varint() === undefined) return 'bad ring member';
      if (!cur.take(32)) return 'bad key image';
    } else return `input type ${tag ?? 'missing'} is not read by this wallet`;
  }
  const nOut = cur.count(16_384);
  if (nOut === undefined) return 'bad output count';
  const vout: { amount: bigint; key: Uint8Array; viewTag: number | null }[] = [];
  for (let i = 0; i < nOut; i++) {
    const amount = cur.varint();
    const tag = cur.take(1)?.[0];
    const key = cur.take(32);
    if (amount === undefined || !key || (tag !== 0x02 && tag !== 0x03)) return `output ${i} is not a key output`;
    const viewTag = tag === 0x03 ? cur.take(1)?.[0] : null;
    if (viewTag === undefined) return `output ${i}: view tag missing`;
    vout.push({ amount, key, viewTag });
  }
  const extraLength = cur.count(65_536);
  const extra = extraLength === undefined ? undefined : cur.take(extraLength);
  if (!extra) return 'bad tx_extra';
  return { version, unlockTime, vout, extra };
}

/** rctSigBase (rctTypes.h serialize_rctsig_base) for types 0, 4, 5, 6: type, fee, 8-byte amounts, commitments. */
function readRctBase(cur: BlobCursor, nOut: number): RctBase | string {
  const type = cur.take(1)?.[0];
  if (type === undefined) return 'RingCT type missing';
  if (type === 0 || !COMPACT_RCT_TYPES.has(type)) return { type, ecdh: [], outPk: [] };
  if (cur.varint() === undefined) return 'bad fee';
  const ecdh: Uint8Array[] = [];
  const outPk: Uint8Array[] = [];
  for (let i = 0; i < nOut; i++) {
    const e = cur.take(8);
    if (!e) return 'RingCT amounts cut short';
    ecdh.push(e);
  }
  for (let i = 0; i < nOut; i++) {
    const c = cur.take(32);
    if (!c) return 'RingCT commitments cut short';
    outPk.push(c);
  }
  return { type, ecdh, outPk };
}

const toHexLower = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
