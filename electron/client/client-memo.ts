// What the headless client keeps per swap (its "electron-store" backup): the deal, both reveals,
// the setup it signed or built, the one adaptor signature recovery depends on, the XMR restore height,
// and Bob's signed funding sweep after an abort.
// Invariant: a memo is on disk (temp file, fsync, rename) before the answer that depends on it leaves.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Deal } from '../../shared/protocol/deal';
import type { CoreArbitratingSetup, RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { writeFileAtomic } from '../store/atomic-file';

export interface SwapMemo {
  readonly deal: Deal;
  readonly ownReveal: RevealAlice | RevealBob | null;
  readonly peerReveal: RevealAlice | RevealBob | null;
  readonly setup:
    | { readonly kind: 'bob'; readonly fundingTxid: string; readonly vout: number; readonly amount: string }
    | { readonly kind: 'alice'; readonly msg: CoreArbitratingSetup }
    | null;
  /** Bob: his buy adaptor signature; Alice: her refund adaptor signature. */
  readonly encSig: string | null;
  readonly xmrFromHeight: number | null;
  /**
   * Bob after an abort before the lock: the signed sweep of his funding address, written before it
   * is broadcast, so asking again re-broadcasts these bytes and never builds a second sweep.
   * Absent in memos written before this field existed.
   */
  readonly fundingSweep?: { readonly txid: string; readonly hex: string; readonly destination: string } | null;
}

export interface ClientMemoStore {
  get(swapId: string): SwapMemo | undefined;
  put(m: SwapMemo): Promise<void>;
}

export class MemoryMemoStore implements ClientMemoStore {
  private readonly m = new Map<string, SwapMemo>();
  get(id: string) {
    return this.m.get(id);
  }
  async put(m: SwapMemo) {
    this.m.set(m.deal.swapId, structuredClone(m));
  }
}

/** One JSON file per swap; the files hold public data and signatures only, never a key. */
export class FileMemoStore implements ClientMemoStore {
  private readonly m = new Map<string, SwapMemo>();
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) {
      if (!/^[0-9a-f]{32}\.json$/.test(f)) continue;
      try {
        const v = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as SwapMemo;
        this.m.set(v.deal.swapId, v);
      } catch {
        /* a torn memo: the daemon re-sends what the client needs; a fresh answer is rebuilt */
      }
    }
  }
  get(id: string) {
    return this.m.get(id);
  }
  async put(m: SwapMemo) {
    writeFileAtomic(path.join(this.dir, `${m.deal.swapId}.json`), JSON.stringify(m));
    this.m.set(m.deal.swapId, m);
  }
}
