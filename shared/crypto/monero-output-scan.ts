// Finding the outputs of a Monero transaction that pay one (view key, spend public key) pair,
// from monerod's own JSON, with no wallet process. Invariant: an output is owned only when its
// one-time key is Hs(8·a·R ‖ i)·G + B for one of the tx's public keys R, AND (for RingCT) its
// decrypted amount opens its commitment (C == mask·G + amount·H): a changed encrypted amount or a
// changed commitment yields nothing, never a wrong amount. A node that changes both consistently is
// stopped only by the txid: read the tx from its bytes (monero-tx-blob.ts) for anything that decides.
// Pure: no I/O.
// The formulas follow monero-project/monero src/crypto/crypto.cpp (generate_key_derivation,
// derivation_to_scalar, derive_public_key, derive_view_tag) and src/ringct/rctOps.cpp
// (ecdhDecode, genCommitmentMask); known answers in monero-output-scan.test.ts.
import { z } from 'zod';
import { concatBytes, hexToBytes } from '@noble/curves/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { appError, err, ok, type AppError, type Result } from '../result';
import { ED_L, EdPoint, edBaseMul, modL, scalarFromBytesLE, type EdPoint as EdPointT } from './ed25519-codec';
import { keccak256 } from './monero-keys';

/** One tx as monerod's /get_transactions with decode_as_json returns it (tx_hash + the `as_json` string) or a block's miner_tx json. */
export interface ParsedMoneroTx {
  readonly txid: string;
  readonly unlockTime: bigint;
  readonly txPublicKeys: readonly Uint8Array[];
  readonly additionalPublicKeys: readonly Uint8Array[];
  readonly outputs: readonly {
    readonly index: number;
    readonly key: Uint8Array;
    readonly viewTag: number | null;
    readonly amountClear: bigint | null;
    readonly encryptedAmount: Uint8Array | null;
    readonly commitment: Uint8Array | null;
  }[];
  readonly rctType: number;
}

export interface ViewScanKeys {
  readonly viewSecret: Uint8Array;
  readonly spendPublic: Uint8Array;
}

export interface OwnedOutput {
  readonly index: number;
  readonly amount: bigint;
}

export type MoneroScanErrorKind = 'monero-tx-malformed' | 'monero-tx-unsupported' | 'monero-tx-txid-mismatch' | 'monero-scan-keys';

/** The RingCT types whose amounts are the compact 8-byte v2 encoding: Bulletproof2, CLSAG, BulletproofPlus. */
export const COMPACT_RCT_TYPES: ReadonlySet<number> = new Set([4, 5, 6]);

/** H, the second Pedersen generator (rctTypes.h `H`): C = mask·G + amount·H. */
const H = EdPoint.fromBytes(hexToBytes('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94'));

const hex32 = z.string().regex(/^[0-9a-f]{64}$/i);
/** Integers that may exceed 2^53 arrive as strings (see `quoteBigIntegers`). */
const u64 = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform((v) => BigInt(v));

const TargetSchema = z.union([
  z.object({ tagged_key: z.object({ key: hex32, view_tag: z.string().regex(/^[0-9a-f]{2}$/i) }) }),
  z.object({ key: hex32 }),
]);

const TxJsonSchema = z.object({
  version: z.number().int().nonnegative(),
  unlock_time: u64,
  vin: z.array(z.unknown()),
  vout: z.array(z.object({ amount: u64, target: TargetSchema })).max(16_384),
  extra: z.array(z.number().int().min(0).max(255)).max(65_536),
  rct_signatures: z
    .object({
      type: z.number().int().nonnegative(),
      ecdhInfo: z.array(z.object({ amount: z.string().regex(/^([0-9a-f]{16}|[0-9a-f]{64})$/i) })).optional(),
      outPk: z.array(hex32).optional(),
    })
    .optional(),
});

export const malformed = (txid: string, why: string): Result<never, AppError> =>
  err(appError('monero-tx-malformed', `Monero transaction ${txid}: ${why}; the node sent a transaction this wallet cannot read — check that it is a real monerod of a supported version`));

/** Quote integer literals of 16+ digits so JSON.parse keeps them exact (unlock_time, coinbase amounts up to 2^64). */
const quoteBigIntegers = (text: string): string => text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"');

/**
 * Parse the `as_json` text (zod-validated; a typed error, never a throw, on anything malformed).
 * NOT bound to the txid: prefer parseMoneroTxBlob (monero-tx-blob.ts) for anything that decides (see there why).
 */
export function parseMoneroTxJson(txid: string, asJson: string): Result<ParsedMoneroTx, AppError> {
  let raw: unknown;
  try {
    raw = JSON.parse(quoteBigIntegers(asJson));
  } catch {
    return malformed(txid, 'not JSON');
  }
  const parsed = TxJsonSchema.safeParse(raw);
  if (!parsed.success) return malformed(txid, `unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? ''})`);
  const tx = parsed.data;
  const rctType = tx.rct_signatures?.type ?? 0;
  const isRct = tx.version >= 2 && rctType !== 0;
  if (isRct) {
    const ecdh = tx.rct_signatures?.ecdhInfo ?? [];
    const outPk = tx.rct_signatures?.outPk ?? [];
    if (ecdh.length !== tx.vout.length || outPk.length !== tx.vout.length) return malformed(txid, 'RingCT amounts or commitments do not match the outputs');
  }
  const extra = parseTxExtra(Uint8Array.from(tx.extra));
  const outputs = tx.vout.map((o, index) => {
    const tagged = 'tagged_key' in o.target ? o.target.tagged_key : null;
    const key = tagged ? tagged.key : (o.target as { key: string }).key;
    return {
      index,
      key: hexToBytes(key.toLowerCase()),
      viewTag: tagged ? Number.parseInt(tagged.view_tag, 16) : null,
      amountClear: isRct ? null : o.amount,
      encryptedAmount: isRct ? hexToBytes(tx.rct_signatures!.ecdhInfo![index]!.amount.toLowerCase()) : null,
      commitment: isRct ? hexToBytes(tx.rct_signatures!.outPk![index]!.toLowerCase()) : null,
    };
  });
  return ok({ txid, unlockTime: tx.unlock_time, txPublicKeys: extra.txPublicKeys, additionalPublicKeys: extra.additionalPublicKeys, outputs, rctType });
}

function readVarint(b: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 4 && at + i < b.length; i++) {
    const byte = b[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}

/**
 * The public keys in tx_extra (cryptonote_basic/tx_extra.h): 0x01 a tx public key, 0x04 the additional
 * (per-output) keys; 0x00 padding, 0x02 nonce, 0x03 merge-mining and 0xde are skipped. Like the wallet's
 * parse_tx_extra, an unknown or truncated field stops the walk and keeps what was read before it.
 */
export function parseTxExtra(extra: Uint8Array): { txPublicKeys: Uint8Array[]; additionalPublicKeys: Uint8Array[] } {
  const txPublicKeys: Uint8Array[] = [];
  let additionalPublicKeys: Uint8Array[] = [];
  let at = 0;
  while (at < extra.length) {
    const tag = extra[at]!;
    at += 1;
    if (tag === 0x00) break; // padding runs to the end
    if (tag === 0x01) {
      if (at + 32 > extra.length) break;
      txPublicKeys.push(extra.slice(at, at + 32));
      at += 32;
    } else if (tag === 0x04) {
      const n = readVarint(extra, at);
      if (!n || n.next + 32 * n.value > extra.length) break;
      const keys: Uint8Array[] = [];
      for (let k = 0; k < n.value; k++) keys.push(extra.slice(n.next + 32 * k, n.next + 32 * (k + 1)));
      if (additionalPublicKeys.length === 0) additionalPublicKeys = keys; // the wallet reads the first 0x04 only
      at = n.next + 32 * n.value;
    } else if (tag === 0x02 || tag === 0x03 || tag === 0xde) {
      const n = readVarint(extra, at);
      if (!n || n.next + n.value > extra.length) break;
      at = n.next + n.value;
    } else break;
  }
  return { txPublicKeys, additionalPublicKeys };
}

const varint = (n: number): Uint8Array => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
};

const hashToScalar = (data: Uint8Array): bigint => modL(scalarFromBytesLE(keccak256(data)));
const scalarBytes = (s: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  let x = s;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};

const VIEW_TAG_SALT = utf8ToBytes('view_tag');
const AMOUNT_SALT = utf8ToBytes('amount');
const MASK_SALT = utf8ToBytes('commitment_mask');

const tryPoint = (b: Uint8Array): EdPointT | null => {
  if (b.length !== 32) return null;
  try {
    return EdPoint.fromBytes(b);
  } catch {
    return null;
  }
};

/**
 * generate_key_derivation: 8·(a·R), as the 32-byte encoding Monero hashes. Variable-time on purpose (twice
 * as fast, and this runs for every tx of every block): the secret is a view key, which only reveals
 * incoming payments, and a swap's joint view key is known to both parties anyway.
 */
export function keyDerivation(txPublicKey: Uint8Array, viewSecret: bigint): Uint8Array | null {
  const R = tryPoint(txPublicKey);
  if (!R || viewSecret === 0n) return null;
  return R.multiplyUnsafe(viewSecret).double().double().double().toBytes();
}

/** derivation_to_scalar: Hs(derivation ‖ varint(index)). */
export const derivationToScalar = (derivation: Uint8Array, index: number): bigint => hashToScalar(concatBytes(derivation, varint(index)));

/** derive_public_key: Hs(derivation ‖ varint(index))·G + B. */
export function derivePublicKey(derivation: Uint8Array, index: number, spendPublic: Uint8Array): Uint8Array | null {
  const B = tryPoint(spendPublic);
  if (!B) return null;
  return edBaseMul(derivationToScalar(derivation, index)).add(B).toBytes();
}

/** derive_view_tag: the first byte of keccak("view_tag" ‖ derivation ‖ varint(index)). */
export const deriveViewTag = (derivation: Uint8Array, index: number): number => keccak256(concatBytes(VIEW_TAG_SALT, derivation, varint(index)))[0]!;

/** ecdhDecode v2: the 8-byte amount XOR keccak("amount" ‖ shared scalar), little-endian. */
export function decryptCompactAmount(encrypted: Uint8Array, sharedScalar: bigint): bigint {
  const pad = keccak256(concatBytes(AMOUNT_SALT, scalarBytes(sharedScalar)));
  let amount = 0n;
  for (let i = 7; i >= 0; i--) amount = (amount << 8n) | BigInt((encrypted[i]! ^ pad[i]!) & 0xff);
  return amount;
}

/** genCommitmentMask: Hs("commitment_mask" ‖ shared scalar). */
export const commitmentMask = (sharedScalar: bigint): bigint => hashToScalar(concatBytes(MASK_SALT, scalarBytes(sharedScalar)));

/** C == mask·G + amount·H (amount·H with a zero amount is the identity). */
export function opensCommitment(commitment: Uint8Array, mask: bigint, amount: bigint): boolean {
  const C = tryPoint(commitment);
  if (!C) return false;
  const aH = amount === 0n ? EdPoint.ZERO : H.multiplyUnsafe(amount % ED_L);
  return edBaseMul(mask).add(aH).equals(C);
}

/** Outputs of `tx` paying (spendPublic, view key): derivation 8·a·R, view tag checked first when present, the output key compared, the amount decrypted and checked against the output's commitment (C == mask·G + amount·H); an output whose amount does not open its commitment is NOT owned (a lying node or a fake amount cannot pass). */
export function scanOwnedOutputs(tx: ParsedMoneroTx, keys: ViewScanKeys): Result<OwnedOutput[], AppError> {
  if (keys.viewSecret.length !== 32 || scalarFromBytesLE(keys.viewSecret) >= ED_L || scalarFromBytesLE(keys.viewSecret) === 0n)
    return err(appError('monero-scan-keys', 'the private view key must be 32 bytes, reduced and non-zero; derive it again from the swap keys'));
  const B = tryPoint(keys.spendPublic);
  if (!B) return err(appError('monero-scan-keys', 'the public spend key is not a valid ed25519 point; derive it again from the swap keys'));
  const isRct = tx.rctType !== 0;
  if (isRct && !COMPACT_RCT_TYPES.has(tx.rctType))
    return err(appError('monero-tx-unsupported', `Monero transaction ${tx.txid}: RingCT type ${tx.rctType} is not read by this wallet (only types 0, 4, 5, 6 are valid on today's chain)`));
  const a = scalarFromBytesLE(keys.viewSecret);
  // One derivation per distinct tx public key, computed once for all outputs (the costly part).
  const mainDerivations: Uint8Array[] = [];
  for (const R of tx.txPublicKeys) {
    const d = keyDerivation(R, a);
    if (d) mainDerivations.push(d);
  }
  const owned: OwnedOutput[] = [];
  for (const out of tx.outputs) {
    let found = findShared(out, mainDerivations, B);
    const additional = tx.additionalPublicKeys[out.index];
    if (found === null && additional) {
      // The output's own key (subaddress payments): one more scalar multiplication, only when the main keys missed.
      const d = keyDerivation(additional, a);
      if (d) found = findShared(out, [d], B);
    }
    if (found === null) continue;
    const amount = amountOf(out, found, isRct);
    if (amount !== null) owned.push({ index: out.index, amount });
  }
  return ok(owned);
}

/** The shared scalar Hs(D ‖ i) of the first derivation D whose view tag (when present) and output key match. */
function findShared(out: ParsedMoneroTx['outputs'][number], derivations: readonly Uint8Array[], B: EdPointT): bigint | null {
  for (const derivation of derivations) {
    if (out.viewTag !== null && deriveViewTag(derivation, out.index) !== out.viewTag) continue;
    const shared = derivationToScalar(derivation, out.index);
    const P = tryPoint(out.key);
    if (P && edBaseMul(shared).add(B).equals(P)) return shared;
  }
  return null;
}

/** The amount of an output whose key is ours, or null when the amount cannot be trusted. */
function amountOf(out: ParsedMoneroTx['outputs'][number], shared: bigint, isRct: boolean): bigint | null {
  if (!isRct) return out.amountClear;
  if (!out.encryptedAmount || out.encryptedAmount.length !== 8 || !out.commitment) return null;
  const amount = decryptCompactAmount(out.encryptedAmount, shared);
  return opensCommitment(out.commitment, commitmentMask(shared), amount) ? amount : null;
}
