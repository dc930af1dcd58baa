// Checkpoint files: a swap's full folded state plus the sequence number it covers, checksummed and
// written atomically. Invariant: a checkpoint on disk is either whole and valid or ignored.
import path from 'node:path';
import { crc32c, maskCrc, unmaskCrc } from './crc32c';
import { replaceFile, type StoreFs } from './store-fs';

const MAGIC = 0x50434346; // "FCCP"
const VERSION = 1;
/** magic(4) version(2) reserved(2) seq(4) swapId(16) stateLen(4) */
const HEAD = 32;
/** Keep the newest few so one damaged checkpoint still leaves an older one to start from. */
export const CHECKPOINTS_KEPT = 2;

export interface Checkpoint {
  readonly seq: number;
  readonly state: Uint8Array;
}

export function encodeCheckpoint(swapId: Uint8Array, seq: number, state: Uint8Array): Uint8Array {
  const b = new Uint8Array(HEAD + state.length + 4);
  const v = new DataView(b.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, VERSION, true);
  v.setUint32(8, seq, true);
  b.set(swapId, 12);
  v.setUint32(28, state.length, true);
  b.set(state, HEAD);
  v.setUint32(HEAD + state.length, maskCrc(crc32c(b, 0, 0, HEAD + state.length)), true);
  return b;
}

export function decodeCheckpoint(b: Uint8Array, swapId: Uint8Array): { ok: true; value: Checkpoint } | { ok: false; reason: string } {
  if (b.length < HEAD + 4) return { ok: false, reason: 'too short' };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint32(0, true) !== MAGIC) return { ok: false, reason: 'wrong magic' };
  const len = v.getUint32(28, true);
  if (HEAD + len + 4 !== b.length) return { ok: false, reason: 'length mismatch' };
  if (unmaskCrc(v.getUint32(HEAD + len, true)) !== crc32c(b, 0, 0, HEAD + len)) return { ok: false, reason: 'checksum mismatch' };
  if (v.getUint16(4, true) !== VERSION) return { ok: false, reason: `unsupported version ${v.getUint16(4, true)}` };
  for (let i = 0; i < 16; i++) if (b[12 + i] !== swapId[i]) return { ok: false, reason: 'belongs to another swap' };
  return { ok: true, value: { seq: v.getUint32(8, true), state: b.slice(HEAD, HEAD + len) } };
}

const fileName = (swapHex: string, seq: number) => `${swapHex}.${String(seq).padStart(10, '0')}.ckpt`;

/** Lists this swap's checkpoint files, newest (highest seq) first. */
export async function listCheckpoints(fsx: StoreFs, dir: string, swapHex: string): Promise<{ seq: number; path: string }[]> {
  const names = await fsx.readdir(dir);
  const re = new RegExp(`^${swapHex}\\.(\\d{10})\\.ckpt$`);
  return names
    .flatMap((n) => {
      const m = re.exec(n);
      return m ? [{ seq: Number(m[1]), path: path.join(dir, n) }] : [];
    })
    .sort((a, b) => b.seq - a.seq);
}

/** temp file, write, fsync, rename, fsync directory; then drop all but the newest CHECKPOINTS_KEPT. */
export async function writeCheckpoint(fsx: StoreFs, dir: string, swapHex: string, swapId: Uint8Array, seq: number, state: Uint8Array): Promise<string> {
  const final = path.join(dir, fileName(swapHex, seq));
  await replaceFile(fsx, final, encodeCheckpoint(swapId, seq, state));
  const all = await listCheckpoints(fsx, dir, swapHex);
  for (const old of all.slice(CHECKPOINTS_KEPT)) await fsx.unlink(old.path).catch(() => undefined);
  return final;
}
