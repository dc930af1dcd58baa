// Writes the encrypted backup (`fcswap-backup.enc`) into the folder the person chose, after each
// checkpoint and each swap's outcome: the data dir's swap files and the client backup, sealed by the
// signer (the key never reaches this process). Guards: one write at a time, requests during a write
// coalesce into one more write after it (the newest state always lands); the file is replaced
// atomically (temp, fsync, rename), so the folder always holds a whole previous or a whole new backup;
// a failed write is logged and kept as `lastError`, and never stops a swap.
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_FILE_NAME } from '../../shared/backup/backup-file';
import { ok, type AppError, type Result } from '../../shared/result';
import { decodeAnswer } from '../signer/signer-client';
import type { SignerCore } from '../signer/signer-core';
import type { SignerRequest, SignerRequestKind, SignerValue } from '../signer/signer-protocol';
import { writeFileAtomic } from '../store/atomic-file';
import { backupGzipParts } from './backup-gzip-parts';
import type { KeyValueStore } from './client-backup';

/** The signer's two backup requests, as this process sees them: bytes in, bytes out, the key stays there. */
export interface BackupSealer {
  seal(payload: Uint8Array): Promise<Result<Uint8Array, AppError>>;
  open(file: Uint8Array): Promise<Result<Uint8Array, AppError>>;
}

type Request = <K extends SignerRequestKind>(body: Extract<SignerRequest, { kind: K }>) => Promise<Result<SignerValue<K>, AppError>>;

/** The sealer over any signer request function (the process client's `request`). */
export function backupSealerOver(request: Request): BackupSealer {
  return {
    async seal(payload) {
      const r = await request({ kind: 'backup-seal', payload: Buffer.from(payload).toString('base64') });
      return r.ok ? ok(new Uint8Array(Buffer.from(r.value.file, 'base64'))) : r;
    },
    async open(file) {
      const r = await request({ kind: 'backup-open', file: Buffer.from(file).toString('base64') });
      return r.ok ? ok(new Uint8Array(Buffer.from(r.value.payload, 'base64'))) : r;
    },
  };
}

/** The same signer core in this process (tests, the demo). */
export function inProcessBackupSealer(core: SignerCore): BackupSealer {
  let id = 0;
  return backupSealerOver(async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result));
}

export interface BackupWriterOptions {
  readonly dataDir: string;
  /** The folder the person chose (Settings.backupDir). */
  readonly dir: string;
  /** The client backup's store (electron-store / conf). */
  readonly kv: KeyValueStore;
  readonly sealer: BackupSealer;
  readonly log?: (line: string) => void;
}

export interface BackupWriter {
  /** Write soon (coalesced); `why` is for the log. */
  request(why: string): void;
  /** Resolves once no write is running or asked for (the file holds everything requested before the call). */
  idle(): Promise<void>;
  readonly file: string;
  lastWritten(): { readonly at: number; readonly bytes: number } | null;
  lastError(): string | null;
}

export function createBackupWriter(o: BackupWriterOptions): BackupWriter {
  const log = o.log ?? (() => undefined);
  const file = path.join(o.dir, BACKUP_FILE_NAME);
  let running: Promise<void> | null = null;
  let again = false;
  let written: { at: number; bytes: number } | null = null;
  let error: string | null = null;
  const parts = backupGzipParts(o.dataDir, o.kv);

  const writeOnce = async (): Promise<void> => {
    // gzip first: the transcripts' proofs and signatures are hex, and the sealed bytes no longer compress.
    // Piece by piece, each unchanged file's piece kept: a finished swap is not read or gzipped again.
    const gz = parts.gzipped();
    const payload = new Uint8Array(gz.bytes);
    const sealed = await o.sealer.seal(payload);
    if (!sealed.ok) throw new Error(`the signer did not seal it: ${sealed.error.message}`);
    fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, sealed.value);
    written = { at: Date.now(), bytes: sealed.value.length };
  };
  const loop = async (): Promise<void> => {
    do {
      again = false;
      try {
        await writeOnce();
        error = null;
      } catch (e) {
        error = `backup not written to ${file}: ${e instanceof Error ? e.message : String(e)}`;
        log(error);
      }
    } while (again);
    running = null;
  };
  return {
    file,
    request(why) {
      if (running) {
        again = true;
        return;
      }
      log(`backup: writing ${file} (${why})`);
      running = loop();
    },
    async idle() {
      while (running) await running;
    },
    lastWritten: () => written,
    lastError: () => error,
  };
}
