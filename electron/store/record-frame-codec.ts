// Byte layout of a swap transcript: a checked file header, then records framed as length + masked
// CRC32C + type/flags/seq/swap id + payload. Invariant: a record is accepted only if its CRC (seeded
// with the file's salt), swap id and strictly consecutive sequence number all check out.
import { crc32c, maskCrc, unmaskCrc } from './crc32c';

/** "FCTS": Farcaster transcript. */
export const FILE_MAGIC = 0x53544346;
export const FILE_VERSION = 1;
export const FILE_HEADER_SIZE = 32;
/** length(4) + crc(4) */
export const RECORD_PREFIX = 8;
/** type(1) + flags(1) + seq(4) + swap id(16) */
export const RECORD_BODY_FIXED = 22;
export const RECORD_OVERHEAD = RECORD_PREFIX + RECORD_BODY_FIXED;
/** A swap entry is small; anything larger is a damaged length field, not data. */
export const MAX_PAYLOAD = 1 << 20;
export const FLAG_STEP_END = 1;

export interface FileHeader {
  readonly version: number;
  readonly salt: number;
  readonly swapId: Uint8Array; // 16 bytes
}

export interface FrameInput {
  readonly seq: number;
  readonly type: number;
  readonly stepEnd: boolean;
  readonly payload: Uint8Array;
}

export interface ScannedRecord extends FrameInput {
  /** Byte offset of the record's length field. */
  readonly offset: number;
  readonly end: number;
}

/** How the readable data ends. */
export type ScanEnd =
  | { readonly kind: 'clean' }
  /** Bytes after the last valid record that form no valid record, with nothing valid after them: a crash mid-write. */
  | { readonly kind: 'torn'; readonly offset: number; readonly end: number }
  /** An invalid record with valid data after it, or a record out of sequence: never skip, never guess. */
  | { readonly kind: 'damaged'; readonly offset: number; readonly seq: number; readonly reason: string };

export interface Scan {
  readonly header: FileHeader;
  /** Records of complete steps only: the last one carries the step-end flag. */
  readonly records: readonly ScannedRecord[];
  /** Offset just past the last record of `records`: where the next append goes. */
  readonly dataEnd: number;
  readonly end: ScanEnd;
}

export type HeaderError = { readonly kind: 'header-invalid'; readonly message: string };

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

export function encodeFileHeader(h: FileHeader): Uint8Array {
  if (h.swapId.length !== 16) throw new Error('bug: swap id must be 16 bytes');
  const b = new Uint8Array(FILE_HEADER_SIZE);
  const v = view(b);
  v.setUint32(0, FILE_MAGIC, true);
  v.setUint16(4, h.version, true);
  v.setUint32(8, h.salt >>> 0, true);
  b.set(h.swapId, 12);
  v.setUint32(28, maskCrc(crc32c(b, 0, 0, 28)), true);
  return b;
}

export function decodeFileHeader(b: Uint8Array): { ok: true; value: FileHeader } | { ok: false; error: HeaderError } {
  const bad = (message: string) => ({ ok: false as const, error: { kind: 'header-invalid' as const, message } });
  if (b.length < FILE_HEADER_SIZE) return bad(`file is ${b.length} bytes, shorter than its ${FILE_HEADER_SIZE}-byte header`);
  const v = view(b);
  if (v.getUint32(0, true) !== FILE_MAGIC) return bad('not a transcript file (wrong magic)');
  if (unmaskCrc(v.getUint32(28, true)) !== crc32c(b, 0, 0, 28)) return bad('file header checksum mismatch');
  const version = v.getUint16(4, true);
  if (version !== FILE_VERSION) return bad(`unsupported transcript version ${version}`);
  return { ok: true, value: { version, salt: v.getUint32(8, true), swapId: b.slice(12, 28) } };
}

function saltBytes(salt: number): Uint8Array {
  const s = new Uint8Array(4);
  view(s).setUint32(0, salt >>> 0, true);
  return s;
}

/** Size of the framed record for a payload. */
export const frameSize = (payloadLength: number): number => RECORD_OVERHEAD + payloadLength;

/** Writes one framed record into `out` at `at`; returns the offset after it. */
export function encodeFrame(out: Uint8Array, at: number, header: FileHeader, f: FrameInput): number {
  if (f.payload.length > MAX_PAYLOAD) throw new Error('bug: payload over MAX_PAYLOAD must be rejected before framing');
  if (!Number.isInteger(f.type) || f.type < 0 || f.type > 255) throw new Error('bug: record type must be a byte');
  if (!Number.isInteger(f.seq) || f.seq < 1 || f.seq > 0xffffffff) throw new Error('bug: seq out of range');
  const bodyLen = RECORD_BODY_FIXED + f.payload.length;
  const v = view(out);
  v.setUint32(at, bodyLen, true);
  out[at + 8] = f.type;
  out[at + 9] = f.stepEnd ? FLAG_STEP_END : 0;
  v.setUint32(at + 10, f.seq, true);
  out.set(header.swapId, at + 14);
  out.set(f.payload, at + 30);
  const end = at + RECORD_PREFIX + bodyLen;
  v.setUint32(at + 4, maskCrc(recordCrc(saltSeed(header.salt), out, at, end)), true);
  return end;
}

/** The CRC state after the salt: every record's CRC starts from it, so stale bytes of another file never pass. */
const saltSeed = (salt: number): number => crc32c(saltBytes(salt));

function recordCrc(seed: number, b: Uint8Array, at: number, end: number): number {
  // salt (as seed), then the length field, then the body: the CRC field itself is skipped
  return crc32c(b, crc32c(b, seed, at, at + 4), at + RECORD_PREFIX, end);
}

const sameId = (b: Uint8Array, at: number, id: Uint8Array): boolean => {
  for (let i = 0; i < 16; i++) if (b[at + i] !== id[i]) return false;
  return true;
};

interface ScanCtx {
  readonly b: Uint8Array;
  readonly v: DataView;
  readonly h: FileHeader;
  readonly seed: number;
}

/** Is there a CRC-valid record of this file starting at `at`? (Seq not checked.) */
function validFrameAt(ctx: ScanCtx, at: number): ScannedRecord | undefined {
  const { b, v, h } = ctx;
  if (at + RECORD_OVERHEAD > b.length) return undefined;
  const bodyLen = v.getUint32(at, true);
  if (bodyLen < RECORD_BODY_FIXED || bodyLen > RECORD_BODY_FIXED + MAX_PAYLOAD) return undefined;
  const end = at + RECORD_PREFIX + bodyLen;
  if (end > b.length) return undefined;
  if (!sameId(b, at + 14, h.swapId)) return undefined;
  if (unmaskCrc(v.getUint32(at + 4, true)) !== recordCrc(ctx.seed, b, at, end)) return undefined;
  const flags = b[at + 9]!;
  if ((flags & ~FLAG_STEP_END) !== 0) return undefined;
  return {
    offset: at,
    end,
    type: b[at + 8]!,
    stepEnd: (flags & FLAG_STEP_END) !== 0,
    seq: v.getUint32(at + 10, true),
    payload: b.subarray(at + 30, end),
  };
}

function lastNonZero(b: Uint8Array, from: number): number {
  for (let i = b.length - 1; i >= from; i--) if (b[i] !== 0) return i + 1;
  return from;
}

/**
 * Reads a whole transcript image. Nothing after the first invalid byte is ever returned as a record;
 * the only question is whether that is a torn tail (nothing valid follows) or damage (something does).
 */
export function scanTranscript(b: Uint8Array): { ok: true; value: Scan } | { ok: false; error: HeaderError } {
  const hr = decodeFileHeader(b);
  if (!hr.ok) return hr;
  const header = hr.value;
  const ctx: ScanCtx = { b, v: view(b), h: header, seed: saltSeed(header.salt) };
  const records: ScannedRecord[] = [];
  let at = FILE_HEADER_SIZE;
  let expected = 1;
  let end: ScanEnd | undefined;
  // Everything past the last non-zero byte is preallocation (or nothing); found once, not per record.
  const tailEnd = lastNonZero(b, at);
  while (end === undefined) {
    if (at >= tailEnd) {
      end = { kind: 'clean' };
      break;
    }
    const rec = validFrameAt(ctx, at);
    if (rec === undefined) {
      end = classifyInvalid(ctx, at, tailEnd, expected);
      break;
    }
    if (rec.seq !== expected) {
      end = { kind: 'damaged', offset: at, seq: expected, reason: `record at byte ${at} has seq ${rec.seq}, expected ${expected}` };
      break;
    }
    records.push(rec);
    expected++;
    at = rec.end;
  }
  // Only whole steps are applied: a trailing run without a step-end flag joins the torn tail.
  let complete = records.length;
  while (complete > 0 && !records[complete - 1]!.stepEnd) complete--;
  const kept = records.slice(0, complete);
  const dataEnd = complete > 0 ? kept[complete - 1]!.end : FILE_HEADER_SIZE;
  if (complete < records.length && end.kind !== 'damaged') {
    const tornEnd = end.kind === 'torn' ? end.end : records[records.length - 1]!.end;
    end = { kind: 'torn', offset: dataEnd, end: tornEnd };
  }
  return { ok: true, value: { header, records: kept, dataEnd, end } };
}

function classifyInvalid(ctx: ScanCtx, at: number, tailEnd: number, expectedSeq: number): ScanEnd {
  for (let q = at + 1; q + RECORD_OVERHEAD <= tailEnd; q++) {
    const later = validFrameAt(ctx, q);
    if (later !== undefined) {
      return {
        kind: 'damaged',
        offset: at,
        seq: expectedSeq,
        reason: `record seq ${expectedSeq} at byte ${at} is invalid but a valid record (seq ${later.seq}) follows at byte ${q}`,
      };
    }
  }
  return { kind: 'torn', offset: at, end: tailEnd };
}
