// Shared helpers for the store's integration tests: temp data dirs that are always removed, swap ids,
// and a store opened with the sample ledger. Invariant: every test gets a fresh directory of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SwapId } from '../../shared/ids';
import { ledgerPorts, type LedgerEntry, type LedgerState } from './sample-ledger';
import type { StoreFs } from '../../electron/store/store-fs';
import { openTranscriptStore, type TranscriptStore } from '../../electron/store/transcript-store';

export const newSwapId = (): SwapId => randomBytes(16).toString('hex') as SwapId;

export function tempDir(tag: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fct-${tag}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function openLedgerStore(dir: string, fsx?: StoreFs): Promise<TranscriptStore<LedgerEntry, LedgerState>> {
  const r = await openTranscriptStore({ dir, ...ledgerPorts, ...(fsx ? { fs: fsx } : {}) });
  if (!r.ok) throw new Error(`test setup: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

export const transcriptPath = (dir: string, id: SwapId) => path.join(dir, 'transcripts', `${id}.fct`);

export const foldAll = (entries: readonly LedgerEntry[]): LedgerState => entries.reduce(ledgerPorts.fold.apply, ledgerPorts.fold.initial);
