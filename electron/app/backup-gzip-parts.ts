// The backup's plaintext, gzipped piece by piece so a file that did not change since the last backup
// costs nothing again: each carried file's JSON entry is its own gzip member, kept by its path, size
// and mtime; the head (format, time, client backup), the separators and the tail are gzipped fresh.
// Concatenated gzip members are one valid gzip stream of the concatenated JSON (RFC 1952; Node's gunzip
// reads every member), so the reader (backup-restore's readBackupPlaintext) is unchanged. Guards: a
// file written in the last 2 s is never cached (an mtime tick may hide a rewrite of the same size);
// entries of files gone from the data dir are dropped from the cache.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BACKUP_PAYLOAD_FORMAT } from '../../shared/backup/backup-payload';
import { backupClientPart, backupFileEntry, backupFilePaths } from './backup-contents';
import type { KeyValueStore } from './client-backup';

/** Files changed more recently than this are gzipped again each time. */
const SETTLED_MS = 2_000;
const COMMA = gzipSync(',');
const TAIL = gzipSync(']}');

export interface GzipParts {
  /** The gzipped plaintext of a backup of the data dir now, and how many files came from the cache. */
  gzipped(now?: number): { readonly bytes: Buffer; readonly reused: number; readonly compressed: number };
}

export function backupGzipParts(dataDir: string, kv: KeyValueStore): GzipParts {
  const cache = new Map<string, { key: string; gz: Buffer }>();
  return {
    gzipped(now = Date.now()) {
      const head = JSON.stringify({ format: BACKUP_PAYLOAD_FORMAT, writtenAt: now, client: backupClientPart(kv) });
      const parts: Buffer[] = [gzipSync(`${head.slice(0, -1)},"files":[`)];
      let reused = 0;
      let compressed = 0;
      const seen = new Set<string>();
      for (const rel of backupFilePaths(dataDir)) {
        let st: fs.Stats;
        try {
          st = fs.statSync(path.join(dataDir, rel));
        } catch {
          continue; // gone meanwhile
        }
        const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
        const hit = cache.get(rel);
        let gz: Buffer;
        if (hit && hit.key === key) {
          gz = hit.gz;
          reused++;
        } else {
          const entry = backupFileEntry(dataDir, rel);
          if (!entry) continue;
          gz = gzipSync(JSON.stringify(entry));
          compressed++;
          if (now - st.mtimeMs > SETTLED_MS) cache.set(rel, { key, gz });
          else cache.delete(rel);
        }
        if (seen.size > 0) parts.push(COMMA);
        seen.add(rel);
        parts.push(gz);
      }
      for (const rel of cache.keys()) if (!seen.has(rel)) cache.delete(rel);
      parts.push(TAIL);
      return { bytes: Buffer.concat(parts), reused, compressed };
    },
  };
}
