// The two exports of one swap, as files: for support (shared/protocol/support-export.ts: transcript and
// wallet log lines, redacted by allowlist) and for the person (support-export-recovery.ts: the signed
// cancel/refund/punish/buy and the Monero keys once owned). Reads the swap's transcript through the
// store (the running wallet's, or one opened on a data dir whose wallet is not running) and the wallet
// log files under <dataDir>/logs. Guards: the offline path never takes a data dir a live wallet holds
// (its writer lock is checked first, and the store takes it again); nothing here writes to the swap.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import { recoveryExport } from '../../shared/protocol/support-export-recovery';
import { supportExport } from '../../shared/protocol/support-export';
import { parseSwapState, swapDecider } from '../../shared/protocol/swap-decider';
import type { TranscriptEntry } from '../../shared/protocol/transcript';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { StoreTranscript } from '../daemon/store-transcript';
import type { SwapState } from '../../shared/protocol/state';
import { liveLockOwner } from '../store/writer-lock';

/** One export as the channels and the CLI hand it over: a file name and its JSON text. */
export interface ExportFile {
  readonly fileName: string;
  readonly json: string;
}

export interface SwapTranscript {
  readonly deal: Deal;
  readonly entries: readonly TranscriptEntry[];
}

type Store = StoreTranscript<SwapState>['store'];
/** Only reads: the running wallet's node (SwapNode.readTranscript) or an offline store. */
export type TranscriptReader = Pick<Store, 'read'>;

const SWAP_ID = /^[0-9a-f]{32}$/;

/** The genesis deal and the protocol entries of one swap, read (and checked) by the store's codec. */
export async function readSwapTranscript(store: TranscriptReader, swapId: string): Promise<Result<SwapTranscript, AppError>> {
  if (!SWAP_ID.test(swapId)) return err(appError('swap-unknown', `"${swapId}" is not a swap id (32 hex digits, as History shows it).`));
  const r = await store.read(swapId as SwapId);
  if (!r.ok) {
    if (r.error.kind === 'swap-unknown') return err(appError('swap-unknown', `No swap ${swapId} in this wallet's data directory.`));
    return r;
  }
  let deal: Deal | null = null;
  const entries: TranscriptEntry[] = [];
  for (const { entry } of r.value.entries) {
    if (entry.kind === 'genesis') deal = entry.deal;
    else entries.push(entry);
  }
  if (!deal) return err(appError('swap-never-started', `Swap ${swapId} has no genesis record: it never started, there is nothing to export.`));
  return ok({ deal, entries });
}

/** The wallet log lines (pino JSON, every rotated file) that name this swap, oldest file first. */
export function readSwapLogLines(dataDir: string, swapId: string): Record<string, unknown>[] {
  const dir = path.join(dataDir, 'logs');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^wallet\.\d+\.log$/.test(f));
  } catch {
    return [];
  }
  files.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const out: Record<string, unknown>[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, f), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.includes(swapId)) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (v && typeof v === 'object' && !Array.isArray(v) && (v as { swapId?: unknown }).swapId === swapId) out.push(v as Record<string, unknown>);
      } catch {
        /* a torn last line */
      }
    }
  }
  return out;
}

export function supportFile(t: SwapTranscript, logLines: readonly Record<string, unknown>[], appVersion: string, now = Date.now()): ExportFile {
  const x = supportExport({ swapId: t.deal.swapId, deal: t.deal, entries: t.entries, logLines, exportedAt: now, appVersion });
  return { fileName: `swap-${t.deal.swapId}-support.json`, json: `${JSON.stringify(x, null, 2)}\n` };
}

export function recoveryFile(t: SwapTranscript): ExportFile {
  return { fileName: `swap-${t.deal.swapId}-recovery.json`, json: `${JSON.stringify(recoveryExport(t.deal, t.entries), null, 2)}\n` };
}

/** The exports the running wallet answers (its store is open in this process). */
export function swapExportsApi(store: TranscriptReader, dataDir: string) {
  const read = (swapId: string) => readSwapTranscript(store, swapId);
  return {
    async exportSupport(swapId: string, appVersion: string): Promise<Result<ExportFile, AppError>> {
      const t = await read(swapId);
      return t.ok ? ok(supportFile(t.value, readSwapLogLines(dataDir, swapId), appVersion)) : t;
    },
    async exportRecovery(swapId: string): Promise<Result<ExportFile, AppError>> {
      const t = await read(swapId);
      return t.ok ? ok(recoveryFile(t.value)) : t;
    },
  };
}

/**
 * The swap store of a data dir whose wallet is NOT running (the CLI): refused with the owner's pid
 * when a live process holds the writer lock. `use` runs with the store open; it is closed after.
 */
export async function withOfflineStore<T>(dataDir: string, use: (store: Store) => Promise<Result<T, AppError>>): Promise<Result<T, AppError>> {
  const dir = path.join(dataDir, 'daemon');
  const owner = liveLockOwner(dir);
  if (owner) {
    return err(
      appError('store-locked', `The wallet is running on ${dataDir} (process ${owner.pid}). Use the swap page's Export buttons there, or quit the wallet first; this command reads the data directory only while no wallet writes it.`),
    );
  }
  const opened = await StoreTranscript.open<SwapState>(dir, swapDecider(), (raw) => {
    const r = parseSwapState(raw);
    return r.ok ? ok(r.value) : err(appError('state-invalid', r.error.message));
  });
  if (!opened.ok) return opened;
  try {
    return await use(opened.value.store);
  } finally {
    await opened.value.close();
  }
}
