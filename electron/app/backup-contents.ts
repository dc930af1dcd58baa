// What goes into the encrypted backup, read from a data directory, and how it goes back into one.
// Read: the client backup's fields and every file of the data dir a backup carries (transcripts and
// checkpoints, the client memos and XMR funding jobs, the peer identity and bound taker keys: the
// paths of shared/backup/backup-payload.ts). Write: those files, atomically, into a data dir that holds
// no swap yet. Guards: a path the payload schema did not accept is never written; a data dir that
// already holds a swap (a transcript, a memo or a backed-up swap) is refused and left untouched; a file
// that vanished while being read (a checkpoint replaced) is simply not in this backup.
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_PAYLOAD_FORMAT, isBackupPath, type BackupPayload } from '../../shared/backup/backup-payload';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { writeFileAtomic } from '../store/atomic-file';
import type { KeyValueStore } from './client-backup';

/** The folders (relative to the data dir) a backup reads; only files matching isBackupPath are taken. */
const BACKUP_DIRS = ['daemon/transcripts', 'daemon/checkpoints', 'daemon/peer', 'daemon/peer/takers', 'client', 'client/xmr-funding'];

function filesOf(dataDir: string, rel: string): string[] {
  try {
    return fs
      .readdirSync(path.join(dataDir, rel), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => `${rel}/${d.name}`)
      .filter(isBackupPath);
  } catch {
    return []; // no such folder yet
  }
}

/**
 * A transcript without its preallocated zeros: the store's reader treats everything past the last
 * non-zero byte as preallocation (record-frame-codec's scan), and a restored file that ends there is
 * grown again on the next append, so the restore reads exactly the records the file held.
 */
function withoutPreallocation(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
}

/** The paths (relative to the data dir) of every file a backup of it carries now, sorted. */
export function backupFilePaths(dataDir: string): string[] {
  return BACKUP_DIRS.flatMap((d) => filesOf(dataDir, d)).sort();
}

/** One file's entry as the payload carries it; null when it vanished meanwhile (an older checkpoint pruned). */
export function backupFileEntry(dataDir: string, rel: string): { path: string; base64: string } | null {
  try {
    const bytes = fs.readFileSync(path.join(dataDir, rel));
    return { path: rel, base64: (rel.endsWith('.fct') ? withoutPreallocation(bytes) : bytes).toString('base64') };
  } catch {
    return null; // the next backup has the new one
  }
}

/** The client backup's fields as the payload carries them. */
export function backupClientPart(kv: KeyValueStore): BackupPayload['client'] {
  const swaps = kv.get('swaps');
  const archived = kv.get('archived');
  const clientId = kv.get('clientId');
  const daemonId = kv.get('daemonId');
  return {
    clientId: typeof clientId === 'string' && /^[0-9a-f]{32}$/.test(clientId) ? clientId : null,
    daemonId: typeof daemonId === 'string' ? daemonId : null,
    swaps: typeof swaps === 'object' && swaps !== null ? Object.fromEntries(Object.entries(swaps).filter(([k]) => /^[0-9a-f]{32}$/.test(k))) : {},
    archived: Array.isArray(archived) ? archived.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{32}$/.test(x)) : [],
  };
}

/** The plaintext of a backup: the client backup and the data dir's files, as they are now. */
export function collectBackup(dataDir: string, kv: KeyValueStore, now = Date.now()): BackupPayload {
  const files = backupFilePaths(dataDir).flatMap((rel) => backupFileEntry(dataDir, rel) ?? []);
  return { format: BACKUP_PAYLOAD_FORMAT, writtenAt: now, client: backupClientPart(kv), files };
}

/** The swaps a data dir already holds (transcripts, memos, backed-up swaps): a restore must not mix with them. */
export function swapsHeldIn(dataDir: string, kv: KeyValueStore): string[] {
  const files = [...filesOf(dataDir, 'daemon/transcripts'), ...filesOf(dataDir, 'client')].map((f) => /([0-9a-f]{32})\.(fct|json)$/.exec(f)?.[1] ?? '');
  const swaps = kv.get('swaps');
  const backedUp = typeof swaps === 'object' && swaps !== null ? Object.keys(swaps) : [];
  return [...new Set([...files, ...backedUp])].filter(Boolean).sort();
}

/** Writes a backup's files and client backup into `dataDir`, which must hold no swap. */
export function writeBackupInto(dataDir: string, kv: KeyValueStore, p: BackupPayload): Result<{ files: number }, AppError<'restore-not-empty' | 'restore-io'>> {
  const held = swapsHeldIn(dataDir, kv);
  if (held.length > 0) {
    return err(appError('restore-not-empty', `The data folder ${dataDir} already holds ${held.length} swap(s) (${held.map((s) => s.slice(0, 8)).join(', ')}): restore into an empty data folder, or move this one aside first.`));
  }
  try {
    for (const f of p.files) {
      if (!isBackupPath(f.path)) throw new Error(`bug: an unchecked path reached the restore: ${f.path}`);
      const target = path.join(dataDir, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      writeFileAtomic(target, Buffer.from(f.base64, 'base64'));
    }
    if (p.client.clientId) kv.set('clientId', p.client.clientId);
    // The client belongs to the daemon of THIS data dir now (the backup names the old machine's).
    kv.set('daemonId', path.resolve(path.join(dataDir, 'daemon')));
    kv.set('swaps', p.client.swaps);
    kv.set('archived', p.client.archived);
    return ok({ files: p.files.length });
  } catch (e) {
    return err(appError('restore-io', `Could not write the restored files into ${dataDir}: ${e instanceof Error ? e.message : String(e)}. Free some space or fix the folder's permissions, empty it, and restore again.`));
  }
}
