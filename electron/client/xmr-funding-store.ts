// What Alice's XMR funding job must not forget across a restart of her wallet: the amount the person
// was shown, where the job stands (lock asked, sweep asked, done), and the lock transfer itself,
// written before it is relayed, so a restarted job relays those same bytes and never builds a second
// lock. One small JSON file per swap; public data only (a transfer's metadata holds no key).
// Guards: written atomically (temp, fsync, rename) before the job acts on it; every file is
// schema-checked on read and a bad one is left alone and reported, never trusted.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';

const Digits = z.string().regex(/^[0-9]{1,30}$/);
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const StoredFundingSchema = z
  .object({
    /** The exact amount the person was asked to pay (lock + fee reserve), fixed when the swap started. */
    need: Digits.optional(),
    /** Where the funding wallet scans from: the Monero height when the swap started, less a margin. */
    fromHeight: z.number().int().min(0).optional(),
    phase: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('idle') }).strict(),
      z.object({ kind: z.literal('lock'), address: z.string().min(1).max(200), piconero: Digits }).strict(),
      z.object({ kind: z.literal('sweep') }).strict(),
      z.object({ kind: z.literal('done') }).strict(),
    ]),
    /** The lock transfer, recorded before it is relayed (its metadata is what relay_tx takes). */
    lockTx: z.object({ address: z.string().min(1).max(200), txid: Hash, metadata: z.string().regex(/^[0-9a-f]+$/).max(200_000) }).strict().optional(),
    /** The sweep-back's transactions (empty: there was nothing left to sweep). */
    swept: z.array(Hash).max(100).optional(),
  })
  .strict();
export type StoredFunding = z.infer<typeof StoredFundingSchema>;
export type StoredFundingPhase = StoredFunding['phase'];

export interface XmrFundingStore {
  get(swapId: string): StoredFunding | undefined;
  /** Merge `patch` into the swap's record and make it durable before returning. */
  update(swapId: string, patch: Partial<StoredFunding>): Promise<StoredFunding>;
  /** Every swap with a record. */
  swapIds(): string[];
}

const EMPTY: StoredFunding = { phase: { kind: 'idle' } };

export class MemoryFundingStore implements XmrFundingStore {
  private readonly m = new Map<string, StoredFunding>();
  get(swapId: string) {
    return this.m.get(swapId);
  }
  async update(swapId: string, patch: Partial<StoredFunding>) {
    const next = StoredFundingSchema.parse({ ...(this.m.get(swapId) ?? EMPTY), ...patch });
    this.m.set(swapId, next);
    return next;
  }
  swapIds() {
    return [...this.m.keys()];
  }
}

/** `<dir>/<swapId>.json`, read once at start. */
export class FileFundingStore implements XmrFundingStore {
  private readonly m = new Map<string, StoredFunding>();
  /** Files that failed the schema (left on disk for a person to look at). */
  readonly unreadable: string[] = [];

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(dir)) {
      const id = /^([0-9a-f]{32})\.json$/.exec(f)?.[1];
      if (!id) continue;
      try {
        this.m.set(id, StoredFundingSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))));
      } catch {
        this.unreadable.push(f);
      }
    }
  }
  get(swapId: string) {
    return this.m.get(swapId);
  }
  async update(swapId: string, patch: Partial<StoredFunding>) {
    if (!/^[0-9a-f]{32}$/.test(swapId)) throw new Error(`not a swap id: ${swapId.slice(0, 40)}`);
    const next = StoredFundingSchema.parse({ ...(this.m.get(swapId) ?? EMPTY), ...patch });
    writeFileAtomic(path.join(this.dir, `${swapId}.json`), JSON.stringify(next), 0o600);
    this.m.set(swapId, next);
    return next;
  }
  swapIds() {
    return [...this.m.keys()];
  }
}
