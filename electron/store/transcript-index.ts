// The swap index: one small checksummed file listing every swap (role, outcome, last seq, data end)
// so a cold start lists swaps without folding. Invariant: it is only a cache; any entry that does not
// match its transcript is rebuilt from the transcript, and a damaged index is rebuilt whole. A settled
// entry (the swap can never act again) is final: it is trusted without looking at the transcript.
import path from 'node:path';
import { z } from 'zod';
import { crc32c } from './crc32c';
import { replaceFile, type StoreFs } from './store-fs';

export const IndexEntrySchema = z.object({
  swapId: z.string().regex(/^[0-9a-f]{32}$/),
  lastSeq: z.number().int().nonnegative(),
  /** Byte offset after the last record: if anything but zeros lies there, the entry is stale. */
  dataEnd: z.number().int().nonnegative(),
  role: z.string().nullable(),
  outcome: z.string().nullable(),
  damaged: z.string().nullable(),
  /** Final: outcome reached and nothing left to do (then lastSeq/dataEnd are as of the settlement). */
  settled: z.boolean(),
  /** What stands after the outcome of a finished, unsettled swap (opaque JSON, re-sent at start). */
  afterEnd: z.array(z.unknown()).readonly().nullable(),
});
export type IndexEntry = z.infer<typeof IndexEntrySchema>;

const IndexFileSchema = z.object({ version: z.literal(2), crc: z.number().int(), swaps: z.array(IndexEntrySchema) });

export const INDEX_FILE = 'index.json';

const checksum = (swaps: readonly IndexEntry[]) => crc32c(new TextEncoder().encode(JSON.stringify(swaps)));

/** A version-1 file (no settled marks) does not parse: it is rebuilt once from the transcripts. */
export async function loadIndex(fsx: StoreFs, dir: string): Promise<Map<string, IndexEntry> | null> {
  let raw: Uint8Array;
  try {
    raw = await fsx.readFile(path.join(dir, INDEX_FILE));
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return null;
  }
  const parsed = IndexFileSchema.safeParse(json);
  if (!parsed.success || parsed.data.crc !== checksum(parsed.data.swaps)) return null;
  return new Map(parsed.data.swaps.map((e) => [e.swapId, e]));
}

/** Atomic replace; durability is not critical (the index can be rebuilt) but a torn index must not be read. */
export async function saveIndex(fsx: StoreFs, dir: string, entries: Iterable<IndexEntry>): Promise<void> {
  const swaps = [...entries].map((e) => IndexEntrySchema.parse(e)).sort((a, b) => (a.swapId < b.swapId ? -1 : 1));
  const body = new TextEncoder().encode(JSON.stringify({ version: 2, crc: checksum(swaps), swaps }));
  await replaceFile(fsx, path.join(dir, INDEX_FILE), body);
}
