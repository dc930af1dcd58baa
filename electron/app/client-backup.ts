// The client's backup: its own id, the daemon id it talks to, and each swap's parameters (offer,
// deal, the person's payout addresses). Nothing else is persisted by the client (design.md).
// In Electron this is electron-store (main.ts passes it in); elsewhere `conf`, the same library
// without Electron. Guards: every read is schema-checked; a corrupt entry is skipped, never trusted.
import { randomBytes } from 'node:crypto';
import Conf from 'conf';
import { z } from 'zod';
import { DealSchema, type Deal } from '../../shared/protocol/deal';

export const BackedUpSwapSchema = z
  .object({
    offer: z.string().min(1).max(4000),
    deal: DealSchema,
    btcAddress: z.string().min(1).max(200),
    xmrAddress: z.string().min(1).max(200),
    createdAt: z.number().int().min(0),
    /** On the regtest sandbox: the identity of the chains the swap ran on (to tell when they are gone). */
    sandboxChains: z.object({ btc: z.string().max(100), xmr: z.string().max(100) }).strict().optional(),
  })
  .strict();
export type BackedUpSwap = z.infer<typeof BackedUpSwapSchema>;

/** What electron-store and conf both provide. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class ClientBackup {
  readonly clientId: string;
  constructor(private readonly kv: KeyValueStore) {
    const id = kv.get('clientId');
    if (typeof id === 'string' && /^[0-9a-f]{32}$/.test(id)) this.clientId = id;
    else {
      this.clientId = randomBytes(16).toString('hex');
      kv.set('clientId', this.clientId);
    }
  }

  /** The daemon this client belongs to; set once, then checked on every start. */
  daemonId(): string | null {
    const d = this.kv.get('daemonId');
    return typeof d === 'string' ? d : null;
  }
  setDaemonId(id: string): void {
    this.kv.set('daemonId', id);
  }

  swap(swapId: string): BackedUpSwap | null {
    const p = BackedUpSwapSchema.safeParse(this.swapsRaw()[swapId]);
    return p.success ? p.data : null;
  }
  saveSwap(s: BackedUpSwap): void {
    this.kv.set('swaps', { ...this.swapsRaw(), [s.deal.swapId]: BackedUpSwapSchema.parse(s) });
  }
  /** Swaps the person set aside (their sandbox chains are gone): never resumed, shown as archived. */
  archived(): ReadonlySet<string> {
    const v = this.kv.get('archived');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x)) : []);
  }
  archive(swapId: string): void {
    this.kv.set('archived', [...new Set([...this.archived(), swapId])]);
  }
  private swapsRaw(): Record<string, unknown> {
    const v = this.kv.get('swaps');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  }
}

/** The non-Electron store: conf writes atomically into `dir/client-backup.json`. */
export function fileKeyValueStore(dir: string): KeyValueStore {
  const c = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'client-backup', projectName: 'farcaster-swap-wallet' });
  return { get: (k) => c.get(k), set: (k, v) => c.set(k, v) };
}

export type { Deal };
