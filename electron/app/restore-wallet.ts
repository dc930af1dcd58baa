// A restore in the app (restore:run): the 24 words and, when the person has it, the encrypted backup
// file. In this order: the file is opened by the signer with the key of the WORDS' seed (wrong seed,
// damaged, not a backup, newer version: refused with the signer's typed kind) and its plaintext
// schema-checked; a data folder that already holds a swap is refused (saying what to do); only then
// the seed is stored (restoreSeed: refused over another seed while swaps are unfinished), the wallet
// stopped, the files written, and the wallet opened again, so every unfinished swap resumes from its
// restored transcript. Then the restore report (shared/backup/restore-report.ts) from the backup's
// swaps against what the reopened wallet lists, kept in `<data>/restore-report.json` until dismissed.
// Guards: every refusal comes before the first write (nothing half-done); the words and the file's
// bytes are never logged or kept.
import type { BackupPayload } from '../../shared/backup/backup-payload';
import { backupSwapIds } from '../../shared/backup/backup-payload';
import { readBackupHeader } from '../../shared/backup/backup-file';
import { restoreReport, type RestoredSwapFacts, type RestoreReport } from '../../shared/backup/restore-report';
import type { ChannelRequest, ChannelResponse, SwapSummary } from '../../shared/ipc/channels';
import { RESTORE_BACKUP_MAX_BYTES } from '../../shared/ipc/restore-channels';
import type { SeedApi } from '../../shared/ipc/wallet-api';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { readBackupPlaintext } from './backup-restore';
import { swapsHeldIn, writeBackupInto } from './backup-contents';
import { BackedUpSwapSchema, type KeyValueStore } from './client-backup';
import { writeRestoreReport } from './restore-report-file';

export interface RestoreWalletDeps {
  readonly dataDir: string;
  /** The client backup's store of this data folder (electron-store / conf). */
  readonly kv: KeyValueStore;
  /** The signer opens the file with the backup key of the seed these words stand for (nothing stored). */
  readonly openWithWords: (file: Uint8Array, words: string) => Promise<Result<Uint8Array, AppError>>;
  readonly restoreSeed: SeedApi['restoreSeed'];
  readonly listSwaps: () => Promise<SwapSummary[]>;
  /** Stops the wallet, runs `write` while nothing holds the data folder, opens the wallet again and waits until its daemon runs. */
  readonly reopenAfter: <T>(write: () => T) => Promise<T>;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

type RestoreAnswer = ChannelResponse<'restore:run'>;

/** The backup's plaintext, checked with the words' seed; nothing is written. */
async function openedBackup(d: RestoreWalletDeps, req: ChannelRequest<'restore:run'>): Promise<Result<BackupPayload | null, AppError>> {
  if (!req.backup) return ok(null);
  const bytes = new Uint8Array(Buffer.from(req.backup.base64, 'base64'));
  if (bytes.length > RESTORE_BACKUP_MAX_BYTES) return err(appError('restore-too-large', `This file is ${bytes.length} bytes; a backup file is at most ${RESTORE_BACKUP_MAX_BYTES} bytes: choose fcswap-backup.enc.`));
  const header = readBackupHeader(bytes);
  if (!header.ok) return header;
  const opened = await d.openWithWords(bytes, req.words);
  if (!opened.ok) return opened;
  const p = readBackupPlaintext(opened.value);
  if (!p.ok) return p;
  const held = swapsHeldIn(d.dataDir, d.kv);
  if (held.length > 0) {
    return err(
      appError(
        'restore-not-empty',
        `Nothing was changed: this wallet's data folder (${d.dataDir}) already holds ${held.length} swap${held.length === 1 ? '' : 's'} (${held.map((s) => s.slice(0, 8)).join(', ')}), and a backup restores only into a folder with none, so two wallets' swaps never mix. Start the wallet on an empty data folder and restore there, or move this folder aside first.`,
      ),
    );
  }
  return ok(p.value);
}

/** What the reopened wallet knows of each of the backup's swaps (or, with the words alone, of the data folder's). */
function swapFacts(payload: BackupPayload | null, listed: readonly SwapSummary[]): RestoredSwapFacts[] {
  const byId = new Map(listed.map((s) => [s.swapId, s]));
  if (!payload) {
    return listed.map((s) => ({ swapId: s.swapId, role: s.role, inClientBackup: false, transcript: s.outcome !== 'damaged', outcome: s.outcome, stage: s.stage, locked: null }));
  }
  const transcripts = new Set(payload.files.flatMap((f) => /^daemon\/transcripts\/([0-9a-f]{32})\.fct$/.exec(f.path)?.[1] ?? []));
  return backupSwapIds(payload).map((swapId) => {
    const backedUp = BackedUpSwapSchema.safeParse(payload.client.swaps[swapId]);
    const s = byId.get(swapId);
    return {
      swapId,
      role: s?.role ?? (backedUp.success ? backedUp.data.deal.role : null),
      inClientBackup: backedUp.success,
      transcript: transcripts.has(swapId),
      outcome: s?.outcome ?? null,
      stage: s?.stage ?? null,
      locked: null,
    };
  });
}

export async function restoreWallet(d: RestoreWalletDeps, req: ChannelRequest<'restore:run'>): Promise<Result<RestoreAnswer, AppError>> {
  const now = d.now ?? Date.now;
  const log = d.log ?? (() => undefined);
  const payload = await openedBackup(d, req);
  if (!payload.ok) {
    log(`restore refused (${payload.error.kind}); nothing was changed`);
    return payload;
  }
  const seeded = await d.restoreSeed({ words: req.words });
  if (!seeded.ok) return seeded;
  if (payload.value) {
    const files = payload.value;
    const w = await d.reopenAfter(() => writeBackupInto(d.dataDir, d.kv, files));
    if (!w.ok) return err(appError(w.error.kind, `The seed is restored, but the backup's files are not: ${w.error.message}`));
    log(`restore: ${w.value.files} files of ${backupSwapIds(files).length} swap(s) written from the backup of ${new Date(files.writtenAt).toISOString()}; the wallet reopened on them`);
  }
  const report: RestoreReport = restoreReport({
    source: payload.value ? 'backup' : 'words',
    restoredAt: now(),
    backupWrittenAt: payload.value?.writtenAt ?? null,
    swaps: swapFacts(payload.value, await d.listSwaps()),
  });
  writeRestoreReport(d.dataDir, report);
  log(`restore report: ${report.headline}`);
  return ok({ status: seeded.value.status, outcome: seeded.value.outcome, report });
}
