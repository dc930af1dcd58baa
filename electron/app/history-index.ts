// The swap history index: one summary per swap, kept beside the transcripts so the history and the
// resume screen open at once and without any daemon or node. It is a cache: the transcripts stay the
// truth, and a missing or damaged index is rebuilt from them. Writes are atomic (tmp + rename) and
// coalesced, so a crash leaves the previous index, never a torn one.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SwapSummarySchema, type SwapSummary } from '../../shared/ipc/channels';
import { replaceFile } from '../store/atomic-file';

const IndexFileSchema = z.object({ v: z.literal(1), swaps: z.array(SwapSummarySchema) }).strict();

export class HistoryIndex {
  private readonly swaps = new Map<string, SwapSummary>();
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string;
  /** Why the file on disk was not used (then the index is rebuilt from the transcripts). */
  readonly loadProblem: string | null;

  constructor(dir: string, private readonly delayMs = 200) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'swap-index.json'); // the file keeps its first name: data dirs already hold it
    let problem: string | null = null;
    try {
      const parsed = IndexFileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) for (const s of parsed.data.swaps) this.swaps.set(s.swapId, s);
      else problem = `index ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    } catch (e) {
      problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no index yet' : `index unreadable: ${(e as Error).message}`;
    }
    this.loadProblem = problem;
  }

  get(swapId: string): SwapSummary | undefined {
    return this.swaps.get(swapId);
  }
  has(swapId: string): boolean {
    return this.swaps.has(swapId);
  }
  /** Newest first. */
  list(): SwapSummary[] {
    return [...this.swaps.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  put(s: SwapSummary): void {
    const prev = this.swaps.get(s.swapId);
    if (prev === s || (prev && JSON.stringify(prev) === JSON.stringify(s))) return;
    this.swaps.set(s.swapId, s);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const body = JSON.stringify({ v: 1, swaps: this.list() });
    replaceFile(this.file, body);
  }
}
