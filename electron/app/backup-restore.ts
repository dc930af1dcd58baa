// Restore from the encrypted backup: after the seed is back in the keychain (from its words), the
// backup file fills an empty data directory, and the wallet opened on it resumes every unfinished swap
// from the restored transcripts. Guards: the signer opens the file (the key never reaches this
// process), so a file of another seed, a newer format or changed bytes is refused with the signer's
// typed kind before anything is written; the plaintext is schema-checked (paths whitelisted); a data
// dir that already holds a swap is refused and left as it was.
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BackupPayloadSchema, backupSwapIds, type BackupPayload } from '../../shared/backup/backup-payload';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { writeBackupInto } from './backup-contents';
import type { BackupSealer } from './backup-writer';
import { fileKeyValueStore, type KeyValueStore } from './client-backup';

/** The largest plaintext a restore unpacks (far above any real wallet's; a bound on a hostile file's gzip). */
const MAX_PLAINTEXT = 1024 * 1024 * 1024;

export interface RestoredBackup {
  /** The swaps the backup held (each resumes when the wallet opens, unless it had ended). */
  readonly swapIds: readonly string[];
  readonly files: number;
  /** When the backup was written (ms): what happened after it is read again from the chains and the peer. */
  readonly writtenAt: number;
}

/**
 * Fills `dataDir` from `file` (a path or its bytes), opened by `signer`. `kv` is the client backup's
 * store of that data dir (default: conf's `client-backup.json` in it, the file electron-store also uses).
 */
export async function restoreFromBackup(dataDir: string, file: string | Uint8Array, signer: BackupSealer, kv: KeyValueStore = fileKeyValueStore(dataDir)): Promise<Result<RestoredBackup, AppError>> {
  let bytes: Uint8Array;
  try {
    bytes = typeof file === 'string' ? new Uint8Array(fs.readFileSync(file)) : file;
  } catch (e) {
    return err(appError('restore-io', `Cannot read the backup file ${String(file)}: ${e instanceof Error ? e.message : String(e)}`));
  }
  const opened = await signer.open(bytes);
  if (!opened.ok) return opened;
  const p = readBackupPlaintext(opened.value);
  if (!p.ok) return p;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const w = writeBackupInto(dataDir, kv, p.value);
  if (!w.ok) return w;
  return ok({ swapIds: backupSwapIds(p.value), files: w.value.files, writtenAt: p.value.writtenAt });
}

/** The plaintext of an opened backup (gzipped JSON, or plain JSON), schema-checked: nothing is written here. */
export function readBackupPlaintext(opened: Uint8Array): Result<BackupPayload, AppError<'backup-damaged'>> {
  let json: unknown;
  try {
    // The writer gzips the JSON; a plain JSON payload is read as it is.
    const plain = opened[0] === 0x1f && opened[1] === 0x8b ? gunzipSync(opened, { maxOutputLength: MAX_PLAINTEXT }) : opened;
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch {
    return err(appError('backup-damaged', 'The backup opened but its contents are not readable: use another copy of it.'));
  }
  const p = BackupPayloadSchema.safeParse(json);
  if (!p.success) return err(appError('backup-damaged', `The backup opened but its contents were refused (${p.error.issues[0]?.path.join('.') ?? ''}: ${p.error.issues[0]?.message ?? 'invalid'}): use another copy of it.`));
  return ok(p.data);
}
